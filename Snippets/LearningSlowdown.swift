// The learning slowdown: one sigmoid neuron a = σ(w·x + b) with x = 1
// learns the output y = 0 by gradient descent (η = 0.15), with the
// quadratic cost and with cross-entropy, from mild and saturated starts.
import Foundation
import Nabla

func train(w start: Double, b bias: Double, crossEntropy: Bool) throws
    -> (outputs: [Double], firstGradient: Double) {
    var w = Tensor(start, dtype: .float64).requiringGrad()
    var b = Tensor(bias, dtype: .float64).requiringGrad()
    let y = 0.0
    var outputs: [Double] = [], firstGradient = 0.0
    for step in 0...300 {
        let a = (w + b).sigmoid()
        outputs.append(a.item)
        if step == 300 { break }
        let cost = crossEntropy
            ? -(y * a.log() + (1 - y) * (1 - a).log())  // -[y ln a + …]
            : 0.5 * (a - y).squared()                    // ½(a - y)²
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

func formatted(_ values: [Double], _ format: String) -> String {
    values.map { String(format: format, $0) }.joined(separator: " ")
}

// Pass a file name to also draw the outputs a over the steps as SVG.
var plot = LinePlot(title: "Output a of the neuron (target y = 0)",
                    xLabels: (0...300).map(String.init), yLabel: "a")
let colors = ["#1f77b4", "#ff7f0e", "#d62728"]
print("cost           w    b   ∂C/∂w at 0",
      " a after 0, 25, 50, 100, 200, 300 steps")
for crossEntropy in [false, true] {
    let starts = [(0.6, 0.9), (2.0, 2.0), (4.0, 4.0)]
    for ((w, b), color) in zip(starts, colors) {
        let run = try train(w: w, b: b, crossEntropy: crossEntropy)
        let outputs = [0, 25, 50, 100, 200, 300].map { run.outputs[$0] }
        let name = crossEntropy ? "cross-entropy" : "quadratic    "
        print(name, String(format: "%4.1f %4.1f   %+.5f  ",
                           w, b, run.firstGradient)
              + formatted(outputs, "%.4f"))
        let legend = (crossEntropy ? "cross-ent." : "quadratic")
            + " \(w)/\(b)"
        plot.add(legend, run.outputs, color: color, dashed: !crossEntropy)
    }
}
if CommandLine.arguments.count > 1 {
    try plot.write(to: URL(fileURLWithPath: CommandLine.arguments[1]))
}

// Softmax with the log-likelihood: ∂C/∂z = a - y, however saturated the
// wrong answer is; the quadratic cost on a = softmax(z) nearly vanishes.
let logits = Tensor([[8.0, 0.0, -8.0]], dtype: .float64).requiringGrad()
let label = Tensor(indices: [2])
try Loss.crossEntropy(logits, label).backward()
let softmax = logits.softmax().scalars(as: Double.self)
print("softmax a =", formatted(softmax, "%.5f"))
print("log-likelihood ∂C/∂z =",
      formatted(logits.grad!.scalars(as: Double.self), "%+.5f"))
logits.zeroGrad()
let oneHot = Tensor([[0.0, 0.0, 1.0]], dtype: .float64)
try (0.5 * (logits.softmax() - oneHot).squared().sum()).backward()
print("quadratic      ∂C/∂z =",
      formatted(logits.grad!.scalars(as: Double.self), "%+.5f"))
