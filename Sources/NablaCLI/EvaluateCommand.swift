import ArgumentParser
import Foundation
import Nabla

/// `nabla evaluate MODEL`: re-loads a model written by `nabla train` and reports its test accuracy.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Report a trained model's accuracy and confusion matrix on its dataset's test images.")

    @Argument(help: "A model.safetensors written by nabla train.") var model: String
    @Option(name: .customLong("data-dir"), help: "Directory holding the dataset's IDX files.") var dataDirectory: String?

    func run() throws {
        let trained = try TrainedModel(path: model)
        let test = try MNIST.load(trained.variant, split: .test, directory: dataDirectory.map { URL(fileURLWithPath: $0) })
        var matrix = ConfusionMatrix(classCount: trained.architecture.classCount, classNames: trained.classNames)
        try matrix.add(predictions: trained.network.predict(test.dataset.inputs), labels: test.dataset.targets)
        print("\(trained.architecture) on \(test.variant.displayName) test images (\(test.source.description)):")
        print(String(format: "test accuracy: %.2f%% (%d of %d images)\n", matrix.accuracy * 100,
                     Int((matrix.accuracy * Double(test.count)).rounded()), test.count))
        print(matrix)
    }
}
