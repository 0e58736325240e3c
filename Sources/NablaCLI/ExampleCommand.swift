import ArgumentParser
import Foundation
import NablaExamples

/// `nabla example NAME`: runs one of the notes' worked examples and prints what it shows.
struct ExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Run one of the notes' worked examples.",
        discussion: """
        nand:       the NAND perceptron (w = -2, -2, b = 3) and a network of them adding two bits
        xor:        XOR by a 2-2-1 sigmoid network; backpropagation by hand (BP1-BP4) vs autograd
        neuron:     one sigmoid neuron learning slowly with the quadratic cost, fast with cross-entropy;
                    from the notes' starts (w = 0.6, b = 0.9 and w = b = 4) or from --weight and --bias
        regression: an MLP fitted to noisy samples of a 1-D function
        reverse:    an encoder-decoder LSTM pair learning to reverse digit strings (up to 8 digits);
                    exact match on 1,000 held-out strings
        """
    )

    enum Name: String, ExpressibleByArgument, CaseIterable { case nand, xor, neuron, regression, reverse }

    @Argument(help: "nand, xor, neuron, regression or reverse.") var name: Name
    @Option(parsing: .unconditional, help: "neuron: the starting weight w (with --bias).") var weight: Double?
    @Option(parsing: .unconditional, help: "neuron: the starting bias b (with --weight).") var bias: Double?
    @Option(parsing: .unconditional, help: "reverse: training steps.") var steps = 3000
    @Option(parsing: .unconditional, help: "reverse: random seed.") var seed: UInt64 = 1

    func validate() throws {
        guard (weight == nil) == (bias == nil) else { throw ValidationError("give --weight and --bias together") }
        guard weight == nil || name == .neuron else { throw ValidationError("--weight and --bias belong to the neuron example") }
        for (flag, value) in [("--weight", weight), ("--bias", bias)] {
            if let value, !(value.isFinite && abs(value) <= 100) {
                throw ValidationError("\(flag) must be a number from -100 to 100, got \(value)")
            }
        }
        guard steps > 0 else { throw ValidationError("--steps must be positive, not \(steps)") }
    }

    func run() throws {
        switch name {
        case .nand: print(PerceptronExample.run())
        case .xor: print(try XORExample.run())
        case .neuron:
            if let weight, let bias {
                print(try SingleNeuronExample.run(starts: [(w: weight, b: bias)]))
            } else {
                print(try SingleNeuronExample.run())
            }
        case .regression: print(try RegressionExample.run())
        case .reverse:
            let started = Date()
            let result = try DigitReversalExample.run(steps: steps, seed: seed) { step, exact in
                print(String(format: "step %5d: held-out exact match %.1f%%", step, exact * 100))
            }
            print(String(format: "\ntrained in %.1f s", Date().timeIntervalSince(started)))
            print(result)
        }
    }
}
