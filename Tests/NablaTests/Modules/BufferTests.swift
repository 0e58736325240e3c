import Foundation
import Testing
@testable import Nabla

/// Subtracts a running mean of its training inputs, kept in a buffer.
private final class RunningMean: Module, Layer {
    @Buffer var mean = Tensor.zeros([2], dtype: .float64)
    @Parameter var scale = Tensor.ones([2], dtype: .float64)
    func forward(_ input: Tensor) -> Tensor {
        if isTraining { mean = 0.5 * mean + 0.5 * input.mean(alongAxes: [0]) }
        return (input - mean) * scale
    }
}

/// `@Buffer`: state kept and saved with the model that never trains.
@Suite struct BufferTests {
    @Test func buffersAreFoundByNameAndAreNotParameters() {
        let model = Sequential { RunningMean(); RunningMean() }
        #expect(model.namedBuffers().map(\.name) == ["layers.0.mean", "layers.1.mean"])
        #expect(model.namedParameters().map(\.name) == ["layers.0.scale", "layers.1.scale"])
        #expect(model.stateTensors().keys.sorted() == ["layers.0.mean", "layers.0.scale", "layers.1.mean", "layers.1.scale"])
    }

    @Test func assigningAComputedTensorStoresItDetached() throws {
        let layer = RunningMean()
        let x = double([1, 2, 3, 6], [2, 2]).requiringGrad()
        let y = layer(x)
        expectValues(layer.mean, [1, 2], shape: [2])
        #expect(!layer.mean.requiresGrad)
        try y.sum().backward()
        #expect(layer.$mean.value.grad == nil)
        // ∂Σy/∂x is the scale alone: the buffer's update is not part of the graph.
        expectValues(try #require(x.grad), [1, 1, 1, 1], shape: [2, 2])
    }

    @Test func optimisersAndUnfreezingLeaveBuffersAlone() throws {
        let model = RunningMean()
        model.freeze(false)
        #expect(model.trainableParameters().count == 1)
        let x = double([1, 2, 3, 4], [2, 2]), y = double([0, 0, 0, 0], [2, 2])
        try model.fit(x, y, epochs: 3, batchSize: 2, optimizer: SGD(model.trainableParameters(), learningRate: 0.1),
                      loss: .meanSquaredError, verbose: false)
        // Only the forward passes moved the mean, halfway towards the batch mean (2, 3) each epoch:
        // (1, 1.5), (1.5, 2.25), (1.75, 2.625).
        expectValues(model.mean, [1.75, 2.625], shape: [2])
        #expect(model.scale.scalars(as: Double.self) != [1, 1], "the parameter did train")
    }

    @Test func buffersTravelInModelFilesAndCheckpoints() throws {
        let directory = try makeTemporaryDirectory("nabla-buffers")
        defer { removeDirectory(directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        let model = RunningMean()
        model.mean = double([3, 4], [2])
        try model.save(to: url)
        let copy = RunningMean()
        try copy.load(from: url)
        expectValues(copy.mean, [3, 4], shape: [2])

        let optimizer = SGD(model.trainableParameters(), learningRate: 0.1)
        let checkpoint = Checkpoint(model: model, optimizer: optimizer, epoch: 0, generator: RandomGenerator(seed: 1))
        let restored = RunningMean()
        try checkpoint.restore(into: restored, optimizer: SGD(restored.trainableParameters(), learningRate: 0.1))
        expectValues(restored.mean, [3, 4], shape: [2])
    }

    @Test func aFileWithoutTheBufferIsMissingIt() throws {
        let model = RunningMean()
        let result = try model.loadParameters(["scale": double([2, 2], [2])], strict: false)
        #expect(result.missing == ["mean"])
        #expect(throws: ParameterLoadError.self) { try model.loadParameters(["scale": double([2, 2], [2])]) }
    }

    @Test func summaryCountsBuffersAsNonTrainable() {
        let summary = RunningMean().summary(inputShape: [2], dtype: .float64)
        #expect(summary.totalParameters == 4 && summary.trainableParameters == 2 && summary.nonTrainableParameters == 2)
    }

    @Test func assigningADifferentShapeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            RunningMean().mean = Tensor.zeros([3], dtype: .float64)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Buffer") && message.contains("[2]") && message.contains("[3]"), "\(message)")
    }
}
