import Foundation
import Testing
@testable import Nabla

/// A small fast-style-transfer network (reflection padding, convolutions, instance normalisation, a
/// residual block, transposed convolution and upsampling back to the image size) built from the
/// image-to-image layers: its summary, one training step, and the model file.
@Suite struct ImageTransformNetworkTests {
    static func network() -> Sequential {
        Sequential {
            ReflectionPad2d(2)
            Conv2d(3, 4, kernelSize: 5, dtype: .float64)
            InstanceNorm2d(4, affine: true, dtype: .float64)
            ReLU()
            Conv2d(4, 8, kernelSize: 3, stride: 2, padding: 1, dtype: .float64)
            InstanceNorm2d(8, affine: true, trackRunningStatistics: true, dtype: .float64)
            ReLU()
            Residual {
                ReflectionPad2d(1)
                Conv2d(8, 8, kernelSize: 3, dtype: .float64)
                InstanceNorm2d(8, affine: true, dtype: .float64)
            }
            ConvTranspose2d(8, 4, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, dtype: .float64)
            ReLU()
            Upsample2d(scale: 2, mode: .bilinear)
            ReflectionPad2d(1)
            Conv2d(4, 3, kernelSize: 3, stride: 2, dtype: .float64)
        }
    }

    @Test func summaryListsEveryLayerWithItsShapeAndParameters() {
        let summary = Self.network().summary(inputShape: [3, 9, 11], dtype: .float64)
        let rows = Array(summary.rows.dropFirst())
        #expect(rows.map(\.type) == ["ReflectionPad2d", "Conv2d", "InstanceNorm2d", "ReLU", "Conv2d", "InstanceNorm2d", "ReLU", "Residual",
                                     "ConvTranspose2d", "ReLU", "Upsample2d", "ReflectionPad2d", "Conv2d"])
        #expect(rows.map(\.outputShape) == [[nil, 3, 13, 15], [nil, 4, 9, 11], [nil, 4, 9, 11], [nil, 4, 9, 11], [nil, 8, 5, 6],
                                            [nil, 8, 5, 6], [nil, 8, 5, 6], [nil, 8, 5, 6], [nil, 4, 10, 12], [nil, 4, 10, 12],
                                            [nil, 4, 20, 24], [nil, 4, 22, 26], [nil, 3, 10, 12]])
        #expect(rows.map(\.parameterCount) == [0, 3 * 4 * 25 + 4, 8, 0, 4 * 8 * 9 + 8, 32, 0, 8 * 8 * 9 + 8 + 16, 8 * 4 * 9 + 4, 0, 0, 0,
                                               4 * 3 * 9 + 3])
    }

    @Test func oneTrainingStepAndTheModelFile() throws {
        let network = Self.network()
        let images = uniform([2, 3, 9, 11], seed: 1)
        let optimizer = Adam(network.parameters(), learningRate: 1e-2)
        let loss = (network(images) - images.upsampled(size: [10, 12])).squared().mean()
        try loss.backward()
        #expect(network.parameters().allSatisfy { $0.grad != nil })
        optimizer.step()
        network.eval()
        let x = uniform([2, 3, 9, 11], seed: 2)
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("style.safetensors")
            try network.save(to: url)
            let copy = Self.network()
            try copy.load(from: url)
            copy.eval()
            #expect(copy(x).scalars(as: Double.self) == network(x).scalars(as: Double.self))
        }
    }
}
