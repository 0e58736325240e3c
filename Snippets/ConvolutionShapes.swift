// Convolutional layers: output sizes (W + 2P - R)/S + 1, pooling, a
// convolution as one matrix product (im2col), batch norm and a residual block.
import Foundation
import Nabla

let images = Tensor.randomNormal([8, 1, 28, 28])
for (kernel, stride, padding) in [(5, 1, 0), (5, 1, 2), (3, 2, 1), (28, 1, 0)] {
    let layer = Conv2d(1, 6, kernelSize: SpatialSize(kernel), stride: SpatialSize(stride),
                       padding: ConvolutionPadding(integerLiteral: padding))
    let expected = (28 + 2 * padding - kernel) / stride + 1
    print("R = \(kernel), S = \(stride), P = \(padding): \(layer(images).shape), (28 + 2P - R)/S + 1 = \(expected)")
}
print("2×2 max pooling:", MaxPool2d(kernelSize: 2)(images).shape)

// im2col: every 3×3 window of a 5×5 image becomes a column of 9 values;
// the layer's two kernels, as rows, times these columns is the convolution.
let image = Tensor.arange(0, 25).reshaped([1, 1, 5, 5])
let convolution = Conv2d(1, 2, kernelSize: 3, bias: false)
var windows: [Tensor] = []
for row in 0..<3 {
    for column in 0..<3 {
        windows.append(image[0, 0, row..<(row + 3), column..<(column + 3)].reshaped([9]))
    }
}
let columns = Tensor.stack(windows, alongAxis: 1)                       // [9, 9]
let product = convolution.weight.reshaped([2, 9]).matmul(columns)      // [2, 9]
let difference = (product - convolution(image).reshaped([2, 9])).abs().max().item
print("im2col columns \(columns.shape), largest difference from Conv2d: \(difference)")

// Batch normalisation: in training mode every channel of the batch has
// mean 0 and variance 1 before the learned scale and shift.
let shifted = 3 * Tensor.randomNormal([8, 4, 10, 10]) + 5
let normalised = BatchNorm2d(4)(shifted)
let largestMean = normalised.mean(alongAxes: [0, 2, 3]).abs().max().item
let variances = normalised.squared().mean(alongAxes: [0, 2, 3]).scalars
print("batch norm: largest |channel mean| \(largestMean < 1e-5 ? "< 1e-5" : "\(largestMean)"),",
      "channel variances", variances.map { String(format: "%.4f", $0) })

// A residual block y = F(x) + x keeps the shape; one with stride 2 and more
// channels projects x by a 1×1 convolution.
let block = Residual(inChannels: 6, outChannels: 12, stride: 2) {
    Conv2d(6, 12, kernelSize: 3, stride: 2, padding: 1, bias: false)
    BatchNorm2d(12)
    ReLU()
    Conv2d(12, 12, kernelSize: 3, padding: 1, bias: false)
    BatchNorm2d(12)
}
print("residual block:", block(Tensor.randomNormal([8, 6, 28, 28])).shape, block.parameters().map(\.count).reduce(0, +), "parameters")
