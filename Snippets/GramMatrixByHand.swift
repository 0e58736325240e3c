// The Gram matrix G = F Fᵀ / (H·W) of feature maps, by hand and by
// gramMatrix(); shuffling the positions leaves it unchanged.
import Foundation
import Nabla

var generator = RandomGenerator(seed: 3)
let (channels, height, width) = (3, 4, 5)
let features = Tensor.randomNormal(
    [1, channels, height, width], generator: &generator)

// G_cd = 1/(HW) Σ_p F_cp F_dp, with F flattened to [C, H·W].
let positions = height * width
let f = features.scalars(as: Double.self)
var byHand = [Double](repeating: 0, count: channels * channels)
for c in 0..<channels {
    for d in 0..<channels {
        var sum = 0.0
        for p in 0..<positions {
            sum += f[c * positions + p] * f[d * positions + p]
        }
        byHand[c * channels + d] = sum / Double(positions)
    }
}
let gram = features.gramMatrix()                       // [1, 3, 3]
let library = gram.scalars(as: Double.self)
let largest = zip(byHand, library).map { abs($0 - $1) }.max()!
print("Gram matrix", gram.shape, "largest difference from the loops:",
      largest < 1e-5 ? "below 1e-5" : "\(largest)")
for c in 0..<channels {
    let row = (0..<channels).map { byHand[c * channels + $0] }
    print(row.map { ($0 * 1000).rounded() / 1000 })
}

// Move every position elsewhere (the same permutation for all channels):
// where a feature fires is lost, how channels fire together is kept.
let permutation = (0..<positions).map { ($0 * 7) % positions }
let moved = try features.reshaped([1, channels, positions])
    .indexSelect(alongAxis: 2, indices: permutation)
    .reshaped([1, channels, height, width])
let gramMoved = moved.gramMatrix()
print("features changed:", (moved - features).abs().max().item > 0.1,
      " Gram matrix changed:", (gramMoved - gram).abs().max().item > 1e-5)
let styleLoss = Tensor.styleLoss(moved, targetGram: gram).item
let contentLoss = Tensor.contentLoss(moved, target: features).item
print("style loss between them:", styleLoss < 1e-10 ? "≈ 0" : "> 0",
      " content loss:", String(format: "%.3f", contentLoss))
