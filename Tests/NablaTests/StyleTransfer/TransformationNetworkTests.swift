import Foundation
import Testing
@testable import Nabla

/// The feed-forward network of fast style transfer: its stages' shapes and parameters, outputs of the
/// input's size in (0, 1), and the model file that records the architecture.
@Suite struct TransformationNetworkTests {
    static func network(channels: Int = 2, blocks: Int = 1, seed: UInt64 = 1) -> TransformationNetwork {
        let network = TransformationNetwork(channels: channels, residualBlockCount: blocks)
        var generator = RandomGenerator(seed: seed)
        network.reinitialize(generator: &generator)
        return network
    }

    static func images(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.randomUniform(shape, generator: &generator)
    }

    @Test func summaryShowsTheStagesShapesAndParameters() {
        let c = 2, wide = 4 * c
        let summary = Self.network(channels: c, blocks: 1).summary(inputShape: [3, 20, 28])
        let rows = Array(summary.rows.dropFirst())
        #expect(rows.map(\.name) == ["encoder", "residualBlocks", "decoder"])
        #expect(rows.map(\.outputShape) == [[nil, wide, 5, 7], [nil, wide, 5, 7], [nil, 3, 20, 28]])
        // Each convolution k×k from i to o channels has o·i·k² + o parameters, each instance normalisation 2·o.
        func convolution(_ i: Int, _ o: Int, _ k: Int, normalised: Bool = true) -> Int { o * i * k * k + o + (normalised ? 2 * o : 0) }
        #expect(rows.map(\.parameterCount) == [convolution(3, c, 9) + convolution(c, 2 * c, 3) + convolution(2 * c, wide, 3),
                                               2 * convolution(wide, wide, 3),
                                               convolution(wide, 2 * c, 3) + convolution(2 * c, c, 3) + convolution(c, 3, 9, normalised: false)])
        #expect(summary.totalParameters == rows.map(\.parameterCount).reduce(0, +))
    }

    @Test(arguments: [[1, 3, 16, 16], [2, 3, 18, 27], [1, 3, 8, 13]])
    func outputsImagesOfTheInputsSize(shape: [Int]) {
        let output = Self.network()(Self.images(shape, seed: 2))
        #expect(output.shape == shape)
        #expect(output.scalars(as: Float.self).allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test func theModelFileRebuildsTheSameNetwork() throws {
        let network = Self.network(channels: 3, blocks: 2)
        let images = Self.images([2, 3, 12, 17], seed: 3)
        let optimizer = Adam(network.parameters(), learningRate: 1e-2)
        try network(images).mean().backward()
        optimizer.step()
        network.eval()
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("style.safetensors")
            try network.write(to: url, metadata: ["style": "hubble"])
            let (_, metadata) = try SafeTensors.read(from: url)
            #expect(metadata == [TransformationNetwork.architectureKey: "channels=3 residual-blocks=2", "style": "hubble"])
            let copy = try TransformationNetwork(contentsOf: url)
            #expect(copy.channels == 3 && copy.residualBlockCount == 2)
            #expect(copy(images).scalars(as: Float.self) == network(images).scalars(as: Float.self))
        }
    }

    @Test func filesWithoutTheArchitectureAreNamed() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("plain.safetensors")
            try Self.network().save(to: url)
            #expect(throws: TransformationNetworkFileError(file: url.path, problem: "no nabla-style.architecture in its metadata")) {
                try TransformationNetwork(contentsOf: url)
            }
            try Self.network().save(to: url, metadata: [TransformationNetwork.architectureKey: "channels=two"])
            #expect(throws: TransformationNetworkFileError(file: url.path, problem: "the architecture \"channels=two\" is not \"channels=C residual-blocks=B\"")) {
                try TransformationNetwork(contentsOf: url)
            }
            try Self.network(channels: 2).write(to: url)
            try Self.network(channels: 3).save(to: url, metadata: [TransformationNetwork.architectureKey: "channels=2 residual-blocks=1"])
            #expect(throws: ParameterLoadError.self) { try TransformationNetwork(contentsOf: url) }
        }
    }
}
