import Testing
@testable import Nabla

/// `BatchNorm1d` / `BatchNorm2d`: batch statistics while training, running statistics in evaluation,
/// buffers that are saved and never trained, and gradients through the layer.
@Suite struct BatchNormTests {
    @Test func trainingStandardisesEachChannelAndUpdatesTheRunningStatistics() throws {
        let layer = BatchNorm2d(2, momentum: 0.5, epsilon: 0, dtype: .float64)
        // Channel 0 holds 1...8, channel 1 holds 10, 20, ..., 80 (two samples of 2 × 2 pixels).
        let x = double([1, 2, 3, 4, 10, 20, 30, 40, 5, 6, 7, 8, 50, 60, 70, 80], [2, 2, 2, 2])
        let y = layer(x)
        let channelMeans = y.mean(alongAxes: [0, 2, 3]).scalars(as: Double.self)
        let channelVariances = y.variance(alongAxes: [0, 2, 3], correction: 0).scalars(as: Double.self)
        #expect(channelMeans.allSatisfy { Swift.abs($0) < 1e-12 } && channelVariances.allSatisfy { Swift.abs($0 - 1) < 1e-12 })
        // Means 4.5 and 45, unbiased variances 6 and 600; running = 0.5 · initial + 0.5 · batch.
        expectValues(layer.runningMean, [2.25, 22.5], shape: [2], tolerance: 1e-12)
        expectValues(layer.runningVariance, [3.5, 300.5], shape: [2], tolerance: 1e-12)
    }

    @Test func evaluationUsesTheRunningStatistics() {
        let layer = BatchNorm1d(2, epsilon: 0, dtype: .float64)
        layer.$runningMean.update { $0 = double([1, -1], [2]) }
        layer.$runningVariance.update { $0 = double([4, 0.25], [2]) }
        layer.eval()
        expectValues(layer(double([3, 0, 5, -2], [2, 2])), [1, 2, 2, -2], shape: [2, 2], tolerance: 1e-12)
        expectValues(layer.runningMean, [1, -1], shape: [2])
    }

    @Test func gradientsThroughTheLayerInTrainingMode() throws {
        let layer = BatchNorm2d(3, dtype: .float64)
        layer.parameters()[0].update { $0.assign(double([0.5, 1.5, 2], [3])) }
        let x = uniform([2, 3, 2, 2], -2, 2, seed: 71)
        try expectGradients(at: [x]) { v in layer(v[0]).tanh() }
        let weights = uniform([2, 3, 2, 2], seed: 72)
        try expectParameterGradients(of: layer.parameters()) { (layer(x).tanh() * weights).sum() }
        try expectGradients(at: [uniform([5, 3], seed: 73)]) { v in BatchNorm1d(3, dtype: .float64)(v[0]).sigmoid() }
    }

    @Test func buffersAreSavedAndNeverTrained() throws {
        let layer = BatchNorm1d(4)
        #expect(layer.namedParameters().map(\.name) == ["_weight", "_bias"] || layer.namedParameters().map(\.name) == ["weight", "bias"])
        #expect(Set(layer.namedBuffers().map(\.name)) == ["runningMean", "runningVariance"])
        #expect(layer.trainableParameters().count == 2)
        let summary = layer.summary(inputShape: [4])
        #expect(summary.totalParameters == 16 && summary.trainableParameters == 8, "\(summary)")
    }

    @Test func badShapesStopWithTheLayerNamed() async {
        await #expect(processExitsWith: .failure) { _ = BatchNorm2d(3)(Tensor.zeros([2, 4, 2, 2])) }
        await #expect(processExitsWith: .failure) { _ = BatchNorm1d(3)(Tensor.zeros([2, 3, 2, 2])) }
        await #expect(processExitsWith: .failure) { _ = BatchNorm1d(3)(Tensor.zeros([1, 3])) }
    }
}
