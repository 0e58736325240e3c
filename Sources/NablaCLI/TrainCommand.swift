import ArgumentParser
import Foundation
import Nabla

/// `nabla train`: Nabla's main job. Trains a network on MNIST or Fashion-MNIST with minibatch gradient
/// descent, shows its progress, reports the test accuracy and confusion matrix, and writes the model,
/// a checkpoint to resume from, and the training curves.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network on Fashion-MNIST (default) or MNIST and report its test accuracy.",
        discussion: """
        Writes to the output directory: model.safetensors (the trained parameters), checkpoint.safetensors \
        (after every epoch; --resume continues from it), curves.svg (loss and accuracy per epoch) and \
        history.csv. Data is looked up in --data-dir, $NABLA_DATA/<name>, ~/.cache/nabla/<name> and \
        /usr/share/datasets/<name>, then downloaded; offline, a bundled sample of Fashion-MNIST is used.
        """
    )

    @Option(help: "fashion-mnist or mnist.") var dataset = "fashion-mnist"
    @Option(help: "mlp (784-256-128-10), mlp:<hidden sizes> (e.g. mlp:512,256), lenet, cnn (the TensorFlow tutorial's network) or resnet.") var model = "mlp"
    @Option(help: "Epochs.") var epochs = 10
    @Option(name: .customLong("batch-size"), help: "Minibatch size.") var batchSize = 64
    @Option(name: [.customLong("lr"), .customLong("learning-rate")], help: "Initial learning rate (decays along a cosine to 1/20 of it).") var learningRate = 1e-3
    @Option(help: "adam, adamw, sgd (with momentum 0.9), rmsprop or adagrad.") var optimizer = "adam"
    @Option(help: "Random seed: weights, shuffling, augmentation.") var seed: UInt64 = 1
    @Option(name: .customLong("data-dir"), help: "Directory holding the dataset's IDX files.") var dataDirectory: String?
    @Option(name: .customLong("output"), help: "Output directory (default: runs/<dataset>-<model>).") var outputDirectory: String?
    @Flag(help: "Continue from the output directory's checkpoint.") var resume = false
    @Flag(help: "Augment the training images with random shifts (±2 px) and small rotations (±10°).") var augment = false
    @Option(name: .customLong("limit"), help: "Use only the first N training images (quick experiments).") var limit: Int?
    @Option(name: .customLong("validation-split"),
            help: "Training images held out (chosen by --seed) for the per-epoch validation; default 5000, or a tenth of fewer than 50,000 images; 0 for none. The test set is used once, at the end.")
    var validationSplit: Int?

    func validate() throws {
        guard epochs > 0 else { throw ValidationError("--epochs must be positive") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--lr must be a positive number") }
        guard ["adam", "adamw", "sgd", "rmsprop", "adagrad"].contains(optimizer) else {
            throw ValidationError("--optimizer must be adam, adamw, sgd, rmsprop or adagrad, not '\(optimizer)'")
        }
        guard limit.map({ $0 > 0 }) ?? true else { throw ValidationError("--limit must be positive") }
        guard validationSplit.map({ $0 >= 0 }) ?? true else { throw ValidationError("--validation-split must not be negative") }
        _ = try ModelArchitecture(parsing: model)
        _ = try DatasetChoice(parsing: dataset)
    }

    func run() throws {
        let variant = try DatasetChoice(parsing: dataset).variant
        let architecture = try ModelArchitecture(parsing: model)
        let output = URL(fileURLWithPath: outputDirectory ?? "runs/\(variant.directoryName)-\(architecture.fileName)")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let (loaded, test) = try loadData(variant)
        let (training, validation) = try holdOutValidation(from: loaded)
        print("\(test.variant.displayName): \(training.count) training, \(validation?.count ?? 0) validation and \(test.count) test images")
        let title = "\(test.variant.displayName), \(architecture)"

        let network = RandomGenerator.seeded(seed) { architecture.makeModel() }
        print(network.summary(inputShape: architecture.inputShape))
        let optimizerInstance = makeOptimizer(network.trainableParameters())
        var configuration = trainingConfiguration(variant: test.variant, architecture: architecture, sampleCount: training.count)
        configuration["validation_samples"] = String(validation?.count ?? 0)
        let checkpointURL = output.appendingPathComponent("checkpoint.safetensors")
        let (initialEpoch, history) = resume
            ? try restore(from: checkpointURL, into: network, optimizer: optimizerInstance, configuration: configuration)
            : (0, History())

        // After every epoch: the checkpoint (with the history so far) and the curves. The run's randomness
        // comes from (seed, epoch), so the seed's generator is the random state to record.
        let saveCheckpoint = ModelCheckpoint { epoch, context in
            var metadata = configuration
            metadata["history"] = HistoryCoding.encode(context.history)
            try Checkpoint(model: network, optimizer: optimizerInstance, epoch: epoch, generator: RandomGenerator(seed: seed),
                           metadata: metadata).save(to: checkpointURL)
            try TrainingCurves.write(context.history, to: output.appendingPathComponent("curves.svg"), title: title)
        }
        let start = Date()
        if initialEpoch < epochs {
            let loader = DataLoader(training, batchSize: batchSize, shuffle: true, seed: seed,
                                    augmentation: augment ? ImageAugmentation(maxShift: 2, maxRotation: 10) : nil)
            try network.fit(
                loader, epochs: epochs, initialEpoch: initialEpoch, history: history, optimizer: optimizerInstance,
                loss: .crossEntropy, metrics: [.accuracy], validation: validation,
                callbacks: [LearningRateScheduler(CosineAnnealing(epochs: epochs, minimum: learningRate / 20), initialLearningRate: learningRate),
                            CSVLogger(url: output.appendingPathComponent("history.csv")), saveCheckpoint])
            let seconds = Date().timeIntervalSince(start)
            print(String(format: "\ntrained %d epochs in %.1f s (%.2f s per epoch)", epochs - initialEpoch, seconds, seconds / Double(epochs - initialEpoch)))
        }

        try network.save(to: output.appendingPathComponent("model.safetensors"), metadata: configuration)
        if let error = saveCheckpoint.lastError {
            throw CommandFailure("the model was saved, but writing the checkpoint or the curves failed: \(error)")
        }
        try report(network, on: test, classCount: architecture.classCount)
        print("wrote \(output.path)/model.safetensors, checkpoint.safetensors, curves.svg, history.csv")
    }

    /// The training images (the first `--limit` of them, if given) and the test images.
    private func loadData(_ variant: MNISTVariant) throws -> (training: any Dataset, test: MNISTData) {
        let directory = dataDirectory.map { URL(fileURLWithPath: $0) }
        let training = try MNIST.load(variant, split: .train, directory: directory)
        let test = try MNIST.load(variant, split: .test, directory: directory)
        let trainingSet: any Dataset = limit.map { limit in
            DatasetSubset(training, indices: Array(0..<Swift.min(limit, training.count)))
        } ?? training
        print("\(training.variant.displayName) (\(training.source.description))")
        return (trainingSet, test)
    }

    /// The training images without the validation split, and the split (drawn with `--seed`), or `nil`
    /// for `--validation-split 0`.
    private func holdOutValidation(from training: any Dataset) throws -> (training: any Dataset, validation: (any Dataset)?) {
        let count = validationSplit ?? Swift.min(5000, training.count / 10)
        guard count > 0 else { return (training, nil) }
        guard count < training.count else {
            throw CommandFailure("--validation-split \(count) leaves no training images: there are \(training.count)")
        }
        let parts = training.split(validationFraction: Double(count) / Double(training.count), seed: seed)
        return (parts.training, parts.validation)
    }

    /// Puts the checkpoint's parameters and optimiser state in place; returns the epoch to go on from
    /// and the history so far.
    private func restore(from url: URL, into network: Module, optimizer: any Optimizer,
                         configuration: [String: String]) throws -> (initialEpoch: Int, history: History) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CommandFailure("--resume: no checkpoint at \(url.path)")
        }
        let checkpoint = try Checkpoint.load(from: url)
        try checkConfiguration(of: checkpoint, against: configuration, at: url)
        try checkpoint.restore(into: network, optimizer: optimizer)
        let history = try HistoryCoding.decode(checkpoint.metadata["history"] ?? "[]", source: url.path)
        let next = checkpoint.epoch + 1
        print(next >= epochs ? "The checkpoint is already at epoch \(next) of \(epochs); nothing left to train."
                             : "Resuming after epoch \(next) of \(epochs) from \(url.path)")
        return (next, history)
    }

    /// The test accuracy and the confusion matrix.
    private func report(_ network: any Layer, on test: MNISTData, classCount: Int) throws {
        var matrix = ConfusionMatrix(classCount: classCount, classNames: test.variant.classNames)
        try matrix.add(predictions: network.predict(test.dataset.inputs), labels: test.dataset.targets)
        print(String(format: "\ntest accuracy: %.2f%% (%d of %d images)", matrix.accuracy * 100,
                     Int((matrix.accuracy * Double(test.count)).rounded()), test.count))
        print("\nconfusion matrix (rows: true class, columns: predicted):\n\(matrix)\n")
    }

    private func makeOptimizer(_ parameters: [Parameter]) -> any Optimizer {
        switch optimizer {
        case "adamw": AdamW(parameters, learningRate: learningRate)
        case "sgd": SGD(parameters, learningRate: learningRate, momentum: 0.9)
        case "rmsprop": RMSProp(parameters, learningRate: learningRate)
        case "adagrad": Adagrad(parameters, learningRate: learningRate)
        default: Adam(parameters, learningRate: learningRate)
        }
    }

    /// What a checkpoint must agree on to be resumed, also stored in the model file.
    private func trainingConfiguration(variant: MNISTVariant, architecture: ModelArchitecture, sampleCount: Int) -> [String: String] {
        ["dataset": variant.directoryName, "model": architecture.description, "optimizer": optimizer,
         "learning_rate": String(learningRate), "batch_size": String(batchSize), "seed": String(seed),
         "epochs": String(epochs), "augment": String(augment), "training_samples": String(sampleCount),
         "classes": variant.classNames.joined(separator: "|")]
    }

    private func checkConfiguration(of checkpoint: Checkpoint, against configuration: [String: String], at url: URL) throws {
        let differences = configuration.keys.sorted().compactMap { key -> String? in
            let stored = checkpoint.metadata[key] ?? "(none)"
            return stored == configuration[key] ? nil : "\(key) is \(stored) in the checkpoint but \(configuration[key]!) now"
        }
        if !differences.isEmpty {
            throw CommandFailure("--resume: \(url.path) was made with other settings: " + differences.joined(separator: "; "))
        }
    }
}

/// The datasets `train` accepts by name.
struct DatasetChoice {
    let variant: MNISTVariant

    init(parsing name: String) throws {
        switch name.lowercased() {
        case "fashion-mnist", "fashionmnist", "fashion": variant = .fashionMNIST
        case "mnist": variant = .mnist
        default: throw CommandFailure("unknown dataset '\(name)': use fashion-mnist or mnist")
        }
    }
}

extension MNISTSource {
    var description: String {
        switch self {
        case .directory(let url): "from \(url.path)"
        case .bundledSample: "the bundled sample"
        }
    }
}

/// History as JSON text, for checkpoint metadata. JSON has no NaN or infinity, so non-finite values
/// (a diverged validation loss) are written as the strings "nan", "inf" and "-inf".
enum HistoryCoding {
    static func encode(_ history: History) -> String {
        let rows = history.epochs.map { row in
            row.mapValues { value -> Any in value.isFinite ? value : (value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf")) }
        }
        guard let data = try? JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys]) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String, source: String) throws -> History {
        guard let rows = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
            throw CommandFailure("\(source): the training history in the checkpoint is not readable")
        }
        return History(epochs: try rows.map { row in
            try row.mapValues { value -> Double in
                switch value {
                case let number as NSNumber: return number.doubleValue
                case let text as String where ["nan", "inf", "-inf"].contains(text): return Double(text)!
                default: throw CommandFailure("\(source): the training history in the checkpoint holds \(value), not a number")
                }
            }
        })
    }
}
