import ArgumentParser
import Foundation
import Nabla

extension BenchCommand {
    struct Convolution: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "conv",
            abstract: "Milliseconds per call of Conv2d(32→64, 5x5, same) on [64, 32, 14, 14]: forward, and forward + backward.",
            discussion: "With --python pointing at a Python that has torch, Benchmarks/conv_torch.py measures the same layer in PyTorch in the same run.")

        @Option(help: "A Python interpreter with torch installed, to measure PyTorch alongside.") var python: String?
        @Option(help: "Threads for PyTorch (Nabla uses all usable cores).") var threads = CPU.usableCores

        func run() throws {
            let ours = try ConvolutionBenchmark.milliseconds()
            let theirs = try python.map { try PeerScript.run("conv_torch.py", python: $0, threads: threads, expecting: 2) }
            print("CPU: \(ConvolutionBenchmark.processorName), \(CPU.usableCores) usable cores")
            print("Conv2d(32→64, 5x5, same), [64, 32, 14, 14]   Nabla ms   PyTorch ms   PyTorch/Nabla")
            for (index, (name, value)) in [("forward", ours.forward), ("forward + backward", ours.forwardBackward)].enumerated() {
                let peer = theirs.map { String(format: "%10.2f   %12.2fx", $0[index], $0[index] / value) } ?? "         -               -"
                print(name.padding(toLength: 43, withPad: " ", startingAt: 0) + String(format: "%10.2f", value) + "   " + peer)
            }
        }
    }
}

/// The convolution benchmark: one layer, forward alone and forward + backward from the output's sum.
enum ConvolutionBenchmark {
    static func milliseconds() throws -> (forward: Double, forwardBackward: Double) {
        RandomGenerator.seedGlobal(1)
        let layer = Conv2d(32, 64, kernelSize: 5, padding: .same)
        let x = Tensor.randomNormal([64, 32, 14, 14])
        let images = x.requiringGrad()
        var sink = 0
        let forward = AutogradBenchmark.time(iterations: 10) { withoutGradients { sink &+= layer(x).count } }
        let forwardBackward = try AutogradBenchmark.time(iterations: 10) {
            layer.zeroGrad()
            images.zeroGrad()
            try layer(images).sum().backward()
        }
        precondition(sink > 0)
        return (forward / 1e3, forwardBackward / 1e3)
    }

    /// The processor's name from /proc/cpuinfo ("model name"), or "unknown CPU".
    static var processorName: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
              let colon = line.firstIndex(of: ":")
        else { return "unknown CPU" }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}
