// Style transfer on a tiny image: the network's weights stay fixed and
// Adam changes the pixels until the image has the content's features at
// one layer and the style's Gram matrices at several.
import Foundation
import Nabla

let side = 32
// Content: a smooth colour ramp (red grows to the right, green downwards).
// Style: stripes of red and blue, four pixels wide.
var contentPixels: [Double] = [], stylePixels: [Double] = []
for channel in 0..<3 {
    for y in 0..<side {
        for x in 0..<side {
            let ramp = [Double(x), Double(y), 16][channel] / Double(side)
            let red = Double((x / 4) % 2)
            contentPixels.append(ramp)
            stylePixels.append([red, 0.1, 1 - red][channel])
        }
    }
}
let content = Tensor(contentPixels, shape: [1, 3, side, side])
let style = Tensor(stylePixels, shape: [1, 3, side, side])
// Start from noise, so that every term has something to do.
var generator = RandomGenerator(seed: 1)
let noise = Tensor.randomUniform([1, 3, side, side], generator: &generator)

// Random VGG-like features: two blocks of two 3×3 convolutions.
let stages: [VGGFeatures.Stage] = [.convolution(8), .convolution(8), .pool,
                                   .convolution(16), .convolution(16)]
let extractor = VGGFeatures.random(stages, seed: 1)
print("layers:", extractor.layerNames.joined(separator: " "))
print("content layer:", extractor.defaultContentLayer,
      " style layers:", extractor.defaultStyleLayers.joined(separator: " "))

let transfer = StyleTransfer(
    extractor: extractor, content: content, style: style,
    learningRate: 0.05, initialImage: noise)
print("step  content  style    TV       total")
for step in 0...60 {
    let losses = try transfer.step()
    if step % 15 == 0 {
        let terms = [losses.content, losses.style,
                     losses.totalVariation, losses.total]
        let columns = terms.map { String(format: "%-8.4f", $0) }
        print(String(format: "%-5d", step), columns.joined(separator: " "))
    }
}
let image = transfer.image
print("image:", image.shape, " pixels in [0, 1]:",
      image.min().item >= 0 && image.max().item <= 1)
