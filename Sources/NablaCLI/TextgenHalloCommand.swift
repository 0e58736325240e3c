import ArgumentParser
import NablaExamples

/// `nabla textgen hallo`: the notes' smallest next-character example.
struct TextgenHalloCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hallo",
        abstract: "Learn \"hallo\" from one-hot letters (h → a → l → l → o) and print the prediction of every step.")

    @Option(help: "rnn (the notes' tanh RNN) or lstm.") var cell: HalloExample.Cell = .rnn
    // Numbers may be negative: these options take the next word whatever it looks like, so validate() can name the flag.
    @Option(parsing: .unconditional, help: "Hidden units.") var hidden = 8
    @Option(parsing: .unconditional, help: "Adam steps (full BPTT through the four steps each).") var steps = 200
    @Option(parsing: .unconditional, help: "Random seed of the weights.") var seed: UInt64 = 1

    func validate() throws {
        guard hidden > 0 else { throw ValidationError("--hidden must be positive, not \(hidden)") }
        guard steps > 0 else { throw ValidationError("--steps must be positive, not \(steps)") }
    }

    func run() throws {
        print(try HalloExample.run(cell: cell, hiddenSize: hidden, steps: steps, seed: seed))
    }
}

extension HalloExample.Cell: ExpressibleByArgument {}
