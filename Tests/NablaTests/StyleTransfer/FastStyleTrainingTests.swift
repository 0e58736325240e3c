import Testing
@testable import Nabla

/// Training the transformation network: a step lowers the loss of its batch, and the style term alone
/// moves the outputs' Gram matrices towards the style's.
@Suite struct FastStyleTrainingTests {
    static var extractor: VGGFeatures { VGGFeatures.random([.convolution(8), .convolution(8), .pool, .convolution(16), .convolution(16)], seed: 11) }

    static func training(weights: StyleTransfer.Weights = .init(), learningRate: Double = 1e-3) -> FastStyleTraining {
        FastStyleTraining(network: TransformationNetworkTests.network(channels: 4, blocks: 1), extractor: extractor,
                          style: TransformationNetworkTests.images([1, 3, 24, 24], seed: 5), weights: weights, learningRate: learningRate)
    }

    @Test func oneStepLowersTheLossOfItsBatch() throws {
        let training = Self.training()
        #expect(training.contentLayer == "relu2_2" && training.styleLayers == ["relu1_1", "relu2_1"])
        let batch = TransformationNetworkTests.images([2, 3, 16, 16], seed: 6)
        let before = training.currentLosses(batch)
        let reported = try training.step(batch)
        let after = training.currentLosses(batch)
        #expect(reported == before)
        #expect(after.total < before.total, "loss \(before.total) → \(after.total)")
        #expect(training.steps == 1)
        #expect(abs(before.total - (before.content + 3 * before.style + before.totalVariation)) <= 1e-6 * before.total, "α·content + β·style + γ·tv")
    }

    @Test func theStyleTermAloneFallsOverSteps() throws {
        let training = Self.training(weights: .init(content: 0, style: 1, totalVariation: 0))
        var generator = RandomGenerator(seed: 7)
        let crops = ContentCrops([TransformationNetworkTests.images([1, 3, 24, 30], seed: 8)])
        let batch = crops.batch(count: 2, side: 16, generator: &generator)
        let first = training.currentLosses(batch).style
        for _ in 0..<40 { try training.step(crops.batch(count: 2, side: 16, generator: &generator)) }
        let last = training.currentLosses(batch).style
        #expect(last < 0.5 * first, "style loss \(first) → \(last)")
    }
}
