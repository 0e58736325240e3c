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
        history.csv. With --distributed, under mpirun or srun, the ranks train one model together (data \
        parallel, --batch-size being the global batch) and rank 0 alone prints and writes the files. \
        Data is looked up in --data-dir, $NABLA_DATA/<name>, ~/.cache/nabla/<name> and \
        /usr/share/datasets/<name>, then downloaded; offline, a bundled sample of Fashion-MNIST is used.
        """
    )

    @Option(help: "fashion-mnist or mnist.") var dataset = "fashion-mnist"
    @Option(help: "mlp (784-256-128-10), mlp:<hidden sizes> (e.g. mlp:512,256), lenet, cnn (the TensorFlow tutorial's network), resnet (or resnet:1,1,2 for more residual blocks per stage), or a recurrent network reading the image row by row: rnn, lstm, gru (two layers of 128) or bilstm (one of 128 each way), with optional sizes (lstm:256, gru:128,128).") var model = "mlp"
    @Option(parsing: .unconditional, help: "Epochs.") var epochs = 10
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Minibatch size.") var batchSize = 64
    @Option(name: [.customLong("lr"), .customLong("learning-rate")], parsing: .unconditional, help: "Initial learning rate (changed every epoch as --schedule says).") var learningRate = 1e-3
    @Option(help: "Learning-rate schedule: cosine (from --lr down to 1/20 of it along a cosine), step (divided by 10 after each third of the epochs) or constant.")
    var schedule = "cosine"
    @Option(help: "adam, adamw, sgd (with momentum 0.9), rmsprop or adagrad.") var optimizer = "adam"
    @Option(name: .customLong("weight-decay"), parsing: .unconditional,
            help: "Weight decay λ: added as λ·w to the gradient (sgd, adam, rmsprop, adagrad; L2 regularisation) or decoupled (adamw, whose default is 0.01).")
    var weightDecay: Double?
    @Flag(help: "Nesterov momentum (with --optimizer sgd).") var nesterov = false
    @Option(name: .customLong("label-smoothing"), parsing: .unconditional,
            help: "Label smoothing ε of the cross-entropy: the target is (1 - ε)·onehot + ε/10.") var labelSmoothing = 0.0
    @Option(parsing: .unconditional, help: "Random seed: weights, shuffling, augmentation.") var seed: UInt64 = 1
    @Option(name: .customLong("data-dir"), help: "Directory holding the dataset's IDX files.") var dataDirectory: String?
    @Option(name: .customLong("output"), help: "Output directory (default: runs/<dataset>-<model>).") var outputDirectory: String?
    @Flag(help: "Continue from the output directory's checkpoint.") var resume = false
    @Flag(help: "Augment the training images with random shifts (±2 px), small rotations (±10°, see --rotation) and, for Fashion-MNIST only, horizontal flips (garments look alike mirrored, digits do not).")
    var augment = false
    @Option(parsing: .unconditional, help: "With --augment: the largest rotation in degrees (0 for none).") var rotation = 10.0
    @Option(parsing: .unconditional, help: "With --augment: the probability of random erasing, a rectangle of 2–33% of the image set to black.") var erase = 0.0
    @Option(name: .customLong("limit"), parsing: .unconditional, help: "Use only the first N training images (quick experiments).") var limit: Int?
    @Option(name: .customLong("validation-split"), parsing: .unconditional,
            help: "Training images held out (chosen by --seed) for the per-epoch validation; default 5000, or a tenth of fewer than 50,000 images; 0 for none. The test set is used once, at the end.")
    var validationSplit: Int?
    @Flag(help: "Data-parallel training over MPI, one rank per process: run as mpirun -np 4 nabla train --distributed ... (see docs/Distributed.md). --batch-size is the global batch, split among the ranks.")
    var distributed = false

    func validate() throws {
        try OptionCheck.positive(epochs, "--epochs")
        try OptionCheck.positive(batchSize, "--batch-size")
        try OptionCheck.positive(learningRate, "--lr")
        guard ["adam", "adamw", "sgd", "rmsprop", "adagrad"].contains(optimizer) else {
            throw ValidationError("--optimizer must be adam, adamw, sgd, rmsprop or adagrad, not '\(optimizer)'")
        }
        guard ["cosine", "step", "constant"].contains(schedule) else {
            throw ValidationError("--schedule must be cosine, step or constant, not '\(schedule)'")
        }
        if let weightDecay { try OptionCheck.within(weightDecay, 0...1, "--weight-decay") }
        guard !nesterov || optimizer == "sgd" else { throw ValidationError("--nesterov is for --optimizer sgd, not \(optimizer)") }
        try OptionCheck.within(labelSmoothing, 0...1, "--label-smoothing")
        try OptionCheck.within(rotation, 0...180, "--rotation")
        try OptionCheck.within(erase, 0...1, "--erase")
        if !augment && (rotation != 10 || erase != 0) { throw ValidationError("--rotation and --erase shape --augment; add --augment") }
        if let limit { try OptionCheck.positive(limit, "--limit") }
        if let validationSplit { try OptionCheck.nonNegative(validationSplit, "--validation-split") }
        try OptionCheck.parses { _ = try ModelArchitecture(parsing: model) }
        try OptionCheck.parses { _ = try DatasetChoice(parsing: dataset) }
    }

    /// The values of settings that checkpoints made before their options existed lack.
    private static let settingsBeforeTheirOptions = ["schedule": "cosine", "ranks": "1", "weight_decay": "default", "nesterov": "false",
                                                     "label_smoothing": "0.0", "rotation": "10.0", "erase": "0.0"]

    /// The files a run writes into its output directory.
    static let outputFiles = ["model.safetensors", "checkpoint.safetensors", "curves.svg", "history.csv"]

    func run() throws {
        let launched = DistributedLaunch.processCount
        guard distributed else {
            guard launched == 1 else {
                throw CommandFailure("this is one of \(launched) MPI processes but --distributed is not given: each would train alone and overwrite the others' files; add --distributed")
            }
            return try train(job: nil)
        }
        let job = try DistributedLaunch.start()
        do {
            guard batchSize >= job.size else {
                throw CommandFailure("--batch-size \(batchSize) is smaller than the \(job.size) ranks: every rank needs at least one sample of each batch")
            }
            try train(job: job)
        } catch {
            job.abort("\(error)")
        }
        job.finish()
    }

    /// Trains in this process alone (`job` nil) or as one rank of `job`.
    private func train(job: (any DistributedJob)?) throws {
        // Rank 0 prints and writes the files; the other ranks train silently.
        let isLeader = (job?.rank ?? 0) == 0
        let say: (String) -> Void = isLeader ? { print($0) } : { _ in }
        let variant = try DatasetChoice(parsing: dataset).variant
        let architecture = try ModelArchitecture(parsing: model)
        let output = URL(fileURLWithPath: outputDirectory ?? "runs/\(variant.directoryName)-\(architecture.fileName)")
        let checkpointURL = output.appendingPathComponent("checkpoint.safetensors")
        if resume, let problem = PathCheck.problemReading(checkpointURL) {
            throw CommandFailure(PathCheck.kind(of: checkpointURL) == .missing ? "--resume: no checkpoint at \(checkpointURL.path)"
                                                                               : "--resume: \(checkpointURL.path): \(problem)")
        }
        // Before any training: an output that cannot be written is reported now, not after the last epoch.
        if isLeader {
            try PathCheck.prepareOutputDirectory(output, fileNames: Self.outputFiles)
            for name in Self.outputFiles { AtomicFile.removeStaleTemporaryFiles(of: output.appendingPathComponent(name)) }
        }
        let (loaded, test) = try loadData(variant, say: say)
        let (training, validation) = try holdOutValidation(from: loaded)
        if let job { say("distributed: \(job.size) rank\(job.size == 1 ? "" : "s"), global batch \(batchSize) (\(batchSize / job.size)\(batchSize % job.size == 0 ? "" : " or \(batchSize / job.size + 1)") per rank)") }
        say("\(test.variant.displayName): \(training.count) training, \(validation?.count ?? 0) validation and \(test.count) test images")
        let title = "\(test.variant.displayName), \(architecture)"

        let network = RandomGenerator.seeded(seed) { architecture.makeModel() }
        say("\(network.summary(inputShape: architecture.inputShape))")
        let optimizerInstance = makeOptimizer(network.trainableParameters())
        var configuration = trainingConfiguration(variant: test.variant, architecture: architecture, sampleCount: training.count)
        configuration["validation_samples"] = String(validation?.count ?? 0)
        configuration["ranks"] = String(job?.size ?? 1)
        let curvesURL = output.appendingPathComponent("curves.svg")
        var (initialEpoch, history, learningRates) = (0, History(), [Double]())
        if resume {
            // Every rank reads the checkpoint (on several hosts, from a shared file system).
            (initialEpoch, history, learningRates) = try restore(from: checkpointURL, into: network, optimizer: optimizerInstance,
                                                                 configuration: configuration, say: say)
            // The curves and history.csv (rewritten when training begins) are brought in line with the checkpoint,
            // whatever an interrupted run left.
            if isLeader { try TrainingCurves.write(history, to: curvesURL, title: title) }
        }

        // After every epoch: the checkpoint (with the history and learning rates so far), then the curves,
        // then history.csv, so that neither is ever ahead of the checkpoint. The run's randomness comes
        // from (seed, epoch), so the seed's generator is the random state to record.
        let saveCheckpoint = ModelCheckpoint { epoch, context in
            learningRates.append(context.optimizer.learningRate)
            var metadata = configuration
            metadata["history"] = HistoryCoding.encode(context.history, learningRates: learningRates)
            try Checkpoint(model: network, optimizer: optimizerInstance, epoch: epoch, generator: RandomGenerator(seed: seed),
                           metadata: metadata).save(to: checkpointURL)
            try TrainingCurves.write(context.history, to: curvesURL, title: title)
        }
        let start = Date()
        let loader = DataLoader(training, batchSize: batchSize, shuffle: true, seed: seed,
                                augmentation: augment ? ImageAugmentation(maxShift: 2, maxRotation: rotation, horizontalFlip: variant.keepsClassWhenMirrored,
                                                                          erasingProbability: erase) : nil,
                                sampler: job?.sampler)
        if let job {
            // Ranks started differently would split the data wrongly or match buffers of different lengths in
            // an all-reduce: compared before the first training collective.
            let gradientBytes = network.trainableParameters().reduce(0) { $0 + $1.value.count * $1.value.dtype.byteSize }
            job.checkAlike(rankSettings(dataSource: test.source, trainingCount: training.count, validationCount: validation?.count ?? 0)
                           + [("batches per epoch", String(loader.batchCount)), ("gradient bytes", String(gradientBytes))])
        }
        let files: [any Callback] = isLeader ? [saveCheckpoint, CSVLogger(url: output.appendingPathComponent("history.csv"), learningRates: learningRates)] : []
        try network.fit(
            loader, epochs: epochs, initialEpoch: initialEpoch, history: history, optimizer: optimizerInstance,
            loss: .crossEntropy(labelSmoothing: labelSmoothing), metrics: [.accuracy], validation: validation,
            callbacks: (try job.map { [try $0.callback(for: loader)] } ?? []) + learningRateScheduler() + files, verbose: isLeader)
        if let line = try job?.finishTraining(network) { say(line) }
        guard isLeader else { return }
        if initialEpoch < epochs {
            let seconds = Date().timeIntervalSince(start)
            let epochCount = epochs - initialEpoch
            // With --distributed, the progress bar counts rank 0's samples; this line counts all ranks'.
            print(String(format: "\ntrained %d epochs in %.1f s (%.2f s per epoch, %.0f samples/s)", epochCount, seconds, seconds / Double(epochCount),
                         Double(training.count * epochCount) / seconds))
        }

        try network.save(to: output.appendingPathComponent("model.safetensors"), metadata: configuration)
        if let error = saveCheckpoint.lastError {
            throw CommandFailure("the model was saved, but writing the checkpoint or the curves failed: \(error)")
        }
        try report(network, on: test, classCount: architecture.classCount)
        print("wrote \(output.path)/model.safetensors, checkpoint.safetensors, curves.svg, history.csv")
    }

    /// The training images (the first `--limit` of them, if given) and the test images.
    private func loadData(_ variant: MNISTVariant, say: (String) -> Void) throws -> (training: any Dataset, test: MNISTData) {
        let directory = dataDirectory.map { URL(fileURLWithPath: $0) }
        let training = try MNIST.load(variant, split: .train, directory: directory)
        let test = try MNIST.load(variant, split: .test, directory: directory)
        let trainingSet: any Dataset = limit.map { limit in
            DatasetSubset(training, indices: Array(0..<Swift.min(limit, training.count)))
        } ?? training
        say("\(training.variant.displayName) (\(training.source.description))")
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

    /// Puts the checkpoint's parameters and optimiser state in place; returns the epoch to go on from,
    /// the history so far and its learning rates.
    private func restore(from url: URL, into network: Module, optimizer: any Optimizer,
                         configuration: [String: String], say: (String) -> Void) throws -> (initialEpoch: Int, history: History, learningRates: [Double]) {
        let checkpoint = try Checkpoint.load(from: url)
        try checkConfiguration(of: checkpoint, against: configuration, at: url)
        guard checkpoint.epoch < epochs else {
            throw CommandFailure("--resume: \(url.path) was taken after epoch \(checkpoint.epoch + 1), but the run has \(epochs) epochs")
        }
        let (history, learningRates) = try HistoryCoding.decode(checkpoint.metadata["history"] ?? "[]", source: url.path)
        guard history.epochs.count == checkpoint.epoch + 1 else {
            throw CommandFailure("--resume: \(url.path) was taken after epoch \(checkpoint.epoch + 1), but its history holds \(history.epochs.count) epochs")
        }
        try checkpoint.restore(into: network, optimizer: optimizer)
        let next = checkpoint.epoch + 1
        say(next >= epochs ? "The checkpoint is already at epoch \(next) of \(epochs); nothing left to train."
                             : "Resuming after epoch \(next) of \(epochs) from \(url.path)")
        return (next, history, learningRates)
    }

    /// The test accuracy and the confusion matrix.
    private func report(_ network: any Layer, on test: MNISTData, classCount: Int) throws {
        var matrix = ConfusionMatrix(classCount: classCount, classNames: test.variant.classNames)
        try matrix.add(predictions: network.predict(test.dataset.inputs), labels: test.dataset.targets)
        print(String(format: "\ntest accuracy: %.2f%% (%d of %d images)", matrix.accuracy * 100,
                     Int((matrix.accuracy * Double(test.count)).rounded()), test.count))
        print("\nconfusion matrix (rows: true class, columns: predicted):\n\(matrix)\n")
    }

    /// The callback that applies `--schedule` from `--lr`, none for a constant rate.
    private func learningRateScheduler() -> [any Callback] {
        switch schedule {
        case "step": [LearningRateScheduler(StepDecay(stepSize: (epochs + 2) / 3, gamma: 0.1), initialLearningRate: learningRate)]
        case "constant": []
        default: [LearningRateScheduler(CosineAnnealing(epochs: epochs, minimum: learningRate / 20), initialLearningRate: learningRate)]
        }
    }

    private func makeOptimizer(_ parameters: [Parameter]) -> any Optimizer {
        let decay = weightDecay ?? 0
        return switch optimizer {
        case "adamw": weightDecay.map { AdamW(parameters, learningRate: learningRate, weightDecay: $0) } ?? AdamW(parameters, learningRate: learningRate)
        case "sgd": SGD(parameters, learningRate: learningRate, momentum: 0.9, nesterov: nesterov, weightDecay: decay)
        case "rmsprop": RMSProp(parameters, learningRate: learningRate, weightDecay: decay)
        case "adagrad": Adagrad(parameters, learningRate: learningRate, weightDecay: decay)
        default: Adam(parameters, learningRate: learningRate, weightDecay: decay)
        }
    }

    /// What every rank of a `--distributed` job must agree on: its flags (those that change the data, the
    /// model or the steps) and the data it loaded.
    private func rankSettings(dataSource: MNISTSource, trainingCount: Int, validationCount: Int) -> [(label: String, value: String)] {
        let source = switch dataSource {
        case .directory: "image files"
        case .bundledSample: "the bundled sample"
        }
        return [("--dataset", dataset), ("--model", model), ("--seed", String(seed)), ("--limit", limit.map(String.init) ?? "none"),
                ("--validation-split", validationSplit.map(String.init) ?? "default"), ("--batch-size", String(batchSize)),
                ("--optimizer", optimizer), ("--lr", String(learningRate)), ("--schedule", schedule), ("--epochs", String(epochs)),
                ("--weight-decay", weightDecay.map { String($0) } ?? "default"), ("--nesterov", String(nesterov)),
                ("--label-smoothing", String(labelSmoothing)), ("--rotation", String(rotation)), ("--erase", String(erase)),
                ("--augment", String(augment)), ("--resume", String(resume)), ("training data", source),
                ("training samples", String(trainingCount)), ("validation samples", String(validationCount))]
    }

    /// What a checkpoint must agree on to be resumed, also stored in the model file.
    private func trainingConfiguration(variant: MNISTVariant, architecture: ModelArchitecture, sampleCount: Int) -> [String: String] {
        ["dataset": variant.directoryName, "model": architecture.description, "optimizer": optimizer,
         "learning_rate": String(learningRate), "schedule": schedule, "batch_size": String(batchSize), "seed": String(seed),
         "epochs": String(epochs), "augment": String(augment), "training_samples": String(sampleCount),
         "weight_decay": weightDecay.map { String($0) } ?? "default", "nesterov": String(nesterov), "label_smoothing": String(labelSmoothing),
         "rotation": String(rotation), "erase": String(erase),
         "classes": variant.classNames.joined(separator: "|")]
    }

    private func checkConfiguration(of checkpoint: Checkpoint, against configuration: [String: String], at url: URL) throws {
        let differences = configuration.keys.sorted().compactMap { key -> String? in
            // Checkpoints from before these options existed were made with their defaults.
            let stored = checkpoint.metadata[key] ?? Self.settingsBeforeTheirOptions[key] ?? "(none)"
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
