import ArgumentParser
import NablaExamples

/// `nabla example NAME`: runs one of the notes' worked examples and prints what it shows.
struct ExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Run one of the notes' worked examples.",
        discussion: """
        nand:       the NAND perceptron (w = -2, -2, b = 3) and a network of them adding two bits
        xor:        XOR by a 2-2-1 sigmoid network; backpropagation by hand (BP1-BP4) vs autograd
        neuron:     one sigmoid neuron learning slowly with the quadratic cost, fast with cross-entropy
        regression: an MLP fitted to noisy samples of a 1-D function
        """
    )

    enum Name: String, ExpressibleByArgument, CaseIterable { case nand, xor, neuron, regression }

    @Argument(help: "nand, xor, neuron or regression.") var name: Name

    func run() throws {
        switch name {
        case .nand: print(PerceptronExample.run())
        case .xor: print(try XORExample.run())
        case .neuron: print(try SingleNeuronExample.run())
        case .regression: print(try RegressionExample.run())
        }
    }
}
