import Foundation
import Testing
@testable import Nabla

/// `InstanceNorm2d`: per-image, per-channel statistics, optional γ and β and running statistics,
/// gradients against finite differences, PyTorch's `InstanceNorm2d` (a committed fixture), summary and
/// model file.
@Suite struct InstanceNorm2dTests {
    @Test func everyPlaneOfEveryImageIsStandardised() {
        let layer = InstanceNorm2d(3, epsilon: 0, dtype: .float64)
        let x = uniform([2, 3, 5, 7], -3, 5, seed: 1) * double([1, 10, 0.1], [1, 3, 1, 1])
        let y = layer(x)
        let means = y.mean(alongAxes: [2, 3]).scalars(as: Double.self)
        let variances = y.variance(alongAxes: [2, 3], correction: 0).scalars(as: Double.self)
        #expect(means.count == 6 && means.allSatisfy { Swift.abs($0) < 1e-12 }, "\(means)")
        #expect(variances.allSatisfy { Swift.abs($0 - 1) < 1e-12 }, "\(variances)")
        #expect(layer.parameters().isEmpty && layer.namedBuffers().isEmpty)
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        for (index, channels) in [1, 2, 4].enumerated() {
            let layer = InstanceNorm2d(channels, affine: true, dtype: .float64)
            layer.parameters()[0].update { $0.assign(uniform([channels], 0.5, 1.5, seed: 10 + UInt64(index))) }
            layer.parameters()[1].update { $0.assign(uniform([channels], seed: 20 + UInt64(index))) }
            let x = uniform([2, channels, 3, 5], -2, 2, seed: 30 + UInt64(index))
            try expectGradients(at: [x]) { layer($0[0]) }
            let weights = uniform([2, channels, 3, 5], seed: 40 + UInt64(index))
            try expectParameterGradients(of: layer.parameters()) { (layer(x).tanh() * weights).sum() }
            try expectGradients(at: [x]) { InstanceNorm2d(channels, dtype: .float64)($0[0]).sigmoid() }
        }
    }

    struct FixtureCase: Decodable {
        let trackRunningStats: Bool
    }

    @Test func trainingAndEvaluationAreThoseOfPyTorch() throws {
        let fixture = try ImageOpsFixture()
        let cases = try fixture.cases("instanceNorm", as: FixtureCase.self)
        #expect(cases.map(\.trackRunningStats) == [false, true])
        for (index, setting) in cases.enumerated() {
            func tensor(_ name: String) throws -> Tensor { try fixture.tensor("instanceNorm", index, name) }
            let x = try tensor("input").requiringGrad()
            let layer = InstanceNorm2d(x.shape[1], affine: true, trackRunningStatistics: setting.trackRunningStats, dtype: .float64)
            let (weight, bias) = (try tensor("weight"), try tensor("bias"))
            layer.parameters()[0].update { $0.assign(weight) }
            layer.parameters()[1].update { $0.assign(bias) }
            let y = layer(x)
            let expected = try tensor("output")
            expectValues(y, expected.scalars(as: Double.self), shape: expected.shape, tolerance: 1e-12)
            try (y * tensor("upstream")).sum().backward()
            for (gradient, name) in [(x.grad, "gradient"), (layer.weight?.grad, "weightGradient"), (layer.bias?.grad, "biasGradient")] {
                let reference = try tensor(name)
                expectValues(try #require(gradient), reference.scalars(as: Double.self), shape: reference.shape, tolerance: 1e-10)
            }
            guard setting.trackRunningStats else { continue }
            for (running, name) in [(layer.runningMean, "runningMean"), (layer.runningVariance, "runningVariance")] {
                let reference = try tensor(name)
                expectValues(try #require(running), reference.scalars(as: Double.self), shape: reference.shape, tolerance: 1e-12)
            }
            layer.eval()
            let later = try tensor("evaluationOutput")
            expectValues(layer(try tensor("evaluationInput")), later.scalars(as: Double.self), shape: later.shape, tolerance: 1e-12)
        }
    }

    @Test func summaryCountsGammaBetaAndTheRunningStatistics() {
        let model = Sequential {
            InstanceNorm2d(8)
            InstanceNorm2d(8, affine: true)
            InstanceNorm2d(8, affine: true, trackRunningStatistics: true)
        }
        let summary = model.summary(inputShape: [8, 5, 7])
        #expect(summary.rows.map(\.parameterCount) == [0, 0, 16, 32])
        #expect(summary.rows.dropFirst().allSatisfy { $0.type == "InstanceNorm2d" && $0.outputShape == [nil, 8, 5, 7] })
        #expect(summary.trainableParameters == 32 && summary.totalParameters == 48, "\(summary)")
        #expect(model.namedBuffers().map(\.name) == ["layers.2.runningMean", "layers.2.runningVariance"])
    }

    @Test func parametersAndRunningStatisticsSurviveTheModelFile() throws {
        let layer = InstanceNorm2d(3, affine: true, trackRunningStatistics: true, dtype: .float64)
        layer.parameters()[0].update { $0.assign(uniform([3], seed: 50)) }
        _ = layer(uniform([2, 3, 4, 5], seed: 51))
        layer.eval()
        let x = uniform([2, 3, 4, 5], seed: 52)
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("norm.safetensors")
            try layer.save(to: url)
            let copy = InstanceNorm2d(3, affine: true, trackRunningStatistics: true, dtype: .float64)
            try copy.load(from: url)
            copy.eval()
            #expect(copy(x).scalars(as: Double.self) == layer(x).scalars(as: Double.self))
        }
    }

    @Test func badInputsStopNamingTheLayer() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = InstanceNorm2d(3, affine: true)(Tensor.zeros([2, 4, 5, 5]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("InstanceNorm2d(3, affine: true) expects images [N, 3, H, W], got [2, 4, 5, 5]"), "\(message)")
        await #expect(processExitsWith: .failure) { _ = InstanceNorm2d(3)(Tensor.zeros([2, 3, 1, 1])) }
    }
}
