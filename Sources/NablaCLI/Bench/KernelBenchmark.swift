import Foundation
import Nabla

/// `nabla bench kernels`: sgemm GFLOP/s for square sizes next to OpenBLAS (same thread count,
/// same run), then vector exp/tanh throughput next to a plain Foundation loop. Prints a report.
func runKernelBenchmark(threads: Int) {
    print("Kernel benchmark: \(threads) thread(s), \(CPU.usableCores) usable cores")
    let openBLAS = OpenBLASLibrary()
    openBLAS?.setThreadCount(threads)
    print(openBLAS.map { "OpenBLAS: \($0.path)" } ?? "OpenBLAS not found (tried \(OpenBLASLibrary.candidates.joined(separator: ", "))); Nabla only")
    print("")
    print(pad("sgemm N", 9) + pad("Nabla GFLOP/s", 15) + pad("OpenBLAS GFLOP/s", 18) + "ratio")
    for n in [64, 256, 512, 1024, 2048] {
        let result = GEMMBenchmark(n: n)
        let nabla = result.gigaflops {
            GEMM.multiply(transposeA: false, transposeB: false, m: n, n: n, k: n, a: result.a, lda: n,
                          b: result.b, ldb: n, c: result.c, ldc: n, threads: threads)
        }
        var line = pad("\(n)", 9) + pad(format(nabla), 15)
        if let openBLAS {
            let peer = result.gigaflops { openBLAS.multiply(n: n, a: result.a, b: result.b, c: result.c) }
            line += pad(format(peer), 18) + format(nabla / peer, digits: 2) + "x"
        }
        print(line)
        result.deallocate()
    }
    print("")
    print(pad("vector op (Float, 65536 elems)", 32) + pad("Nabla Gelem/s", 15) + pad("Foundation Gelem/s", 20) + "speed-up")
    for (name, nabla, foundation) in vectorMathCases() {
        print(pad(name, 32) + pad(format(nabla, digits: 2), 15) + pad(format(foundation, digits: 3), 20)
              + format(nabla / foundation, digits: 1) + "x")
    }
}

/// Operands for one square sgemm size and a timing loop.
private struct GEMMBenchmark {
    let n: Int
    let a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>

    init(n: Int) {
        self.n = n
        a = .allocate(capacity: n * n)
        b = .allocate(capacity: n * n)
        c = .allocate(capacity: n * n)
        var generator = SystemRandomNumberGenerator()
        for i in 0..<(n * n) {
            a[i] = Float.random(in: -1...1, using: &generator)
            b[i] = Float.random(in: -1...1, using: &generator)
            c[i] = 0
        }
    }

    /// Best GFLOP/s over several timed batches, each about 50 ms, after one warm-up batch.
    func gigaflops(_ body: () -> Void) -> Double {
        let flops = 2 * Double(n) * Double(n) * Double(n)
        let perBatch = max(1, Int(2e9 / flops))
        let best = bestSecondsPerCall(batches: 7, callsPerBatch: perBatch, body)
        return flops / best / 1e9
    }

    func deallocate() {
        a.deallocate()
        b.deallocate()
        c.deallocate()
    }
}

/// Runs one warm-up batch, then returns the shortest time per call over `batches` batches.
private func bestSecondsPerCall(batches: Int, callsPerBatch: Int, _ body: () -> Void) -> Double {
    for _ in 0..<callsPerBatch { body() }
    var best = Double.infinity
    for _ in 0..<batches {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<callsPerBatch { body() }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = min(best, elapsed / Double(callsPerBatch))
    }
    return best
}

/// (name, Nabla Gelem/s, Foundation loop Gelem/s) for each vector function on Float inputs in [-10, 10]
/// (log: in [1, 11]).
private func vectorMathCases() -> [(String, Double, Double)] {
    let count = 1 << 16
    let x = UnsafeMutablePointer<Float>.allocate(capacity: count)
    let positive = UnsafeMutablePointer<Float>.allocate(capacity: count)
    let y = UnsafeMutablePointer<Float>.allocate(capacity: count)
    defer {
        x.deallocate()
        positive.deallocate()
        y.deallocate()
    }
    for i in 0..<count {
        x[i] = Float(i % 2000) / 100 - 10
        positive[i] = abs(x[i]) + 1
    }
    func rate(_ body: () -> Void) -> Double {
        Double(count) / bestSecondsPerCall(batches: 7, callsPerBatch: 200, body) / 1e9
    }
    return [
        ("exp", rate { VectorMath.exp(x, y, count: count) }, rate { for i in 0..<count { y[i] = Foundation.exp(x[i]) } }),
        ("tanh", rate { VectorMath.tanh(x, y, count: count) }, rate { for i in 0..<count { y[i] = Foundation.tanh(x[i]) } }),
        ("sigmoid", rate { VectorMath.sigmoid(x, y, count: count) }, rate { for i in 0..<count { y[i] = 1 / (1 + Foundation.exp(-x[i])) } }),
        ("log", rate { VectorMath.log(positive, y, count: count) }, rate { for i in 0..<count { y[i] = Foundation.log(positive[i]) } }),
    ]
}

private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

private func format(_ value: Double, digits: Int = 1) -> String {
    String(format: "%.\(digits)f", value)
}
