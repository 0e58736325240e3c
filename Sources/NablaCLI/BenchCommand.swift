import ArgumentParser
import Foundation
import Nabla

/// `nabla bench`: speed measurements, printed next to a peer (OpenBLAS, PyTorch) measured in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (build with -c release): kernels, autograd, MLP, epoch, sequence, modules, conv, cnn, rnn, imageops, autobatch.",
        subcommands: [
            Kernels.self, Autograd.self, MLP.self, Epoch.self, Sequence.self, Networks.self, Modules.self, Convolution.self, Recurrent.self,
            ImageOps.self, Autobatching.self,
        ]
    )

    struct Kernels: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "sgemm GFLOP/s at 64…2048 next to OpenBLAS (loaded at run time if installed), and vector math throughput.")

        @Option(help: "Threads for Nabla and OpenBLAS.") var threads = CPU.usableCores

        func run() throws {
            runKernelBenchmark(threads: threads)
        }
    }

    struct Autograd: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per-operation overhead with autograd on: a small a + b, and Linear(10,10) forward+backward.",
            discussion: "With --python pointing at a Python that has torch, Benchmarks/autograd_torch.py runs the same measurements in PyTorch in the same run.")

        @Option(help: "A Python interpreter with torch installed, to measure PyTorch alongside.") var python: String?
        @Option(help: "Threads for PyTorch.") var threads = CPU.usableCores

        func run() throws {
            let nabla = AutogradBenchmark.measure()
            var rows = [("a + b, [10] floats, autograd on", nabla.addMicroseconds, Double?.none),
                        ("Linear(10,10) forward+backward, batch 16", nabla.linearMicroseconds, Double?.none)]
            if let python {
                let torch = try AutogradBenchmark.measureTorch(python: python, threads: threads)
                rows[0].2 = torch.addMicroseconds
                rows[1].2 = torch.linearMicroseconds
            }
            print("operation                                   Nabla (µs)   PyTorch (µs)   PyTorch/Nabla")
            for (name, ours, theirs) in rows {
                let peer = theirs.map { String(format: "%12.3f   %12.1fx", $0, $0 / ours) } ?? "           -               -"
                print(name.padding(toLength: 42, withPad: " ", startingAt: 0) + String(format: "%12.3f", ours) + "   " + peer)
            }
        }
    }
}

extension BenchCommand {
    struct MLP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mlp",
            abstract: "Training steps per second of a 784-256-128-10 ReLU MLP (batch 64, forward + backward + optimiser step).",
            discussion: "With --python pointing at a Python that has torch, Benchmarks/mlp_torch.py measures the same step in PyTorch in the same run.")

        @Option(help: "A Python interpreter with torch installed, to measure PyTorch alongside.") var python: String?
        @Option(help: "Threads for PyTorch (Nabla uses all usable cores).") var threads = CPU.usableCores

        func run() throws {
            let ours = [("Adam", MLPBenchmark.samplesPerSecond(optimizer: "adam")),
                        ("SGD + momentum", MLPBenchmark.samplesPerSecond(optimizer: "sgd"))]
            let theirs = try python.map { try PeerScript.run("mlp_torch.py", python: $0, threads: threads, expecting: 2) }
            print("784-256-128-10 MLP, batch 64      Nabla samples/s   PyTorch samples/s   Nabla/PyTorch")
            for (index, (name, value)) in ours.enumerated() {
                let peer = theirs.map { String(format: "%17.0f   %12.2fx", $0[index], value / $0[index]) } ?? "                -               -"
                print(name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%15.0f", value) + "   " + peer)
            }
        }
    }
}

extension BenchCommand {
    struct Epoch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seconds per epoch of nabla train's default MLP on the full Fashion-MNIST, next to PyTorch.",
            discussion: "Both train 784-256-128-10 with Adam (1e-3), batch 64, shuffled; the best epoch time counts. With --python, Benchmarks/fashion_mnist_torch.py runs the PyTorch side in the same run.")

        @Option(help: "Epochs to time.") var epochs = 3
        @Option(help: "A Python interpreter with torch installed.") var python: String?
        @Option(help: "Threads for PyTorch.") var threads = CPU.usableCores
        @Option(name: .customLong("data-dir"), help: "Directory with the Fashion-MNIST files.") var dataDirectory = "/usr/share/datasets/fashion-mnist"

        func run() throws {
            let directory = URL(fileURLWithPath: dataDirectory)
            let options = MNISTLoadOptions(allowsDownload: false, allowsSample: false)
            let training = try MNIST.load(.fashionMNIST, split: .train, directory: directory, options: options)
            let test = try MNIST.load(.fashionMNIST, split: .test, directory: directory, options: options)
            let model = RandomGenerator.seeded(1) { ModelArchitecture.standard.makeModel() }
            let optimizer = Adam(model.trainableParameters(), learningRate: 1e-3)
            let timer = EpochTimer()
            try model.fit(DataLoader(training, batchSize: 64, seed: 1), epochs: epochs, optimizer: optimizer,
                          loss: .crossEntropy, callbacks: [timer], verbose: false)
            let accuracy = try model.evaluate(test, loss: .crossEntropy, metrics: [.accuracy])["accuracy"]!
            let ours = timer.seconds.min()!
            print("784-256-128-10 MLP, Fashion-MNIST 60k, Adam, batch 64    s/epoch   test accuracy after \(epochs) epochs")
            print(String(format: "Nabla                                                    %7.3f   %.4f", ours, accuracy))
            if let python {
                let torch = try PeerScript.run("fashion_mnist_torch.py", python: python, threads: threads, expecting: 2,
                                               extraArguments: ["--epochs", String(epochs), "--data", dataDirectory])
                print(String(format: "PyTorch                                                  %7.3f   %.4f", torch[0], torch[1]))
                print(String(format: "Nabla is %.2fx as fast", torch[0] / ours))
            }
        }
    }
}

extension BenchCommand {
    struct Modules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Microseconds per call of parameters(), namedParameters(), eval() + train() and zeroGrad() on a 40-layer Sequential.")

        @Option(help: "Layers in the Sequential (half Linear(16, 16), half ReLU).") var layers = 40

        func run() throws {
            print("\(layers)-layer Sequential                   µs per call")
            for (name, microseconds) in ModuleBenchmark.measure(layers: layers) {
                print(name.padding(toLength: 38, withPad: " ", startingAt: 0) + String(format: "%12.2f", microseconds))
            }
        }
    }
}

/// Times each epoch of a `fit`.
final class EpochTimer: Callback {
    private(set) var seconds: [Double] = []
    private var start = Date()
    func epochWillBegin(_ epoch: Int, context: TrainingContext) { start = Date() }
    func batchDidEnd(_ batch: Int, loss: Double, context: TrainingContext) {
        if batch == context.batchesPerEpoch - 1 { seconds.append(Date().timeIntervalSince(start)) }
    }
}

/// The MLP training-step benchmark.
enum MLPBenchmark {
    static func samplesPerSecond(optimizer name: String, batchSize: Int = 64) -> Double {
        RandomGenerator.seedGlobal(1)
        let model = Sequential {
            Linear(784, 256, weightInitializer: .heUniform)
            ReLU()
            Linear(256, 128, weightInitializer: .heUniform)
            ReLU()
            Linear(128, 10, weightInitializer: .heUniform)
        }
        let optimizer: any Optimizer = name == "adam"
            ? Adam(model.trainableParameters(), learningRate: 1e-3)
            : SGD(model.trainableParameters(), learningRate: 0.01, momentum: 0.9)
        let x = Tensor.randomNormal([batchSize, 784])
        let labels = Tensor((0..<batchSize).map { Double($0 % 10) })
        let microseconds = try! AutogradBenchmark.time(iterations: 200) {
            optimizer.zeroGrad()
            let loss = try Tensor.crossEntropy(logits: model(x), labels: labels)
            try loss.backward()
            optimizer.step()
        }
        return Double(batchSize) / (microseconds / 1e6)
    }
}

/// Micro-benchmarks of the autograd overhead.
enum AutogradBenchmark {
    struct Figures { var addMicroseconds: Double; var linearMicroseconds: Double }

    /// Best of several timed rounds, in microseconds per iteration, on `clock`.
    static func time(iterations: Int, rounds: Int = 7, clock: BenchmarkClock = .wall, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<rounds {
            let start = clock.nanoseconds()
            for _ in 0..<iterations { try body() }
            let elapsed = Double(clock.nanoseconds() - start) / 1e3 / Double(iterations)
            best = Swift.min(best, elapsed)
        }
        return best
    }

    static func measure() -> Figures {
        var generator = RandomGenerator(seed: 7)
        let a = Tensor.randomNormal([10], generator: &generator).requiringGrad()
        let b = Tensor.randomNormal([10], generator: &generator)
        var sink = 0
        let add = time(iterations: 200_000) { sink &+= (a + b).count }

        let x = Tensor.randomNormal([16, 10], generator: &generator)
        let weight = Tensor.randomNormal([10, 10], standardDeviation: 0.3, generator: &generator).requiringGrad()
        let bias = Tensor.zeros([10]).requiringGrad()
        let linear = try! time(iterations: 20_000) {
            let y = x.matmul(weight, transposingOther: true) + bias   // y = x Wᵀ + b
            try y.sum().backward()
            weight.zeroGrad()
            bias.zeroGrad()
        }
        precondition(sink > 0)
        return Figures(addMicroseconds: add, linearMicroseconds: linear)
    }

    /// Runs Benchmarks/autograd_torch.py with `python` and reads its two figures.
    static func measureTorch(python: String, threads: Int) throws -> Figures {
        let values = try PeerScript.run("autograd_torch.py", python: python, threads: threads, expecting: 2)
        return Figures(addMicroseconds: values[0], linearMicroseconds: values[1])
    }
}

/// A peer's side of a benchmark: a script in Benchmarks/ that prints its figures as numbers on one line.
enum PeerScript {
    static func run(_ name: String, python: String, threads: Int, expecting count: Int, extraArguments: [String] = []) throws -> [Double] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Benchmarks/\(name)").standardized.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--threads", String(threads)] + extraArguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let values = output.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        guard process.terminationStatus == 0, values.count == count else {
            throw ValidationError("\(script) failed under \(python) (exit \(process.terminationStatus)): \(output)")
        }
        return values
    }
}
