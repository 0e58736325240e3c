import Nabla

/// XOR learned by a 2-2-1 sigmoid network, and the gradients of backpropagation computed twice: by
/// hand with the notes' four equations BP1–BP4 in matrix form, and by `backward()`. They agree.
public enum XORExample {
    /// The four inputs `[4, 2]`: every pair of bits.
    public static let inputs = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype: .float64)
    /// The targets `[4, 1]`: the XOR of each input pair (0, 1, 1, 0).
    public static let targets = Tensor([[0], [1], [1], [0]], dtype: .float64)

    /// The network: two sigmoid neurons, then one.
    public static func makeNetwork(seed: UInt64) -> Sequential {
        RandomGenerator.seeded(seed) {
            Sequential {
                Linear(2, 2, weightInitializer: .glorotNormal, dtype: .float64)
                Sigmoid()
                Linear(2, 1, weightInitializer: .glorotNormal, dtype: .float64)
                Sigmoid()
            }
        }
    }

    /// ∂C/∂W¹, ∂C/∂b¹, ∂C/∂W², ∂C/∂b² of the quadratic cost C = 1/(2n) Σ ‖a² - y‖², by hand:
    ///
    ///     BP1  δ² = (a² - y) ⊙ σ'(z²) / n          (output error)
    ///     BP2  δ¹ = (δ² W²) ⊙ σ'(z¹)               (error sent back through W²)
    ///     BP3  ∂C/∂bˡ = Σ over samples of δˡ
    ///     BP4  ∂C/∂Wˡ = δˡᵀ aˡ⁻¹
    public static func handGradients(of network: Sequential) -> [Tensor] {
        let (w1, b1) = weightsAndBias(network.layers[0]), (w2, b2) = weightsAndBias(network.layers[2])
        return withoutGradients {
            let x = inputs, n = Double(inputs.shape[0])
            let a1 = (x.matmul(w1, transposingOther: true) + b1).sigmoid()        // a¹ = σ(z¹)
            let a2 = (a1.matmul(w2, transposingOther: true) + b2).sigmoid()       // a² = σ(z²)
            let delta2 = (a2 - targets) * a2 * (1 - a2) / n                       // BP1, σ'(z) = a(1 - a)
            let delta1 = delta2.matmul(w2) * a1 * (1 - a1)                        // BP2
            return [delta1.matmul(x, transposingSelf: true), delta1.sum(alongAxis: 0),   // BP4, BP3
                    delta2.matmul(a1, transposingSelf: true), delta2.sum(alongAxis: 0)]
        }
    }

    /// The same four gradients from `backward()`.
    public static func autogradGradients(of network: Sequential) throws -> [Tensor] {
        network.zeroGrad()
        try Tensor.quadraticCost(network(inputs), targets).backward()
        return network.parameters().map { $0.grad! }
    }

    private static func weightsAndBias(_ layer: Module) -> (Tensor, Tensor) {
        let linear = layer as! Linear
        return (linear.weight.detached(), linear.bias!.detached())
    }

    /// The largest difference between hand and autograd gradients.
    public static func largestGradientDifference(of network: Sequential) throws -> Double {
        let hand = handGradients(of: network), automatic = try autogradGradients(of: network)
        return zip(hand, automatic).map { ($0 - $1).abs().max().item }.max()!
    }

    /// Trains the network on XOR with the quadratic cost and returns its outputs for the four inputs.
    public static func train(_ network: Sequential, epochs: Int = 3000) throws -> (history: History, outputs: Tensor) {
        let history = try network.fit(inputs, targets, epochs: epochs, batchSize: 4,
                                      optimizer: SGD(network.trainableParameters(), learningRate: 2, momentum: 0.9),
                                      loss: .quadratic, metrics: [.accuracy], seed: 1, verbose: false)
        return (history, network.predict(inputs))
    }

    /// Compares the hand and autograd gradients, trains the network (3000 epochs) and reports the results with
    /// the learned truth table.
    public static func run() throws -> String {
        let network = makeNetwork(seed: 3)
        var lines = ["XOR with a 2-2-1 sigmoid network, quadratic cost C = 1/(2n) Σ ‖a - y‖²", ""]
        let hand = handGradients(of: network), automatic = try autogradGradients(of: network)
        for (name, (h, a)) in zip(["∂C/∂W¹", "∂C/∂b¹", "∂C/∂W²", "∂C/∂b²"], zip(hand, automatic)) {
            lines.append("\(name) by BP1–BP4: \(h.scalars(as: Double.self).map { String(format: "% .6f", $0) }.joined(separator: " "))")
            lines.append("\(name) by autograd: \(a.scalars(as: Double.self).map { String(format: "% .6f", $0) }.joined(separator: " "))")
        }
        lines.append(String(format: "largest difference: %.2e", try largestGradientDifference(of: network)))
        let (history, outputs) = try train(network)
        lines.append("")
        lines.append("after \(history.epochs.count) epochs of gradient descent: cost \(formatMetric(history["loss"].last!)), accuracy \(history["accuracy"].last!)")
        lines.append("x1 x2 | target  output")
        for i in 0..<4 {
            lines.append(String(format: " %.0f  %.0f |   %.0f     %.4f", inputs.scalar(at: [i, 0]), inputs.scalar(at: [i, 1]),
                                targets.scalar(at: [i, 0]), outputs.scalar(at: [i, 0])))
        }
        return lines.joined(separator: "\n")
    }
}

private func formatMetric(_ value: Double) -> String { String(format: "%.6f", value) }
