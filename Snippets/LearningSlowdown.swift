// The learning slowdown: one sigmoid neuron a = σ(w·x + b) with x = 1 learns
// the output y = 0 by gradient descent (η = 0.15), with the quadratic cost
// and with cross-entropy, from a moderate and from a saturated start.
import Foundation
import Nabla

func train(w start: Double, b bias: Double, crossEntropy: Bool) throws -> (outputs: [Double], firstGradient: Double) {
    var w = Tensor(start, dtype: .float64).requiringGrad()
    var b = Tensor(bias, dtype: .float64).requiringGrad()
    let y = 0.0
    var outputs: [Double] = [], firstGradient = 0.0
    for step in 0...300 {
        let a = (w + b).sigmoid()
        outputs.append(a.item)
        if step == 300 { break }
        let cost = crossEntropy
            ? -(y * a.log() + (1 - y) * (1 - a).log())   // C = -[y ln a + (1 - y) ln(1 - a)]
            : 0.5 * (a - y).squared()                     // C = ½(a - y)²
        try cost.backward()
        if step == 0 { firstGradient = w.grad!.item }
        withoutGradients {
            w.assign(w - 0.15 * w.grad!)
            b.assign(b - 0.15 * b.grad!)
        }
        w.zeroGrad()
        b.zeroGrad()
    }
    return (outputs, firstGradient)
}

print("cost           w     b     ∂C/∂w at 0   a after 0, 25, 50, 100, 200, 300 steps")
for crossEntropy in [false, true] {
    for (w, b) in [(0.6, 0.9), (2.0, 2.0), (4.0, 4.0)] {
        let run = try train(w: w, b: b, crossEntropy: crossEntropy)
        let outputs = [0, 25, 50, 100, 200, 300].map { String(format: "%.4f", run.outputs[$0]) }
        let name = crossEntropy ? "cross-entropy" : "quadratic    "
        print(name, String(format: "%4.1f  %4.1f  %+.5f     ", w, b, run.firstGradient) + outputs.joined(separator: "  "))
    }
}

// Softmax with the log-likelihood cost: ∂C/∂z = a - y, however saturated the
// wrong answer is; with the quadratic cost on a = softmax(z) it nearly vanishes.
let logits = Tensor([[8.0, 0.0, -8.0]], dtype: .float64).requiringGrad()
let label = Tensor(indices: [2])
try Loss.crossEntropy(logits, label).backward()
print("softmax a =", logits.softmax().scalars(as: Double.self).map { String(format: "%.5f", $0) })
print("log-likelihood ∂C/∂z =", logits.grad!.scalars(as: Double.self).map { String(format: "%+.5f", $0) })
logits.zeroGrad()
let oneHot = Tensor([[0.0, 0.0, 1.0]], dtype: .float64)
try (0.5 * (logits.softmax() - oneHot).squared().sum()).backward()
print("quadratic      ∂C/∂z =", logits.grad!.scalars(as: Double.self).map { String(format: "%+.5f", $0) })
