import Foundation
import Nabla

/// The notes' single-neuron experiment (001, sec. 2.7.1): one sigmoid neuron a = σ(wx + b) with x = 1 is
/// trained towards y = 0 by gradient descent (η = 0.15, 300 steps). With the quadratic cost a saturated
/// start (w = b = 4, σ'(z) ≈ 0) learns slowly at first; with cross-entropy the gradient is a - y, so
/// learning is fastest where the error is largest.
public enum SingleNeuronExample {
    /// The cost minimised: `quadratic`, C = ½(y - a)², or `crossEntropy`, C = -[y ln a + (1 - y) ln(1 - a)].
    public enum Cost: String, CaseIterable, Sendable { case quadratic, crossEntropy }

    /// One run: the parameters and output after each step (index 0 is the start).
    public struct Trajectory: Sendable {
        /// The cost the neuron was trained with.
        public let cost: Cost
        /// The starting weight and bias.
        public let start: (w: Double, b: Double)
        /// `weights`, `biases` and `outputs`: w, b and the output a = σ(w + b) (x = 1) at each step, index 0 being
        /// the start.
        public var weights: [Double] = [], biases: [Double] = [], outputs: [Double] = []
    }

    /// The two starting points of the notes: a moderate one and a saturated one.
    public static let starts: [(w: Double, b: Double)] = [(0.6, 0.9), (4.0, 4.0)]

    /// Trains the neuron from `start` with `cost` and records every step.
    public static func train(from start: (w: Double, b: Double), cost: Cost, learningRate: Double = 0.15, steps: Int = 300) throws -> Trajectory {
        let w = Tensor(start.w, dtype: .float64).requiringGrad(), b = Tensor(start.b, dtype: .float64).requiringGrad()
        var parameters = [w, b]
        let x = Tensor(1, dtype: .float64), y = Tensor(0, dtype: .float64)
        var trajectory = Trajectory(cost: cost, start: start)
        for step in 0...steps {
            let a = (parameters[0] * x + parameters[1]).sigmoid()
            trajectory.weights.append(parameters[0].item)
            trajectory.biases.append(parameters[1].item)
            trajectory.outputs.append(a.item)
            if step == steps { break }
            let c: Tensor
            switch cost {
            case .quadratic: c = 0.5 * (y - a).squared()                                   // C = ½(y - a)²
            case .crossEntropy: c = -(y * a.log() + (1 - y) * (1 - a).log())               // C = -[y ln a + (1-y) ln(1-a)]
            }
            try c.backward()
            withoutGradients {
                for i in parameters.indices {
                    parameters[i].assign(parameters[i] - learningRate * parameters[i].grad!)
                    parameters[i].zeroGrad()
                }
            }
        }
        return trajectory
    }

    /// Runs from each of `starts` (by default the notes' two) with both costs, printed every 50 steps and
    /// as a plot of the output a.
    ///
    /// ```swift
    /// print(try SingleNeuronExample.run(starts: [(w: 2, b: 2)]))   // any start the notes discuss
    /// ```
    public static func run(starts: [(w: Double, b: Double)] = starts) throws -> String {
        var lines: [String] = []
        var runs: [Trajectory] = []
        var legend: [String] = []
        for cost in Cost.allCases {
            for start in starts {
                let t = try train(from: start, cost: cost)
                runs.append(t)
                let costName = cost == .quadratic ? "quadratic" : "cross-entropy"
                legend.append("\(runs.count) = \(costName) from w = \(start.w), b = \(start.b)")
                lines.append("\(cost == .quadratic ? "quadratic cost ½(y - a)²" : "cross-entropy cost"), start w = \(start.w), b = \(start.b):")
                lines.append("  step       w        b        a")
                for step in stride(from: 0, through: 300, by: 50) {
                    lines.append(String(format: "  %4d  %7.3f  %7.3f  %7.4f", step, t.weights[step], t.biases[step], t.outputs[step]))
                }
                lines.append("")
            }
        }
        lines.append("output a over 300 steps (" + legend.joined(separator: "; ") + "):")
        lines.append(plot(runs.map(\.outputs)))
        return lines.joined(separator: "\n")
    }

    /// A text plot of several curves with values in [0, 1], marked 1, 2, 3, ...
    static func plot(_ curves: [[Double]], width: Int = 61, height: Int = 12) -> String {
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        for (index, curve) in curves.enumerated() {
            for column in 0..<width {
                let value = curve[column * (curve.count - 1) / (width - 1)]
                let row = Swift.min(height - 1, Swift.max(0, Int(((1 - value) * Double(height - 1)).rounded())))
                grid[row][column] = Character(String(index + 1))
            }
        }
        let rows = grid.enumerated().map { index, row -> String in
            let label = index == 0 ? "1.0 |" : index == height - 1 ? "0.0 |" : "    |"
            return label + String(row)
        }
        return (rows + ["    +" + String(repeating: "-", count: width), "     0" + String(repeating: " ", count: width - 4) + "300"]).joined(separator: "\n")
    }
}
