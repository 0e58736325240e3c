import Foundation
import Testing
@testable import Nabla

/// The population mean and standard deviation of `values`, worked out in plain Swift.
private func statistics(_ values: [Double]) -> (mean: Double, deviation: Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    return (mean, variance.squareRoot())
}

/// Samples [200, 3] whose three features have very different centres and spreads.
private func features() -> Tensor {
    var generator = RandomGenerator(seed: 3)
    let noise = Tensor.randomNormal([200, 3], dtype: .float64, generator: &generator).scalars(as: Double.self)
    let (centres, scales) = ([5.0, -2.0, 100.0], [0.5, 3.0, 20.0])
    return double(noise.enumerated().map { centres[$0.offset % 3] + scales[$0.offset % 3] * $0.element }, [200, 3])
}

/// `Standardization`: statistics adapted to data, the forward pass, gradients, and statistics kept as buffers.
@Suite struct StandardizationTests {
    @Test func adaptingGloballyGivesMeanZeroAndDeviationOne() {
        let data = features()
        let layer = Standardization(adaptingTo: data)
        let expected = statistics(data.scalars(as: Double.self))
        expectValues(layer.mean, [expected.mean], shape: [], tolerance: 1e-12)
        expectValues(layer.standardDeviation, [expected.deviation], shape: [], tolerance: 1e-12)
        let output = statistics(layer(data).scalars(as: Double.self))
        #expect(Swift.abs(output.mean) < 1e-12 && Swift.abs(output.deviation - 1) < 1e-12, "\(output)")
    }

    @Test func adaptingPerFeatureStandardisesEachColumn() {
        let data = features()
        let layer = Standardization(adaptingTo: data, perFeature: true)
        let values = data.scalars(as: Double.self)
        let columns = (0..<3).map { column in statistics(stride(from: column, to: values.count, by: 3).map { values[$0] }) }
        expectValues(layer.mean, columns.map(\.mean), shape: [3], tolerance: 1e-12)
        expectValues(layer.standardDeviation, columns.map(\.deviation), shape: [3], tolerance: 1e-12)
        let output = layer(data).scalars(as: Double.self)
        for column in 0..<3 {
            let result = statistics(stride(from: column, to: output.count, by: 3).map { output[$0] })
            #expect(Swift.abs(result.mean) < 1e-12 && Swift.abs(result.deviation - 1) < 1e-12, "feature \(column): \(result)")
        }
    }

    @Test func perFeatureUsesTheLastAxisOfImages() {
        // [2, 2, 2]: feature k is every element whose last index is k.
        let data = double([1, 10, 3, 30, 5, 50, 7, 70], [2, 2, 2])
        let layer = Standardization(adaptingTo: data, perFeature: true)
        expectValues(layer.mean, [4, 40], shape: [2])
        expectValues(layer.standardDeviation, [Double(5).squareRoot(), Double(500).squareRoot()], shape: [2])
    }

    @Test func constantDataGetsTheMinimumDeviation() {
        let layer = Standardization(adaptingTo: double([2, 2, 2, 2], [4, 1]), perFeature: true, minimumDeviation: 0.5)
        expectValues(layer.standardDeviation, [0.5], shape: [1])
        expectValues(layer(double([3], [1, 1])), [2], shape: [1, 1])
    }

    @Test func forwardByHand() {
        let layer = Standardization(mean: double([1, -2], [2]), standardDeviation: double([2, 4], [2]))
        // (3 - 1) / 2 = 1, (10 + 2) / 4 = 3; (0 - 1) / 2 = -0.5, (-2 + 2) / 4 = 0.
        expectValues(layer(double([3, 10, 0, -2], [2, 2])), [1, 3, -0.5, 0], shape: [2, 2])
        let global = Standardization(mean: Tensor(5.0, dtype: .float64), standardDeviation: Tensor(2.0, dtype: .float64))
        expectValues(global(double([1, 5, 9], [3])), [-2, 0, 2], shape: [3])
    }

    @Test func gradientThroughTheLayer() throws {
        let layer = Standardization(mean: double([0.5, -1, 2], [3]), standardDeviation: double([0.25, 2, 3], [3]))
        try expectGradients(at: [uniform([4, 3], seed: 12)]) { layer($0[0]).tanh() }
        // ∂(Σ y)/∂x = 1/σ for every sample.
        let x = uniform([2, 3], seed: 13).requiringGrad()
        try layer(x).sum().backward()
        try expectValues(#require(x.grad), [4, 0.5, 1.0 / 3, 4, 0.5, 1.0 / 3], shape: [2, 3], tolerance: 1e-15)
    }

    @Test func statisticsAreBuffersNotParameters() throws {
        let layer = Standardization(mean: double([1, 2], [2]), standardDeviation: double([3, 4], [2]))
        #expect(layer.namedBuffers().map(\.name) == ["mean", "standardDeviation"])
        #expect(layer.parameters().isEmpty && layer.trainableParameters().isEmpty)
        #expect(!layer.mean.requiresGrad && !layer.standardDeviation.requiresGrad)
        // Unfreezing does not make them trainable, and backward() through the layer leaves them without gradients.
        layer.freeze(false)
        #expect(layer.trainableParameters().isEmpty)
        let x = double([1, 1], [1, 2]).requiringGrad()
        try layer(x).sum().backward()
        #expect(layer.mean.grad == nil && layer.standardDeviation.grad == nil)
        #expect(x.grad != nil)
    }

    @Test func statisticsTravelInTheModelFile() throws {
        let directory = try makeTemporaryDirectory("nabla-standardization")
        defer { removeDirectory(directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        let model = Sequential { Standardization(mean: double([1, 2], [2]), standardDeviation: double([3, 4], [2])); Linear(2, 1) }
        #expect(model.namedParameters().map(\.name) == ["layers.1.weight", "layers.1.bias"])
        #expect(model.namedBuffers().map(\.name) == ["layers.0.mean", "layers.0.standardDeviation"])
        try model.save(to: url)
        #expect(try SafeTensors.read(from: url).tensors.keys.sorted()
                == ["layers.0.mean", "layers.0.standardDeviation", "layers.1.bias", "layers.1.weight"])
        let fresh = Sequential { Standardization(mean: double([0, 0], [2]), standardDeviation: double([1, 1], [2])); Linear(2, 1) }
        let result = try fresh.load(from: url)
        #expect(result.missing.isEmpty && result.unexpected.isEmpty)
        let standardization = try #require(fresh.layers[0] as? Standardization)
        expectValues(standardization.mean, [1, 2], shape: [2])
        expectValues(standardization.standardDeviation, [3, 4], shape: [2])
        #expect(!standardization.mean.requiresGrad, "loading keeps them out of the graph")
    }

    /// Files written when the statistics were non-trainable parameters hold the same names, and load.
    @Test func filesFromWhenTheyWereParametersLoad() throws {
        let file: [String: Tensor] = [
            "layers.0.mean": double([5, 6], [2]), "layers.0.standardDeviation": double([7, 8], [2]),
            "layers.1.weight": double([0.5, 0.25], [1, 2]), "layers.1.bias": double([1], [1]),
        ]
        let model = Sequential {
            Standardization(mean: double([0, 0], [2]), standardDeviation: double([1, 1], [2]))
            Linear(2, 1, dtype: .float64)
        }
        try model.loadParameters(file)
        let standardization = try #require(model.layers[0] as? Standardization)
        expectValues(standardization.mean, [5, 6], shape: [2])
        expectValues(standardization.standardDeviation, [7, 8], shape: [2])
    }

    @Test func summaryCountsThemAsNonTrainable() {
        let model = Sequential {
            Standardization(mean: Tensor([0, 0, 0]), standardDeviation: Tensor([1, 1, 1]))
            Linear(3, 2)
        }
        let summary = model.summary(inputShape: [3])
        // 3 + 3 statistics, 3·2 + 2 weights.
        #expect(summary.totalParameters == 14 && summary.trainableParameters == 8 && summary.nonTrainableParameters == 6)
        #expect(summary.description.contains("Non-trainable params: 6"))
    }

    @Test func perFeatureWithoutAFeatureAxisStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Standardization(adaptingTo: Tensor([1, 2, 3]), perFeature: true)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("perFeature") && message.contains("[3]"), "\(message)")
    }

    @Test func nonPositiveDeviationStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Standardization(mean: Tensor([0, 0]), standardDeviation: Tensor([1, 0]))
        }
    }
}
