// Fast style transfer: a feed-forward network learns to paint any image
// in one style, trained with the same three losses as StyleTransfer.
import Foundation
import Nabla

let side = 32
// Two content photos (smooth ramps in two directions) and the style of
// StyleTransferSteps: red and blue stripes four pixels wide.
func image(_ pixel: (_ channel: Int, _ y: Int, _ x: Int) -> Double)
    -> Tensor {
    var values: [Double] = []
    for channel in 0..<3 {
        for y in 0..<side {
            for x in 0..<side { values.append(pixel(channel, y, x)) }
        }
    }
    return Tensor(values, shape: [1, 3, side, side])
}
let scale = Double(side)
let photos = [
    image { c, y, x in [Double(x), Double(y), 16][c] / scale },
    image { c, y, x in [16, Double(x + y) / 2, Double(y)][c] / scale }]
let style = image { c, _, x in
    let red = Double((x / 4) % 2)
    return [red, 0.1, 1 - red][c]
}

let stages: [VGGFeatures.Stage] = [.convolution(8), .convolution(8), .pool,
                                   .convolution(16), .convolution(16)]
let extractor = VGGFeatures.random(stages, seed: 1)
let network = TransformationNetwork(channels: 4, residualBlockCount: 1)
print("transformation network:", network.parameterCount, "parameters")
let training = FastStyleTraining(
    network: network, extractor: extractor, style: style,
    weights: StyleTransfer.Weights(style: 10), learningRate: 0.02)

// Each step: four random 16 × 16 crops of the photos, mirrored at random.
// The losses are those of the network's output on both whole photos.
let crops = ContentCrops(photos)
let whole = Tensor.concatenate(photos, alongAxis: 0)        // [2, 3, 32, 32]
var generator = RandomGenerator(seed: 1)
print("step  content  style    TV       total")
for step in 0...60 {
    if step % 15 == 0 {
        let losses = training.currentLosses(whole)
        let terms = [losses.content, losses.style,
                     losses.totalVariation, losses.total]
        let columns = terms.map { String(format: "%-8.4f", $0) }
        print(String(format: "%-5d", step), columns.joined(separator: " "))
    }
    if step < 60 {
        let batch = crops.batch(count: 4, side: 16, generator: &generator)
        try training.step(batch)
    }
}
// One pass paints a whole photo, of any size of at least 8 pixels a side.
network.eval()
let painted = withoutGradients { network(photos[1]) }
print("one pass:", photos[1].shape, "->", painted.shape)
