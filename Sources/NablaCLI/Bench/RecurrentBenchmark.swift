import ArgumentParser
import Foundation
import Nabla

extension BenchCommand {
    struct Recurrent: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rnn",
            abstract: "Training tokens per second of a character LSTM(256) and GRU(256) (batch 32, 100 steps, Adam), and samples per second of the row-by-row LSTM(128) image classifier.",
            discussion: "With --python pointing at a Python that has torch, Benchmarks/rnn_torch.py trains the same networks in PyTorch (nn.LSTM, nn.GRU) in the same run.")

        @Option(help: "A Python interpreter with torch installed, to measure PyTorch alongside.") var python: String?
        @Option(help: "Threads for PyTorch (Nabla uses all usable cores).") var threads = CPU.usableCores
        @Option(help: "wall: elapsed time; processor: the processor time of all threads (for single-thread runs under `taskset -c 0` on a shared machine).")
        var clock = BenchmarkClock.wall
        @Option(help: "Only this network (lstm, gru or rows), for instance under a profiler; all three by default.")
        var network: RecurrentBenchmark.Network?
        @Option(help: "Rounds of 5 training steps per network; the best round counts.") var rounds = 3

        func validate() throws {
            guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1, got \(rounds)") }
        }

        func run() throws {
            let networks = network.map { [$0] } ?? RecurrentBenchmark.Network.allCases
            let ours = try RecurrentBenchmark.measure(networks, rounds: rounds, clock: clock)
            let theirs = try python.map {
                try PeerScript.run("rnn_torch.py", python: $0, threads: threads, expecting: 3, extraArguments: ["--clock", clock.rawValue])
            }
            print("CPU: \(ConvolutionBenchmark.processorName), \(CPU.usableCores) usable cores, \(clock.rawValue) clock")
            print("training step, Adam                               Nabla     PyTorch   Nabla/PyTorch")
            for network in networks {
                let (index, name, value) = (network.index, network.title, ours[network]!)
                let peer = theirs.map { String(format: "%11.0f   %12.2fx", $0[index], value / $0[index]) } ?? "          -               -"
                print(name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%12.0f", value) + peer)
            }
        }
    }
}

/// Whole training steps of recurrent networks, built as `Benchmarks/rnn_torch.py` builds them.
enum RecurrentBenchmark {
    static let vocabularySize = 65, embeddingSize = 64, hiddenSize = 256, batchSize = 32, sequenceLength = 100

    /// The networks measured, in the order `Benchmarks/rnn_torch.py` prints them.
    enum Network: String, ExpressibleByArgument, CaseIterable {
        case lstm, gru, rows

        /// The position of the network's figure in `rnn_torch.py`'s output.
        var index: Int { Self.allCases.firstIndex(of: self)! }

        /// The network and its unit, as the table shows them.
        var title: String {
            switch self {
            case .lstm: "character LSTM(256), tokens/s"
            case .gru: "character GRU(256), tokens/s"
            case .rows: "row-by-row LSTM(128), samples/s"
            }
        }
    }

    /// Tokens/s of the character LSTM and GRU, samples/s of `nabla train --model lstm:128`'s network, for
    /// those of `networks` (the best of `rounds` rounds of 5 steps each).
    static func measure(_ networks: [Network] = Network.allCases, rounds: Int = 3, clock: BenchmarkClock = .wall) throws -> [Network: Double] {
        RandomGenerator.seedGlobal(1)
        var generator = RandomGenerator(seed: 1)
        let randomText = { (0..<batchSize * sequenceLength).map { _ in Int(generator.next() % UInt64(vocabularySize)) } }
        let characters = Tensor(indices: randomText()).reshaped([batchSize, sequenceLength])
        let nextCharacters = Tensor(indices: randomText())
        let tokens = Double(batchSize * sequenceLength)
        let lstm = Sequential {
            Embedding(vocabularySize, embeddingSize)
            LSTM(inputSize: embeddingSize, hiddenSize: hiddenSize)
            Linear(hiddenSize, vocabularySize)
        }
        let gru = Sequential {
            Embedding(vocabularySize, embeddingSize)
            GRU(inputSize: embeddingSize, hiddenSize: hiddenSize)
            Linear(hiddenSize, vocabularySize)
        }
        let rowModel = try ModelArchitecture(parsing: "lstm:128").makeModel()
        let images = Tensor.randomNormal([64, 28, 28])
        let labels = Tensor(indices: (0..<64).map { $0 % 10 })
        var figures: [Network: Double] = [:]
        for network in networks {
            switch network {
            case .lstm: figures[network] = tokens / (try secondsPerStep(lstm, characters, nextCharacters, rounds: rounds, clock: clock))
            case .gru: figures[network] = tokens / (try secondsPerStep(gru, characters, nextCharacters, rounds: rounds, clock: clock))
            case .rows: figures[network] = 64 / (try secondsPerStep(rowModel, images, labels, rounds: rounds, clock: clock))
            }
        }
        return figures
    }

    /// The best time on `clock` of one forward, backward and Adam step (`rounds` rounds of 5 steps), in seconds.
    private static func secondsPerStep(_ model: Sequential, _ inputs: Tensor, _ labels: Tensor, rounds: Int, clock: BenchmarkClock) throws -> Double {
        let optimizer = Adam(model.trainableParameters(), learningRate: 1e-3)
        let microseconds = try AutogradBenchmark.time(iterations: 5, rounds: rounds, clock: clock) {
            optimizer.zeroGrad()
            let logits = model(inputs)
            try Tensor.crossEntropy(logits: logits.reshaped([-1, logits.shape[logits.rank - 1]]), labels: labels).backward()
            optimizer.step()
        }
        return microseconds / 1e6
    }
}
