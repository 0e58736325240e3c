import ArgumentParser
import Foundation
import Nabla

extension BenchCommand {
    struct Networks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cnn",
            abstract: "Training samples per second of LeNet-5 and the TensorFlow tutorial's CNN (batch 64, Adam, forward + backward + step).",
            discussion: "With --python pointing at a Python that has torch, Benchmarks/cnn_torch.py trains the same networks in PyTorch in the same run.")

        @Option(help: "A Python interpreter with torch installed, to measure PyTorch alongside.") var python: String?
        @Option(help: "Threads for PyTorch (Nabla uses all usable cores).") var threads = CPU.usableCores

        func run() throws {
            let ours = try ["lenet", "cnn"].map { try NetworkBenchmark.samplesPerSecond(model: $0) }
            let theirs = try python.map { try PeerScript.run("cnn_torch.py", python: $0, threads: threads, expecting: 2) }
            print("CPU: \(ConvolutionBenchmark.processorName), \(CPU.usableCores) usable cores")
            print("training step, batch 64, Adam         Nabla samples/s   PyTorch samples/s   Nabla/PyTorch")
            for (index, name) in ["LeNet-5", "TensorFlow tutorial CNN"].enumerated() {
                let peer = theirs.map { String(format: "%17.0f   %12.2fx", $0[index], ours[index] / $0[index]) } ?? "                -               -"
                print(name.padding(toLength: 38, withPad: " ", startingAt: 0) + String(format: "%15.0f", ours[index]) + "   " + peer)
            }
        }
    }
}

/// Whole training steps of the convolutional networks `nabla train --model` builds.
enum NetworkBenchmark {
    /// Samples per second of forward, backward and an Adam step at batch 64 (best of 3 rounds).
    static func samplesPerSecond(model name: String, batchSize: Int = 64) throws -> Double {
        RandomGenerator.seedGlobal(1)
        let model = try ModelArchitecture(parsing: name).makeModel()
        let optimizer = Adam(model.trainableParameters(), learningRate: 1e-3)
        let x = Tensor.randomNormal([batchSize, 28, 28])
        let labels = Tensor(indices: (0..<batchSize).map { $0 % 10 })
        let microseconds = try AutogradBenchmark.time(iterations: 5, rounds: 3) {
            optimizer.zeroGrad()
            try Tensor.crossEntropy(logits: model(x), labels: labels).backward()
            optimizer.step()
        }
        return Double(batchSize) / (microseconds / 1e6)
    }
}
