import Nabla

/// Trains a `CharacterLanguageModel` with truncated backpropagation through time and measures it on
/// held-out text.
///
/// The windows are read as `batchSize` long streams (`NextCharacterDataset.streamBatches`): batch j + 1
/// continues every stream where batch j stopped, so the LSTM's final state of one batch, detached from
/// the graph, is the initial state of the next. Each batch is thus one block of TBPTT(k1 = k2 = T): T
/// steps forward, the gradient back through the same T steps, the state carried on. The model sees
/// context beyond the window while the cost of a step stays that of T characters. The gradient's
/// global norm is clipped to `maximumGradientNorm` before each Adam step.
///
/// ```swift
/// let trainer = CharacterModelTrainer(model: model, learningRate: 2e-3, batchSize: 32)
/// let nats = try trainer.trainEpoch(trainingWindows)
/// let heldOutBits = CharacterStatistics.bitsPerCharacter(meanCrossEntropy: try trainer.evaluate(heldOutWindows))
/// ```
public final class CharacterModelTrainer {
    /// The model being trained.
    public let model: CharacterLanguageModel
    /// Adam over the model's parameters.
    public let optimizer: Adam
    /// The streams read side by side.
    public let batchSize: Int
    /// The largest global gradient norm let through (clipping by norm).
    public let maximumGradientNorm: Double

    /// A trainer with Adam at `learningRate`, `batchSize` streams and clipping at `maximumGradientNorm`.
    public init(model: CharacterLanguageModel, learningRate: Double = 2e-3, batchSize: Int = 32, maximumGradientNorm: Double = 5) {
        guard batchSize > 0 && learningRate > 0 && maximumGradientNorm > 0 else { fatalError("CharacterModelTrainer: batchSize, learningRate and maximumGradientNorm must be positive") }
        self.model = model
        optimizer = Adam(model.trainableParameters(), learningRate: learningRate)
        self.batchSize = batchSize
        self.maximumGradientNorm = maximumGradientNorm
    }

    /// One pass over `windows`; `progress` is called after each batch with its number, the batch count and
    /// the batch's cross-entropy. Returns the mean training cross-entropy in nats per character.
    @discardableResult
    public func trainEpoch(_ windows: NextCharacterDataset, progress: ((Int, Int, Double) -> Void)? = nil) throws -> Double {
        let batches = windows.streamBatches(batchSize: Swift.min(batchSize, windows.count))
        model.train()
        var state: RecurrentState?
        var total = 0.0
        for (number, indices) in batches.enumerated() {
            let (inputs, targets) = windows.batch(at: indices)
            optimizer.zeroGrad()
            let (logits, final) = model.run(inputs, state: state?.detached())
            let loss = try model.crossEntropy(logits: logits, targets: targets)
            try loss.backward()
            GradientClipping.clipNorm(optimizer.parameters, maxNorm: maximumGradientNorm)
            optimizer.step()
            state = final.detached()
            total += loss.item
            progress?(number + 1, batches.count, loss.item)
        }
        return total / Double(Swift.max(batches.count, 1))
    }

    /// The mean cross-entropy in nats per character on `windows`, read as streams with the state carried
    /// from batch to batch, without gradients (the windows left over after equal streams are not scored).
    public func evaluate(_ windows: NextCharacterDataset) throws -> Double {
        let batches = windows.streamBatches(batchSize: Swift.min(batchSize, windows.count))
        model.eval()
        defer { model.train() }
        var state: RecurrentState?
        var total = 0.0
        try withoutGradients {
            for indices in batches {
                let (inputs, targets) = windows.batch(at: indices)
                let (logits, final) = model.run(inputs, state: state)
                total += try model.crossEntropy(logits: logits, targets: targets).item
                state = final
            }
        }
        return total / Double(Swift.max(batches.count, 1))
    }
}
