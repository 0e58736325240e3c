import Testing
@testable import Nabla

/// Style transfer by optimising the pixels: each term on its own drives its loss down.
@Suite struct StyleTransferTests {
    static var network: VGGFeatures { VGGFeatures.random([.convolution(8), .convolution(8), .pool, .convolution(16), .convolution(16)], seed: 11) }

    static func image(seed: UInt64, size: Int = 16) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.randomUniform([1, 3, size, size], generator: &generator)
    }

    @Test func contentAloneReproducesTheContentFeatures() throws {
        // Style weight 0, no smoothing, starting from noise: the content loss falls to near zero.
        let content = Self.image(seed: 1)
        let transfer = StyleTransfer(extractor: Self.network, content: content, style: Self.image(seed: 2), contentLayer: "relu2_2",
                                     weights: .init(content: 1, style: 0, totalVariation: 0), learningRate: 0.02, initialImage: Self.image(seed: 3))
        let first = try transfer.currentLosses().content
        for _ in 0..<300 { try transfer.step() }
        let last = try transfer.currentLosses().content
        #expect(first > 0.1, "the noise's features must start far from the content's, got \(first)")
        #expect(last < 0.01 * first, "content loss \(first) → \(last)")
        #expect(transfer.steps == 300)
        let pixels = transfer.image.scalars(as: Double.self)
        #expect(pixels.allSatisfy { (0...1).contains($0) })
    }

    @Test func styleAloneMatchesTheGramMatrices() throws {
        let transfer = StyleTransfer(extractor: Self.network, content: Self.image(seed: 4), style: Self.image(seed: 5, size: 24),
                                     weights: .init(content: 0, style: 1, totalVariation: 0), learningRate: 0.02)
        #expect(transfer.styleLayers == ["relu1_1", "relu2_1"])
        let first = try transfer.currentLosses().style
        for _ in 0..<150 { try transfer.step() }
        let last = try transfer.currentLosses().style
        #expect(last < 0.1 * first, "style loss \(first) → \(last)")
    }

    @Test func smoothingAloneLowersTheTotalVariation() throws {
        let transfer = StyleTransfer(extractor: Self.network, content: Self.image(seed: 6), style: Self.image(seed: 7),
                                     weights: .init(content: 0, style: 0, totalVariation: 1), learningRate: 0.02)
        let first = try transfer.currentLosses()
        for _ in 0..<50 { try transfer.step() }
        let last = try transfer.currentLosses()
        #expect(last.totalVariation < 0.5 * first.totalVariation, "\(first.totalVariation) → \(last.totalVariation)")
        #expect(last.total == last.totalVariation)
    }

    @Test func lossesAddUpWithTheirWeights() throws {
        let transfer = StyleTransfer(extractor: Self.network, content: Self.image(seed: 8), style: Self.image(seed: 9),
                                     weights: .init(content: 2, style: 3, totalVariation: 5), initialImage: Self.image(seed: 10))
        let losses = try transfer.currentLosses()
        #expect(Swift.abs(losses.total - (2 * losses.content + 3 * losses.style + 5 * losses.totalVariation)) < 1e-4 * losses.total)
        #expect(losses.content > 0 && losses.style > 0 && losses.totalVariation > 0)
    }
}
