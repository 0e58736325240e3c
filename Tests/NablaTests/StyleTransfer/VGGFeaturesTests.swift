import Foundation
import Testing
@testable import Nabla

/// VGG feature extractors: torchvision's layout read from safetensors, and the random default.
@Suite struct VGGFeaturesTests {
    /// `Tests/Fixtures/vgg`, found from this source file's path.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/vgg")

    @Test func torchvisionLayoutLoadsAndReproducesPyTorchsFeatures() throws {
        // Made by Tests/Fixtures/make_vgg_fixtures.py: VGG-19's layer numbering with 4 to 8 channels.
        let network = try VGGFeatures(contentsOf: Self.fixtures.appendingPathComponent("tiny-vgg19.safetensors"))
        #expect(network.stages == [.convolution(4), .convolution(4), .pool, .convolution(6), .convolution(6), .pool]
                    + [.convolution(8), .convolution(8), .convolution(8), .convolution(8), .pool]
                    + [.convolution(8), .convolution(8), .convolution(8), .convolution(8), .pool]
                    + [.convolution(8), .convolution(8), .convolution(8), .convolution(8)])
        #expect(network.layerNames.count == 16 && network.layerNames[0] == "relu1_1" && network.layerNames[15] == "relu5_4")
        #expect(network.defaultContentLayer == "relu4_2")
        #expect(network.defaultStyleLayers == ["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"])
        #expect(network.trainableParameters().isEmpty)

        let (expected, _) = try SafeTensors.read(from: Self.fixtures.appendingPathComponent("tiny-vgg19-expected.safetensors"))
        let names = ["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu4_2", "relu5_1"]
        let features = network.features(try #require(expected["expected.input"]), at: names)
        #expect(Set(features.keys) == Set(names))
        for name in names {
            let reference = try #require(expected["expected." + name])
            let actual = try #require(features[name])
            #expect(actual.shape == reference.shape, "\(name)")
            let scale = reference.abs().max().item
            let error = (actual - reference).abs().max().item
            #expect(scale > 0.1 && error < 1e-5 * Swift.max(1, scale), "\(name): largest difference \(error) at scale \(scale)")
        }
    }

    @Test func onlyTheDeepestRequestedLayerIsRun() throws {
        // Asking for relu1_1 alone gives the same values as asking for it with deeper layers.
        let network = VGGFeatures.random([.convolution(4), .pool, .convolution(6)], seed: 3)
        let image = Tensor.randomUniform([1, 3, 8, 8])
        let shallow = network.features(image, at: ["relu1_1"])
        let both = network.features(image, at: ["relu1_1", "relu2_1"])
        #expect(shallow.keys.sorted() == ["relu1_1"])
        #expect(both["relu2_1"]?.shape == [1, 6, 4, 4])
        #expect(shallow["relu1_1"]?.scalars(as: Double.self) == both["relu1_1"]?.scalars(as: Double.self))
    }

    @Test func randomNetworksAreReproducibleAndFrozen() {
        let first = VGGFeatures.random(VGGFeatures.randomStages, seed: 7), second = VGGFeatures.random(VGGFeatures.randomStages, seed: 7)
        let other = VGGFeatures.random(VGGFeatures.randomStages, seed: 8)
        let weights = { (network: VGGFeatures) in network.parameters().flatMap { $0.value.scalars(as: Double.self) } }
        #expect(weights(first) == weights(second))
        #expect(weights(first) != weights(other))
        #expect(first.trainableParameters().isEmpty)
        #expect(first.layerNames == ["relu1_1", "relu1_2", "relu2_1", "relu2_2", "relu3_1", "relu3_2", "relu4_1"])
        #expect(first.defaultContentLayer == "relu3_2")
    }

    @Test func gradientsFlowToTheImage() throws {
        let network = VGGFeatures.random([.convolution(3), .pool, .convolution(4)], seed: 5, dtype: .float64)
        try expectGradients(at: [uniform([1, 3, 4, 4], 0, 1, seed: 6)]) { network.features($0[0], at: ["relu2_1"])["relu2_1"]! }
    }

    @Test(arguments: [
        (["features.0.weight": [4, 3, 3, 3]], "features.0.bias must be a vector of 4 values, got none"),
        (["features.2.weight": [4, 3, 3, 3], "features.2.bias": [4]], "the first convolution must be features.0, found features.2"),
        (["features.0.weight": [4, 1, 3, 3], "features.0.bias": [4]], "features.0.weight has shape [4, 1, 3, 3], expected [out, 3, 3, 3]"),
        (["features.0.weight": [4, 3, 3, 3], "features.0.bias": [4], "features.4.weight": [4, 4, 3, 3], "features.4.bias": [4]],
         "features.0 and features.4 are not two (same block) or three (across a pooling) apart, as in VGG"),
        (["features.0.weight": [4, 3, 3, 3], "features.0.bias": [4], "features.2.weight": [5, 3, 3, 3], "features.2.bias": [5]],
         "features.2.weight has shape [5, 3, 3, 3], expected [out, 4, 3, 3]"),
        (["features.0.weight": [4, 3, 3, 3], "features.0.bias": [4], "features.0.running_mean": [4]],
         "unexpected tensor features.0.running_mean: expected features.<index>.weight or features.<index>.bias"),
        (["classifier.0.weight": [4, 3]], "no convolution weights features.<index>.weight found (is it a torchvision VGG file?)"),
    ] as [([String: [Int]], String)])
    func filesOfAnotherLayoutAreRefused(shapes: [String: [Int]], problem: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nabla-vgg-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.write(shapes.mapValues { Tensor.zeros($0) }, to: url)
        #expect(throws: VGGFeaturesError(file: url.path, problem: problem)) { try VGGFeatures(contentsOf: url) }
    }
}
