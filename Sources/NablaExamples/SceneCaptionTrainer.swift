import Foundation
import Nabla

/// Trains a `SceneCaptioner` with teacher forcing on scenes composed on the fly, and scores it.
///
/// An epoch is a list of scenes (fresh ones each epoch, drawn by the caller) in minibatches; each
/// step minimises the mean cross-entropy per caption token with Adam, gradients clipped to
/// `maximumGradientNorm` in global norm.
///
/// ```swift
/// let trainer = SceneCaptionTrainer(model: model, learningRate: 2e-3, batchSize: 64)
/// let loss = try trainer.trainEpoch(composer.randomScenes(count: 20_000, seed: epoch), composer: composer)
/// let scores = try trainer.evaluate(validationScenes, composer: validationComposer)    // greedy
/// ```
public final class SceneCaptionTrainer {
    /// The model trained.
    public let model: SceneCaptioner
    /// Adam over the model's parameters.
    public let optimizer: Adam
    /// Scenes per minibatch.
    public let batchSize: Int
    /// The largest global gradient norm (clipping by norm).
    public let maximumGradientNorm: Double

    /// A trainer for `model` with Adam at `learningRate`.
    public init(model: SceneCaptioner, learningRate: Double, batchSize: Int, maximumGradientNorm: Double = 5) {
        precondition(batchSize > 0 && learningRate > 0 && maximumGradientNorm > 0, "SceneCaptionTrainer: sizes and rates must be positive")
        self.model = model
        self.optimizer = Adam(model.trainableParameters(), learningRate: learningRate)
        self.batchSize = batchSize
        self.maximumGradientNorm = maximumGradientNorm
    }

    /// The true captions of `scenes` as token indices.
    public func tokens(of scenes: [ItemScene]) throws -> [[Int]] {
        try scenes.map { try model.vocabulary.encode(model.grammar.caption(of: $0)) }
    }

    /// One pass over `scenes` (painted by `composer`) in minibatches of `batchSize`, in the given order;
    /// `progress(batch, batches, loss)` after each. Returns the mean training loss per token.
    public func trainEpoch(_ scenes: [ItemScene], composer: SceneComposer,
                           progress: ((Int, Int, Double) -> Void)? = nil) throws -> Double {
        model.train()
        let batches = stride(from: 0, to: scenes.count, by: batchSize).map { Array(scenes[$0..<Swift.min($0 + batchSize, scenes.count)]) }
        var total = 0.0
        for (index, batch) in batches.enumerated() {
            optimizer.zeroGrad()
            let loss = try model.loss(composer.batch(batch), captions: tokens(of: batch))
            try loss.backward()
            GradientClipping.clipNorm(optimizer.parameters, maxNorm: maximumGradientNorm)
            optimizer.step()
            total += loss.item
            progress?(index + 1, batches.count, loss.item)
        }
        return total / Double(Swift.max(batches.count, 1))
    }

    /// Captions `scenes` (painted by `composer`) greedily, or with beam search of `beamWidth` > 1,
    /// and scores them against the true captions. The model is in evaluation mode meanwhile.
    public func evaluate(_ scenes: [ItemScene], composer: SceneComposer, beamWidth: Int = 1,
                         lengthNormalized: Bool = false) throws -> CaptionScores {
        try Self.evaluate(model, scenes: scenes, composer: composer, beamWidth: beamWidth, lengthNormalized: lengthNormalized)
    }

    /// `evaluate` for any model.
    public static func evaluate(_ model: SceneCaptioner, scenes: [ItemScene], composer: SceneComposer, beamWidth: Int = 1,
                                lengthNormalized: Bool = false, chunk: Int = 250) throws -> CaptionScores {
        let wasTraining = model.isTraining
        model.eval()
        defer { if wasTraining { model.train() } }
        var captions: [[String]] = []
        for start in stride(from: 0, to: scenes.count, by: chunk) {
            let images = composer.batch(Array(scenes[start..<Swift.min(start + chunk, scenes.count)]))
            captions += beamWidth == 1 ? model.greedyCaptions(images)
                : model.beamCaptions(images, width: beamWidth, lengthNormalized: lengthNormalized)
        }
        return CaptionScores(captions: captions, references: try scenes.map { try model.grammar.caption(of: $0) })
    }
}
