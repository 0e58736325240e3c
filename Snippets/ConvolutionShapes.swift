// Convolutional layers: output sizes (W + 2P - R)/S + 1, pooling, a
// convolution as one matrix product (im2col), batch norm, a residual block.
import Foundation
import Nabla

let images = Tensor.randomNormal([8, 1, 28, 28])
let settings = [(5, 1, 0), (5, 1, 2), (3, 2, 1), (28, 1, 0)]
for (kernel, stride, padding) in settings {
    let layer = Conv2d(
        1, 6, kernelSize: SpatialSize(kernel), stride: SpatialSize(stride),
        padding: ConvolutionPadding(integerLiteral: padding))
    let size = (28 + 2 * padding - kernel) / stride + 1
    let shape = layer(images).shape
    print("R = \(kernel), S = \(stride), P = \(padding): \(shape),",
          "(28 + 2P - R)/S + 1 = \(size)")
}
print("2×2 max pooling:", MaxPool2d(kernelSize: 2)(images).shape)

// im2col: every 3×3 window of a 5×5 image becomes a column of 9 values;
// the layer's two kernels, as rows, times these columns is the convolution.
let image = Tensor.arange(0, 25).reshaped([1, 1, 5, 5])
let convolution = Conv2d(1, 2, kernelSize: 3, bias: false)
var windows: [Tensor] = []
for row in 0..<3 {
    for column in 0..<3 {
        let window = image[0, 0, row..<(row + 3), column..<(column + 3)]
        windows.append(window.reshaped([9]))
    }
}
let columns = Tensor.stack(windows, alongAxis: 1)            // [9, 9]
let kernels = convolution.weight.reshaped([2, 9])            // [2, 9]
let product = kernels.matmul(columns)                        // [2, 9]
let direct = convolution(image).reshaped([2, 9])
let difference = (product - direct).abs().max().item
print("im2col columns \(columns.shape),",
      "largest difference from Conv2d: \(difference)")

// Batch normalisation: in training mode every channel of the batch has
// mean 0 and variance 1 before the learned scale and shift.
let shifted = 3 * Tensor.randomNormal([8, 4, 10, 10]) + 5
let normalised = BatchNorm2d(4)(shifted)
let means = normalised.mean(alongAxes: [0, 2, 3]).abs().max().item
let variances = normalised.squared().mean(alongAxes: [0, 2, 3]).scalars
print("batch norm: largest |channel mean|",
      means < 1e-5 ? "< 1e-5," : "\(means),", "channel variances",
      variances.map { String(format: "%.4f", $0) })

// A residual block y = F(x) + P(x): with stride 2 and more channels, the
// projection P is a 1×1 convolution with batch norm.
let block = Residual(inChannels: 6, outChannels: 12, stride: 2) {
    Conv2d(6, 12, kernelSize: 3, stride: 2, padding: 1, bias: false)
    BatchNorm2d(12)
    ReLU()
    Conv2d(12, 12, kernelSize: 3, padding: 1, bias: false)
    BatchNorm2d(12)
}
let output = block(Tensor.randomNormal([8, 6, 28, 28]))
let count = block.parameters().map(\.count).reduce(0, +)
print("residual block:", output.shape, count, "parameters")
