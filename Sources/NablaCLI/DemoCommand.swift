import ArgumentParser
import Foundation
import Nabla

/// `nabla demo`: fits y = sin(x) with a two-layer network written with raw tensor operations and
/// plain gradient descent, printing the cost as it falls and the learned curve at the end.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fit y = sin(x) on [-π, π] with a 1-32-1 tanh network built from raw tensor ops."
    )

    @Option(name: .long, parsing: .unconditional, help: "Gradient-descent steps.") var steps = 4000
    @Option(name: .long, parsing: .unconditional, help: "Hidden units.") var hidden = 32
    @Option(name: [.customLong("lr"), .long], parsing: .unconditional, help: "Learning rate η.") var learningRate = 0.05
    @Option(name: .long, help: "Random seed for the initial weights.") var seed: UInt64 = 1

    func validate() throws {
        try OptionCheck.positive(steps, "--steps")
        try OptionCheck.within(hidden, 1...65_536, "--hidden")
        try OptionCheck.positive(learningRate, "--lr")
    }

    func run() throws {
        var generator = RandomGenerator(seed: seed)
        // Training data: 128 points of one period of the sine, as a column [128, 1].
        let x = Tensor.linspace(-Double.pi, Double.pi, count: 128).reshaped([-1, 1])
        let y = withoutGradients { x.applying { sin($0) } }

        // Parameters, initialised N(0, 1/n_in) as in the notes.
        let w1 = Tensor.randomNormal([1, hidden], standardDeviation: 1, generator: &generator).requiringGrad().labeled("W1")
        let b1 = Tensor.zeros([hidden]).requiringGrad().labeled("b1")
        let w2 = Tensor.randomNormal([hidden, 1], standardDeviation: 1 / Double(hidden).squareRoot(), generator: &generator).requiringGrad().labeled("W2")
        let b2 = Tensor.zeros([1]).requiringGrad().labeled("b2")
        var parameters = [w1, b1, w2, b2]

        func predict(_ input: Tensor) -> Tensor {
            let hiddenActivation = (input.matmul(parameters[0]) + parameters[1]).tanh()  // a¹ = tanh(x W¹ + b¹)
            return hiddenActivation.matmul(parameters[2]) + parameters[3]               // ŷ = a¹ W² + b²
        }

        print("Fitting y = sin(x) with a 1-\(hidden)-1 tanh network: \(steps) steps of full-batch gradient descent, η = \(learningRate)")
        print("step      cost (½·mean squared error)")
        let start = Date()
        for step in 0...steps {
            let cost = 0.5 * (predict(x) - y).squared().mean()   // C = ½·mean((ŷ - y)²)
            guard cost.item.isFinite else {
                throw CommandFailure("the cost became \(cost.item) at step \(step): gradient descent diverged; try a smaller --lr")
            }
            if step % Swift.max(1, steps / 10) == 0 || step == steps {
                print(String(format: "%5d     %.6f", step, cost.item))
            }
            if step == steps { break }
            try cost.backward()
            withoutGradients {
                for i in parameters.indices {
                    parameters[i].assign(parameters[i] - learningRate * parameters[i].grad!)  // w ← w - η ∂C/∂w
                    parameters[i].zeroGrad()
                }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "trained in %.2f s (%.0f steps/s)\n", seconds, Double(steps) / seconds))
        print(plot(truth: y.scalars, fit: withoutGradients { predict(x) }.scalars))
    }

    /// A small text plot: `·` the sine, `o` the network, `@` where they meet.
    private func plot(truth: [Float], fit: [Float], width: Int = 64, height: Int = 15) -> String {
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        func row(_ value: Float) -> Int { Swift.min(height - 1, Swift.max(0, Int(((1.2 - Double(value)) / 2.4 * Double(height - 1)).rounded()))) }
        for column in 0..<width {
            let i = column * (truth.count - 1) / (width - 1)
            let t = row(truth[i]), f = row(fit[i])
            grid[t][column] = "·"
            grid[f][column] = t == f ? "@" : "o"
        }
        return "sin(x) as ·, the network as o, both as @, over x in [-π, π]:\n" + grid.map { "  |" + String($0) }.joined(separator: "\n")
    }
}

extension Tensor {
    /// The tensor with `f` applied to every element (for making data; not recorded for autograd).
    func applying(_ f: (Double) -> Double) -> Tensor {
        Tensor(scalars(as: Double.self).map(f), shape: shape, dtype: dtype)
    }
}
