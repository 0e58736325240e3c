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

        func run() throws {
            let ours = try RecurrentBenchmark.measure(clock: clock)
            let theirs = try python.map {
                try PeerScript.run("rnn_torch.py", python: $0, threads: threads, expecting: 3, extraArguments: ["--clock", clock.rawValue])
            }
            print("CPU: \(ConvolutionBenchmark.processorName), \(CPU.usableCores) usable cores, \(clock.rawValue) clock")
            print("training step, Adam                               Nabla     PyTorch   Nabla/PyTorch")
            let rows = [("character LSTM(256), tokens/s", ours[0]), ("character GRU(256), tokens/s", ours[1]),
                        ("row-by-row LSTM(128), samples/s", ours[2])]
            for (index, (name, value)) in rows.enumerated() {
                let peer = theirs.map { String(format: "%11.0f   %12.2fx", $0[index], value / $0[index]) } ?? "          -               -"
                print(name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%12.0f", value) + peer)
            }
        }
    }
}

/// Whole training steps of recurrent networks, built as `Benchmarks/rnn_torch.py` builds them.
enum RecurrentBenchmark {
    static let vocabularySize = 65, embeddingSize = 64, hiddenSize = 256, batchSize = 32, sequenceLength = 100

    /// Tokens/s of the character LSTM and GRU, samples/s of `nabla train --model lstm:128`'s network.
    static func measure(clock: BenchmarkClock = .wall) throws -> [Double] {
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
        return [tokens / (try secondsPerStep(lstm, characters, nextCharacters, clock: clock)),
                tokens / (try secondsPerStep(gru, characters, nextCharacters, clock: clock)),
                64 / (try secondsPerStep(rowModel, images, labels, clock: clock))]
    }

    /// The best time on `clock` of one forward, backward and Adam step (3 rounds of 5 steps), in seconds.
    private static func secondsPerStep(_ model: Sequential, _ inputs: Tensor, _ labels: Tensor, clock: BenchmarkClock) throws -> Double {
        let optimizer = Adam(model.trainableParameters(), learningRate: 1e-3)
        let microseconds = try AutogradBenchmark.time(iterations: 5, rounds: 3, clock: clock) {
            optimizer.zeroGrad()
            let logits = model(inputs)
            try Tensor.crossEntropy(logits: logits.reshaped([-1, logits.shape[logits.rank - 1]]), labels: labels).backward()
            optimizer.step()
        }
        return microseconds / 1e6
    }
}
