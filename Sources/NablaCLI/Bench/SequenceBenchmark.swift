import ArgumentParser
import Foundation
import Nabla
#if canImport(Glibc)
import Glibc
#endif

extension BenchCommand {
    struct Sequence: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sequence",
            abstract: "The backward pass on sequences: per-step slices, a composite LSTM, a dense layer over [T, N, D], a weight used at every step.",
            discussion: "With --python pointing at a Python that has torch, Benchmarks/sequence_torch.py measures the slices and the LSTM in PyTorch in the same run.")

        @Option(help: "A Python interpreter with torch installed, to measure PyTorch alongside.") var python: String?
        @Option(help: "Threads for PyTorch (Nabla uses all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount

        func run() throws {
            let lengths = [50, 100, 200]
            let ours = try SequenceBenchmark.measure(lengths: lengths)
            let theirs = try python.map { try PeerScript.run("sequence_torch.py", python: $0, threads: threads, expecting: 2 * lengths.count + 3) }
            func peer(_ index: Int, _ value: Double) -> String {
                theirs.map { String(format: "%12.2f   %10.2fx", $0[index], $0[index] / value) } ?? "           -            -"
            }
            print("backward of [32, T, 256] cut per time step     Nabla (ms)   PyTorch (ms)   PyTorch/Nabla")
            for (index, length) in lengths.enumerated() {
                print(String(format: "  x[:, t] for every t, T = %-3d               %12.2f   ", length, ours.sliceBackward[index]) + peer(index, ours.sliceBackward[index]))
                print(String(format: "  unstacked (one node), T = %-3d             %12.2f   ", length, ours.unstackBackward[index]) + peer(lengths.count + index, ours.unstackBackward[index]))
            }
            let base = 2 * lengths.count
            print("composite LSTM, T = 100, N = 32, D = H = 256")
            print(String(format: "  forward (ms)                               %12.2f   ", ours.lstmForward) + peer(base, ours.lstmForward))
            print(String(format: "  backward (ms)                              %12.2f   ", ours.lstmBackward) + peer(base + 1, ours.lstmBackward))
            print(String(format: "  peak memory of forward + backward (MiB)    %12.1f   ", ours.lstmPeakMiB) + peer(base + 2, ours.lstmPeakMiB))
            print("dense layer 256 -> 1024, forward + backward    Nabla (ms)   peak (MiB)")
            print(String(format: "  on [100, 32, 256]                          %12.2f   %10.1f", ours.batchedLinear.milliseconds, ours.batchedLinear.peakMiB))
            print(String(format: "  on [3200, 256] (reshaped)                  %12.2f   %10.1f", ours.reshapedLinear.milliseconds, ours.reshapedLinear.peakMiB))
            print("W [256, 256] in h = tanh(h·W), backward         Nabla (ms)")
            print(String(format: "  used 100 times at batch 1                  %12.2f", ours.weightUsedManyTimes))
            print(String(format: "  used once at batch 100                     %12.2f", ours.weightUsedOnce))
        }
    }
}

/// The sequence benchmarks: what recurrent networks ask of the autograd engine.
enum SequenceBenchmark {
    struct Figures {
        var sliceBackward: [Double] = [], unstackBackward: [Double] = []
        var lstmForward = 0.0, lstmBackward = 0.0, lstmPeakMiB = 0.0
        var batchedLinear = (milliseconds: 0.0, peakMiB: 0.0), reshapedLinear = (milliseconds: 0.0, peakMiB: 0.0)
        var weightUsedManyTimes = 0.0, weightUsedOnce = 0.0
    }

    static func measure(lengths: [Int]) throws -> Figures {
        var figures = Figures()
        var generator = RandomGenerator(seed: 3)
        for length in lengths {
            let x = Tensor.randomNormal([32, length, 256], generator: &generator).requiringGrad()
            figures.sliceBackward.append(try backwardMilliseconds { (0..<length).reduce(Tensor(0)) { $0 + x[0..., $1].sum() } })
            figures.unstackBackward.append(try backwardMilliseconds { x.unstacked(alongAxis: 1).reduce(Tensor(0)) { $0 + $1.sum() } })
        }
        (figures.lstmForward, figures.lstmBackward, figures.lstmPeakMiB) = try compositeLSTM(generator: &generator)
        let input = Tensor.randomNormal([100, 32, 256], generator: &generator)
        let weight = Tensor.randomNormal([1024, 256], standardDeviation: 0.06, generator: &generator).requiringGrad()
        let bias = Tensor.zeros([1024]).requiringGrad()
        figures.batchedLinear = try denseLayer(input, weight, bias)
        figures.reshapedLinear = try denseLayer(input.reshaped([3200, 256]), weight, bias)
        let recurrent = Tensor.randomNormal([256, 256], standardDeviation: 0.06, generator: &generator).requiringGrad()
        figures.weightUsedManyTimes = try backwardMilliseconds {
            (0..<100).reduce(Tensor.ones([1, 256])) { h, _ in h.matmul(recurrent).tanh() }.sum()
        }
        figures.weightUsedOnce = try backwardMilliseconds { Tensor.ones([100, 256]).matmul(recurrent).tanh().sum() }
        return figures
    }

    /// Best of 5 backward passes of the graph `build` records, in milliseconds (graph building not timed).
    static func backwardMilliseconds(_ build: () throws -> Tensor) throws -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let loss = try build()
            let start = DispatchTime.now().uptimeNanoseconds
            try loss.backward()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return best
    }

    /// An LSTM written with tensor operations: the input projection of all steps as one product, then
    /// per step z = xₜWₓ + hWₕ + b cut into the gates i, f, g, o; c = f⊙c + i⊙g; h = o⊙tanh(c).
    static func compositeLSTM(generator: inout RandomGenerator, steps: Int = 100, batch: Int = 32, size: Int = 256) throws
        -> (forward: Double, backward: Double, peakMiB: Double) {
        let x = Tensor.randomNormal([batch, steps, size], generator: &generator)
        let inputWeight = Tensor.randomNormal([size, 4 * size], standardDeviation: 0.06, generator: &generator).requiringGrad()
        let recurrentWeight = Tensor.randomNormal([size, 4 * size], standardDeviation: 0.06, generator: &generator).requiringGrad()
        let bias = Tensor.zeros([4 * size]).requiringGrad()
        func step() throws -> (forward: Double, backward: Double) {
            let start = DispatchTime.now().uptimeNanoseconds
            let projected = x.matmul(inputWeight) + bias
            var h = Tensor.zeros([batch, size]), c = Tensor.zeros([batch, size])
            var outputs: [Tensor] = []
            for t in 0..<steps {
                let gates = (projected[0..., t] + h.matmul(recurrentWeight)).split(count: 4, alongAxis: 1)
                c = gates[1].sigmoid() * c + gates[0].sigmoid() * gates[2].tanh()
                h = gates[3].sigmoid() * c.tanh()
                outputs.append(h)
            }
            let loss = Tensor.stack(outputs, alongAxis: 1).sum()
            let middle = DispatchTime.now().uptimeNanoseconds
            try loss.backward()
            let end = DispatchTime.now().uptimeNanoseconds
            for parameter in [inputWeight, recurrentWeight, bias] { parameter.zeroGrad() }
            return (Double(middle - start) / 1e6, Double(end - middle) / 1e6)
        }
        var best = (forward: Double.infinity, backward: Double.infinity)
        for _ in 0..<5 {
            let times = try step()
            best = (min(best.forward, times.forward), min(best.backward, times.backward))
        }
        // The memory in a round of its own: timing rounds must not pay for pages handed back to the system.
        let baseline = PeakMemory.reset()
        _ = try step()
        return (best.forward, best.backward, PeakMemory.sinceReset(baseline))
    }

    /// y = x·Wᵀ + b forward and backward, best of 5, and the peak memory of one more round.
    static func denseLayer(_ x: Tensor, _ weight: Tensor, _ bias: Tensor) throws -> (milliseconds: Double, peakMiB: Double) {
        func step() throws -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try (x.matmul(weight, transposingOther: true) + bias).sum().backward()
            weight.zeroGrad()
            bias.zeroGrad()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        var best = Double.infinity
        for _ in 0..<5 { best = min(best, try step()) }
        let baseline = PeakMemory.reset()
        _ = try step()
        return (best, PeakMemory.sinceReset(baseline))
    }
}

/// The process's peak resident memory (Linux: VmHWM, which writing 5 to /proc/self/clear_refs resets).
enum PeakMemory {
    /// Returns freed memory to the system, resets the peak to the current resident size and returns
    /// that size in KiB.
    static func reset() -> Double {
        _ = trimHeap?(0)
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        return field("VmRSS")
    }

    /// glibc's `malloc_trim`, looked up at run time (its header is not part of the Glibc module).
    private static let trimHeap: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()

    /// The peak since `reset`, above the resident size then, in MiB.
    static func sinceReset(_ baseline: Double) -> Double { (field("VmHWM") - baseline) / 1024 }

    private static func field(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return .nan }
        return Double(line.split(whereSeparator: \.isWhitespace)[1]) ?? .nan
    }
}
