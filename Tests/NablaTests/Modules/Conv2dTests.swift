import Foundation
import Testing
@testable import Nabla

/// The `Conv2d` layer: parameters and shapes, the summary, messages that name the layer, gradients of
/// its parameters, and the same output as PyTorch's `torch.nn.Conv2d` on a committed fixture.
@Suite struct Conv2dTests {
    /// `Tests/Fixtures/convolution`, found from this source file's path.
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/convolution")

    @Test func summaryCountsFiveByFiveTwentyFiltersAsFiveHundredTwenty() {
        let model = Sequential { Conv2d(1, 20, kernelSize: 5) }
        let summary = model.summary(inputShape: [1, 28, 28])
        #expect(summary.rows.last == .init(name: "layers.0", type: "Conv2d", outputShape: [nil, 20, 24, 24], parameterCount: 520))
        #expect(summary.totalParameters == 520)
    }

    @Test func weightHasPyTorchsLayout() {
        let layer = Conv2d(6, 4, kernelSize: [3, 5], groups: 2, bias: false)
        #expect(layer.weight.shape == [4, 3, 3, 5])
        #expect(layer.bias == nil)
        #expect(layer.namedParameters().map(\.name) == ["weight"])
        #expect("\(layer)" == "Conv2d(6 → 4, kernelSize: 3×5, groups: 2, no bias)")
    }

    @Test func sameKeepsTheImageSize() {
        let layer = Conv2d(32, 64, kernelSize: 5, padding: .same)
        #expect(layer(Tensor.zeros([2, 32, 14, 14])).shape == [2, 64, 14, 14])
        #expect(Conv2d(3, 8, kernelSize: 3, stride: 2, padding: 1)(Tensor.zeros([1, 3, 7, 8])).shape == [1, 8, 4, 4])
    }

    @Test func parameterGradientsMatchFiniteDifferences() throws {
        let layer = Conv2d(4, 6, kernelSize: 3, stride: 2, padding: 1, groups: 2, biasInitializer: .constant(0.1), dtype: .float64)
        let x = uniform([2, 4, 5, 6], seed: 1)
        try expectParameterGradients(of: layer.parameters()) { layer(x).tanh().sum() }
    }

    @Test func tooSmallAnInputStopsNamingTheLayerAndTheFormula() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Conv2d(1, 20, kernelSize: 5)(Tensor.zeros([8, 1, 4, 28]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Conv2d(1 → 20, kernelSize: 5)") && message.contains("[8, 1, 4, 28]")
                && message.contains("(H + 2P - D(K-1) - 1)/S + 1") && message.contains("(4 + 2·0 - 1·(5 - 1) - 1)/1 + 1"), "\(message)")
    }

    @Test func wrongChannelCountStopsNamingTheLayer() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Conv2d(3, 8, kernelSize: 3)(Tensor.zeros([1, 1, 8, 8]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Conv2d(3 → 8, kernelSize: 3)") && message.contains("[1, 1, 8, 8]"), "\(message)")
    }

    @Test func givesPyTorchsOutput() throws {
        // Made by Tests/Fixtures/make_conv_fixtures.py: torch.nn.Conv2d(4, 6, kernel_size=(3, 5), stride=(2, 1),
        // padding=(1, 2), dilation=(1, 2), groups=2) on a random input [2, 4, 9, 11].
        let (tensors, metadata) = try SafeTensors.read(from: Self.fixtures.appendingPathComponent("conv2d.safetensors"))
        #expect(metadata["groups"] == "2" && metadata["kernel_size"] == "(3, 5)")
        let layer = Conv2d(4, 6, kernelSize: [3, 5], stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2)
        layer.weight = try #require(tensors["weight"])
        let bias = try #require(tensors["bias"])
        try #require(layer.biasParameter).update { $0.assign(bias) }
        let expected = try #require(tensors["output"])
        let output = layer(try #require(tensors["input"]))
        #expect(output.shape == [2, 6, 5, 7])
        expectValues(output, expected.scalars(as: Double.self), shape: expected.shape, tolerance: 1e-5)
    }

    /// PyTorch's `padding_mode`: the border is filled by `padded(_:mode:)`, then the convolution adds no zeros.
    @Test(arguments: [PaddingMode.reflect, .replicate])
    func paddingModeFillsTheBorderBeforeTheConvolution(_ mode: PaddingMode) throws {
        let layer = Conv2d(3, 4, kernelSize: [3, 4], padding: .same, paddingMode: mode, biasInitializer: .constant(0.1), dtype: .float64)
        #expect("\(layer)" == "Conv2d(3 → 4, kernelSize: 3×4, padding: same, paddingMode: \(mode))")
        let x = uniform([2, 3, 5, 7], seed: 3)
        let expected = x.padded([(0, 0), (0, 0), (1, 1), (1, 2)], mode: mode).convolution2d(weight: layer.weight, bias: layer.bias)
        expectValues(layer(x), expected.scalars(as: Double.self), shape: [2, 4, 5, 7], tolerance: 0)
        try expectParameterGradients(of: layer.parameters()) { layer(x).tanh().sum() }
        try expectGradients(at: [x]) { layer($0[0]) }
        let strided = Conv2d(3, 2, kernelSize: 3, stride: 2, padding: [2, 1], paddingMode: mode, dtype: .float64)
        #expect(strided(x).shape == Conv2d(3, 2, kernelSize: 3, stride: 2, padding: [2, 1])(x.converted(to: .float32)).shape)
    }
}
