import Foundation
import Nabla

/// A model file written by `nabla train`, rebuilt from the settings in its metadata and loaded.
struct TrainedModel {
    let network: Sequential
    let architecture: ModelArchitecture
    let variant: MNISTVariant
    let classNames: [String]

    /// Reads `path`, rebuilds the network its metadata describes and loads the parameters into it.
    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw CommandFailure("\(path): no such file") }
        let (tensors, metadata) = try SafeTensors.read(from: url)
        guard let modelName = metadata["model"], let datasetName = metadata["dataset"] else {
            throw CommandFailure("\(path): not a model written by nabla train (its metadata lacks 'model' and 'dataset')")
        }
        architecture = try ModelArchitecture(parsing: modelName)
        variant = try DatasetChoice(parsing: datasetName).variant
        classNames = metadata["classes"].map { $0.split(separator: "|").map(String.init) } ?? variant.classNames
        network = architecture.makeModel()
        do {
            try network.loadParameters(tensors)
        } catch {
            throw CommandFailure("\(path): the parameters do not fit the model \(architecture): \(error)")
        }
        network.eval()
    }
}
