import ArgumentParser
import Foundation
import Nabla

extension BenchCommand {
    struct ImageOps: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "imageops",
            abstract: "Milliseconds per call of the image-to-image layers on [8, 32, 64, 64]: forward, and forward + backward.",
            discussion: "With --python pointing at a Python that has torch, Benchmarks/imageops_torch.py measures the same layers in PyTorch in the same run.")

        @Option(help: "A Python interpreter with torch installed, to measure PyTorch alongside.") var python: String?
        @Option(help: "Threads for PyTorch (Nabla uses all usable cores).") var threads = CPU.usableCores
        @Option(help: "wall: elapsed time; processor: the processor time of all threads (for single-thread runs under `taskset -c 0` on a shared machine).")
        var clock = BenchmarkClock.wall

        func run() throws {
            let ours = try ImageOpsBenchmark.milliseconds(clock: clock)
            let theirs = try python.map {
                try PeerScript.run("imageops_torch.py", python: $0, threads: threads, expecting: 2 * ours.count, extraArguments: ["--clock", clock.rawValue])
            }
            print("CPU: \(ConvolutionBenchmark.processorName), \(CPU.usableCores) usable cores, \(clock.rawValue) clock")
            print("[8, 32, 64, 64]                                             Nabla ms   PyTorch ms   PyTorch/Nabla")
            for (index, row) in ours.enumerated() {
                for (offset, (pass, value)) in [("forward", row.forward), ("forward + backward", row.forwardBackward)].enumerated() {
                    let peer = theirs.map { String(format: "%10.2f   %12.2fx", $0[2 * index + offset], $0[2 * index + offset] / value) }
                        ?? "         -               -"
                    print("\(row.name), \(pass)".padding(toLength: 58, withPad: " ", startingAt: 0) + String(format: "%10.2f", value) + "   " + peer)
                }
            }
        }
    }
}

/// The image-to-image layers of a style-transfer network, each on one batch of feature maps: forward
/// alone and forward + backward from the output's sum, best of 7 rounds on `clock`.
enum ImageOpsBenchmark {
    static func milliseconds(clock: BenchmarkClock = .wall) throws -> [(name: String, forward: Double, forwardBackward: Double)] {
        RandomGenerator.seedGlobal(1)
        let layers: [(String, any Layer)] = [
            ("Upsample2d(scale: 2)", Upsample2d(scale: 2)),
            ("Upsample2d(scale: 2, mode: bilinear)", Upsample2d(scale: 2, mode: .bilinear)),
            ("ReflectionPad2d(1)", ReflectionPad2d(1)),
            ("InstanceNorm2d(32, affine: true)", InstanceNorm2d(32, affine: true)),
            ("ConvTranspose2d(32 → 16, 3, stride 2)", ConvTranspose2d(32, 16, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1)),
        ]
        let x = Tensor.randomNormal([8, 32, 64, 64])
        let images = x.requiringGrad()
        var sink = 0
        return try layers.map { name, layer in
            let forward = AutogradBenchmark.time(iterations: 10, clock: clock) { withoutGradients { sink &+= layer(x).count } }
            let forwardBackward = try AutogradBenchmark.time(iterations: 10, clock: clock) {
                layer.zeroGrad()
                images.zeroGrad()
                try layer(images).sum().backward()
            }
            precondition(sink > 0)
            return (name, forward / 1e3, forwardBackward / 1e3)
        }
    }
}
