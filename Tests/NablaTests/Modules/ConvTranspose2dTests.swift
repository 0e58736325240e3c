import Foundation
import Testing
@testable import Nabla

/// The `ConvTranspose2d` layer: PyTorch's weight layout, the summary, messages that name the layer,
/// gradients of its parameters, PyTorch's output on a committed fixture, and the model file.
@Suite struct ConvTranspose2dTests {
    @Test func summaryCountsTheKernelsAndTheBias() {
        let model = Sequential {
            ConvTranspose2d(64, 32, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1)
            ConvTranspose2d(32, 8, kernelSize: [2, 4], stride: 2, groups: 4, bias: false)
        }
        let summary = model.summary(inputShape: [64, 7, 9])
        #expect(summary.rows.dropFirst().map(\.outputShape) == [[nil, 32, 14, 18], [nil, 8, 28, 38]])
        #expect(summary.rows.dropFirst().map(\.parameterCount) == [64 * 32 * 9 + 32, 32 * 2 * 8])
        #expect(summary.rows.dropFirst().allSatisfy { $0.type == "ConvTranspose2d" })
    }

    @Test func weightHasPyTorchsLayout() {
        let layer = ConvTranspose2d(6, 4, kernelSize: [3, 5], groups: 2, bias: false)
        #expect(layer.weight.shape == [6, 2, 3, 5])
        #expect(layer.bias == nil)
        #expect(layer.namedParameters().map(\.name) == ["weight"])
        #expect("\(layer)" == "ConvTranspose2d(6 → 4, kernelSize: 3×5, groups: 2, no bias)")
        #expect("\(ConvTranspose2d(2, 3, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1))"
                == "ConvTranspose2d(2 → 3, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1)")
    }

    @Test func parameterGradientsMatchFiniteDifferences() throws {
        let layer = ConvTranspose2d(4, 6, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, groups: 2, biasInitializer: .constant(0.1),
                                    dtype: .float64)
        let x = uniform([2, 4, 3, 4], seed: 1)
        try expectParameterGradients(of: layer.parameters()) { layer(x).tanh().sum() }
    }

    @Test func loadsPyTorchsWeightsAndGivesItsOutput() throws {
        let fixture = try ImageOpsFixture()
        func tensor(_ name: String) throws -> Tensor { try fixture.tensor("transposed", 0, name) }
        // torch.nn.ConvTranspose2d(4, 6, kernel_size=(3, 4), stride=(2, 3), padding=(1, 2), output_padding=(1, 2), groups=2).
        let layer = ConvTranspose2d(4, 6, kernelSize: [3, 4], stride: [2, 3], padding: [1, 2], outputPadding: [1, 2], groups: 2, dtype: .float64)
        try layer.loadParameters(["weight": tensor("weight"), "bias": tensor("bias")])
        let expected = try tensor("output")
        expectValues(layer(try tensor("input")), expected.scalars(as: Double.self), shape: expected.shape, tolerance: 1e-12)
    }

    @Test func parametersSurviveTheModelFile() throws {
        let layer = ConvTranspose2d(3, 2, kernelSize: 3, stride: 2, biasInitializer: .constant(0.5), dtype: .float64)
        let x = uniform([2, 3, 4, 4], seed: 2)
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("up.safetensors")
            try layer.save(to: url)
            let copy = ConvTranspose2d(3, 2, kernelSize: 3, stride: 2, dtype: .float64)
            try copy.load(from: url)
            #expect(copy(x).scalars(as: Double.self) == layer(x).scalars(as: Double.self))
        }
    }

    @Test func wrongChannelCountStopsNamingTheLayer() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ConvTranspose2d(3, 8, kernelSize: 3, stride: 2)(Tensor.zeros([1, 1, 8, 8]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("ConvTranspose2d(3 → 8, kernelSize: 3, stride: 2) expects images [N, 3, H, W], got [1, 1, 8, 8]"), "\(message)")
    }

    @Test func tooMuchPaddingStopsNamingTheLayerAndTheFormula() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ConvTranspose2d(1, 1, kernelSize: 1, padding: 2)(Tensor.zeros([1, 1, 3, 3]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("ConvTranspose2d(1 → 1, kernelSize: 1, padding: 2)") && message.contains("[1, 1, 3, 3]")
                && message.contains("(H - 1)·S - 2P + D(K-1) + P_out + 1"), "\(message)")
        await #expect(processExitsWith: .failure) { _ = ConvTranspose2d(1, 1, kernelSize: 3, stride: 2, outputPadding: 2) }
    }
}
