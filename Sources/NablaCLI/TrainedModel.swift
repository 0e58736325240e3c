import Foundation
import Nabla

/// A model file written by `nabla train`, rebuilt from the settings in its metadata and loaded.
///
/// The metadata is checked against the tensors in the file before the network is built: an `mlp:`
/// architecture may not need more than twice the values the file holds (a short file naming huge
/// layers must not make Nabla allocate them), and the class names must be one per output.
struct TrainedModel {
    let network: Sequential
    let architecture: ModelArchitecture
    let variant: MNISTVariant
    let classNames: [String]

    /// Reads `path`, rebuilds the network its metadata describes and loads the parameters into it.
    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        let (tensors, metadata) = try SafeTensors.read(from: url)
        guard let modelName = metadata["model"], let datasetName = metadata["dataset"] else {
            throw CommandFailure("\(path): not a model written by nabla train (its metadata lacks 'model' and 'dataset')")
        }
        do {
            architecture = try ModelArchitecture(parsing: modelName)
            variant = try DatasetChoice(parsing: datasetName).variant
        } catch {
            throw CommandFailure("\(path): metadata: \(error)")
        }
        classNames = metadata["classes"].map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) } ?? variant.classNames
        guard classNames.count == architecture.classCount else {
            throw CommandFailure("\(path): metadata 'classes' names \(classNames.count) classes; the model has \(architecture.classCount) outputs")
        }
        try Self.checkLayerSizes(of: architecture, against: tensors, path: path)
        network = architecture.makeModel()
        do {
            try network.loadParameters(tensors)
        } catch {
            throw CommandFailure("\(path): the parameters do not fit the model \(architecture): \(error)")
        }
        network.eval()
    }

    /// For an `mlp:` architecture, checks that the network the metadata names is not more than twice
    /// the size of the values in the file, before that network is built: a short file naming huge
    /// layers is refused here, and any smaller mismatch is listed in full by `loadParameters`.
    private static func checkLayerSizes(of architecture: ModelArchitecture, against tensors: [String: Tensor], path: String) throws {
        guard case .mlp(let hiddenSizes) = architecture.kind else { return }
        let sizes = [architecture.inputShape.reduce(1, *)] + hiddenSizes + [architecture.classCount]
        // Within ModelArchitecture's bounds (at most 2²⁷ parameters), so these sums cannot overflow.
        let needed = zip(sizes, sizes.dropFirst()).reduce(0) { $0 + $1.1 * ($1.0 + 1) }   // Linear(in, out): out·(in + 1)
        let stored = tensors.values.reduce(0) { $0 + $1.count }
        guard needed <= 2 * stored else {
            throw CommandFailure("\(path): metadata 'model' is \(architecture), a network of \(needed) parameters, more than twice the \(stored) values the file holds")
        }
    }
}
