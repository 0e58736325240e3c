import Testing
@testable import Nabla

/// A GEMM problem with padded leading dimensions, random operands and a naive Double reference.
private struct GEMMCase<Element: BinaryFloatingPoint & Sendable> {
    let transposeA: Bool, transposeB: Bool
    let m: Int, n: Int, k: Int
    let alpha: Element, beta: Element
    let lda: Int, ldb: Int, ldc: Int
    var a: [Element], b: [Element], c: [Element]
    /// Sentinel written into the padding of C, which GEMM must leave untouched.
    static var padding: Element { -12345 }

    init(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Element, beta: Element, seed: UInt64) {
        self.transposeA = transposeA
        self.transposeB = transposeB
        (self.m, self.n, self.k, self.alpha, self.beta) = (m, n, k, alpha, beta)
        let (aRows, aColumns) = transposeA ? (k, m) : (m, k)
        let (bRows, bColumns) = transposeB ? (n, k) : (k, n)
        lda = aColumns + 3
        ldb = bColumns + 5
        ldc = n + 2
        var generator = SplitMix64(seed: seed)
        func matrix(rows: Int, columns: Int, stride: Int) -> [Element] {
            (0..<(rows * stride)).map { index in
                index % stride < columns ? Element(generator.nextUnit() * 2 - 1) : .nan
            }
        }
        a = matrix(rows: aRows, columns: aColumns, stride: lda)
        b = matrix(rows: bRows, columns: bColumns, stride: ldb)
        let cStride = ldc
        c = (0..<(m * cStride)).map { index in
            index % cStride >= n ? Self.padding : beta == 0 ? .nan : Element(generator.nextUnit() * 2 - 1)
        }
    }

    /// `(value, magnitude)` per element of C: the exact result and the sum of absolute terms.
    func reference() -> [(Double, Double)] {
        var result: [(Double, Double)] = []
        result.reserveCapacity(m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0, magnitude = 0.0
                for p in 0..<k {
                    let x = Double(transposeA ? a[p * lda + i] : a[i * lda + p])
                    let y = Double(transposeB ? b[j * ldb + p] : b[p * ldb + j])
                    sum += x * y
                    magnitude += abs(x * y)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                result.append((Double(alpha) * sum + old, abs(Double(alpha)) * magnitude + abs(old)))
            }
        }
        return result
    }

    /// Number of elements of `output` that are wrong: outside an error bound of a few roundings
    /// per term (a genuinely wrong element is off by about its own magnitude), or padding touched.
    func mismatches(_ output: [Element], reference: [(Double, Double)]) -> Int {
        let unit = Double(Element.ulpOfOne)
        var bad = 0
        for i in 0..<m {
            for j in 0..<ldc {
                let value = output[i * ldc + j]
                if j >= n {
                    if value != Self.padding { bad += 1 }
                    continue
                }
                let (exact, magnitude) = reference[i * n + j]
                let bound = 2 * unit * Double(k + 2) * magnitude + Double(Element.leastNormalMagnitude)
                if !(abs(Double(value) - exact) <= bound) { bad += 1 }
            }
        }
        return bad
    }
}

/// A small deterministic generator, so failures reproduce.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

private func run(_ problem: GEMMCase<Float>, threads: Int = 1, variant: KernelVariant) -> [Float] {
    var c = problem.c
    GEMM.multiply(transposeA: problem.transposeA, transposeB: problem.transposeB, m: problem.m, n: problem.n, k: problem.k,
                  alpha: problem.alpha, a: problem.a, lda: problem.lda, b: problem.b, ldb: problem.ldb,
                  beta: problem.beta, c: &c, ldc: problem.ldc, threads: threads, variant: variant)
    return c
}

private func run(_ problem: GEMMCase<Double>, threads: Int = 1, variant: KernelVariant) -> [Double] {
    var c = problem.c
    GEMM.multiply(transposeA: problem.transposeA, transposeB: problem.transposeB, m: problem.m, n: problem.n, k: problem.k,
                  alpha: problem.alpha, a: problem.a, lda: problem.lda, b: problem.b, ldb: problem.ldb,
                  beta: problem.beta, c: &c, ldc: problem.ldc, threads: threads, variant: variant)
    return c
}

/// The product through the pre-packed B entry points: pack op(B) once, then multiply.
private func runPacked<Element: KernelScalar & BinaryFloatingPoint>(_ problem: GEMMCase<Element>) -> [Element] {
    var c = problem.c
    var packed = [Element](repeating: .nan, count: Element.packedCount(k: problem.k, n: problem.n))
    Element.pack(transposeB: problem.transposeB, k: problem.k, n: problem.n, b: problem.b, ldb: problem.ldb, into: &packed)
    Element.multiply(m: problem.m, n: problem.n, k: problem.k, a: problem.a, lda: problem.lda, packedB: packed, c: &c, ldc: problem.ldc,
                     accumulating: problem.beta == 1)
    return c
}

/// The same product in column slices `step` wide (the last one ragged), each on its own call, as the
/// threads of a recurrent step take it.
private func runPackedInSlices<Element: KernelScalar & BinaryFloatingPoint>(_ problem: GEMMCase<Element>) -> [Element] {
    var c = problem.c
    var packed = [Element](repeating: .nan, count: Element.packedCount(k: problem.k, n: problem.n))
    Element.pack(transposeB: problem.transposeB, k: problem.k, n: problem.n, b: problem.b, ldb: problem.ldb, into: &packed)
    let step = Element.packedColumnStep(n: problem.n)
    for start in stride(from: 0, to: problem.n, by: step) {
        Element.multiply(m: problem.m, columns: start..<min(start + step, problem.n), of: problem.n, k: problem.k, a: problem.a, lda: problem.lda,
                         packedB: packed, c: &c, ldc: problem.ldc, accumulating: problem.beta == 1)
    }
    return c
}

private let smallSizes = [1, 3, 17, 65]
private let transposes = [(false, false), (true, false), (false, true), (true, true)]
/// (m, n, k) shapes with a 257 dimension, crossing the cache blocks and packing thresholds.
private let shapesWith257 = [(257, 65, 17), (3, 257, 65), (65, 17, 257), (17, 257, 257), (257, 257, 3)]

@Suite("GEMM kernels")
struct GEMMTests {
    @Test("Float: all small size triples, transposes and ISA variants", arguments: KernelVariant.supported)
    func floatSmall(variant: KernelVariant) {
        var seed: UInt64 = 1
        for (ta, tb) in transposes {
            for m in smallSizes { for n in smallSizes { for k in smallSizes {
                seed += 1
                let problem = GEMMCase<Float>(transposeA: ta, transposeB: tb, m: m, n: n, k: k,
                                              alpha: seed % 2 == 0 ? 1 : 1.5, beta: seed % 3 == 0 ? 0 : -0.5, seed: seed)
                let bad = problem.mismatches(run(problem, variant: variant), reference: problem.reference())
                #expect(bad == 0, "\(variant) m=\(m) n=\(n) k=\(k) transposeA=\(ta) transposeB=\(tb)")
            } } }
        }
    }

    @Test("Double: all small size triples, transposes and ISA variants", arguments: KernelVariant.supported)
    func doubleSmall(variant: KernelVariant) {
        var seed: UInt64 = 1000
        for (ta, tb) in transposes {
            for m in smallSizes { for n in smallSizes { for k in smallSizes {
                seed += 1
                let problem = GEMMCase<Double>(transposeA: ta, transposeB: tb, m: m, n: n, k: k,
                                               alpha: seed % 2 == 0 ? 1 : -2, beta: seed % 3 == 0 ? 0 : 0.25, seed: seed)
                let bad = problem.mismatches(run(problem, variant: variant), reference: problem.reference())
                #expect(bad == 0, "\(variant) m=\(m) n=\(n) k=\(k) transposeA=\(ta) transposeB=\(tb)")
            } } }
        }
    }

    @Test("Shapes with a 257 dimension, every transpose, both precisions", arguments: KernelVariant.supported)
    func largeShapes(variant: KernelVariant) {
        var seed: UInt64 = 5000
        for (ta, tb) in transposes {
            for (m, n, k) in shapesWith257 {
                seed += 1
                let single = GEMMCase<Float>(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 0.75, beta: 2, seed: seed)
                #expect(single.mismatches(run(single, variant: variant), reference: single.reference()) == 0,
                        "Float \(variant) \(m)x\(n)x\(k) transposeA=\(ta) transposeB=\(tb)")
                let double = GEMMCase<Double>(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 1, beta: 0, seed: seed)
                #expect(double.mismatches(run(double, variant: variant), reference: double.reference()) == 0,
                        "Double \(variant) \(m)x\(n)x\(k) transposeA=\(ta) transposeB=\(tb)")
            }
        }
    }

    /// At most one micro-panel of rows of C (m ≤ 6) reads each element of B once, so a large
    /// non-transposed B is read in place rather than packed (a convolution chunk's [6 × 25] · [25 ×
    /// 6272]); ragged right edges, beta 0 (C holds NaN) and 2, on one thread and split.
    @Test("Few rows of C with a large B read in place, every variant", arguments: KernelVariant.supported)
    func fewRowsLargeB(variant: KernelVariant) {
        var seed: UInt64 = 7500
        for transposeA in [false, true] {
            for (m, n, k, threads) in [(6, 6272, 25, 1), (5, 2001, 300, 1), (1, 4003, 257, 1), (6, 3000, 200, 4)] {
                seed += 1
                #expect(m * n * k > 96 * 96 * 96)
                expectBothPrecisions(transposeA: transposeA, transposeB: false, m: m, n: n, k: k, threads: threads, seed: seed, variant: variant)
            }
        }
    }

    /// Few rows of C and a transposed B (a dense layer's x · Wᵀ) are computed as Cᵀ = B · op(A)ᵀ and
    /// copied back transposed: on one thread and split, with beta 0 (C holds NaN) and beta 2.
    @Test("Wide products with a transposed B, computed transposed, every variant", arguments: KernelVariant.supported)
    func wideTransposedB(variant: KernelVariant) {
        var seed: UInt64 = 7000
        for transposeA in [false, true] {
            for (m, n, k, threads) in [(10, 300, 400, 1), (17, 129, 500, 1), (40, 700, 700, 4)] {
                seed += 1
                #expect(4 * m <= n && m * n * k > 96 * 96 * 96)
                expectBothPrecisions(transposeA: transposeA, transposeB: true, m: m, n: n, k: k, threads: threads, seed: seed, variant: variant)
            }
        }
    }

    /// One product in Float (alpha 0.5, beta 2) and in Double (alpha 1, beta 0: C holds NaN) against the reference.
    private func expectBothPrecisions(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, threads: Int, seed: UInt64,
                                      variant: KernelVariant, sourceLocation: SourceLocation = #_sourceLocation) {
        let shape = "\(variant) \(m)x\(n)x\(k) transposeA=\(transposeA) transposeB=\(transposeB), \(threads) threads"
        let single = GEMMCase<Float>(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 0.5, beta: 2, seed: seed)
        #expect(single.mismatches(run(single, threads: threads, variant: variant), reference: single.reference()) == 0,
                "Float \(shape)", sourceLocation: sourceLocation)
        let double = GEMMCase<Double>(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1, beta: 0, seed: seed)
        #expect(double.mismatches(run(double, threads: threads, variant: variant), reference: double.reference()) == 0,
                "Double \(shape)", sourceLocation: sourceLocation)
    }

    @Test("Threaded path: correct and bitwise equal to the single-threaded result")
    func threaded() {
        // 257^3 is about 17M multiply-adds: above the per-thread threshold for two threads.
        #expect(257 * 257 * 257 >= 2 * GEMM.minimumWorkPerThread)
        for (index, (ta, tb)) in transposes.enumerated() {
            let single = GEMMCase<Float>(transposeA: ta, transposeB: tb, m: 257, n: 257, k: 257, alpha: 1, beta: 1, seed: UInt64(index))
            let serial = run(single, threads: 1, variant: .automatic)
            let parallel = run(single, threads: 4, variant: .automatic)
            #expect(single.mismatches(parallel, reference: single.reference()) == 0, "Float transposeA=\(ta) transposeB=\(tb)")
            #expect(serial == parallel)
            // Tall and narrow: split along rows instead of columns.
            let tall = GEMMCase<Double>(transposeA: ta, transposeB: tb, m: 1500, n: 20, k: 300, alpha: 1, beta: 0, seed: UInt64(index))
            #expect(1500 * 20 * 300 >= 2 * GEMM.minimumWorkPerThread)
            #expect(tall.mismatches(run(tall, threads: 2, variant: .automatic), reference: tall.reference()) == 0,
                    "Double tall transposeA=\(ta) transposeB=\(tb)")
        }
    }

    @Test("Pre-packed B: every shape with a 257 dimension, a recurrent step's shapes, threaded and tall, both precisions")
    func prePackedB() {
        // (32, 1024, 256) and (32, 256, 1024): an LSTM(256) step forward and backward, split among threads.
        let shapes = shapesWith257 + [(1, 5, 3), (32, 1024, 256), (32, 256, 1024), (1500, 20, 300), (7, 300, 600), (32, 512, 256)] + [(5, 3, 0)]
        var seed: UInt64 = 9000
        for transposeB in [false, true] {
            for (m, n, k) in shapes {
                seed += 1
                let single = GEMMCase<Float>(transposeA: false, transposeB: transposeB, m: m, n: n, k: k, alpha: 1, beta: seed % 2 == 0 ? 0 : 1, seed: seed)
                #expect(single.mismatches(runPacked(single), reference: single.reference()) == 0, "Float \(m)x\(n)x\(k) transposeB=\(transposeB)")
                let double = GEMMCase<Double>(transposeA: false, transposeB: transposeB, m: m, n: n, k: k, alpha: 1, beta: seed % 2 == 0 ? 1 : 0, seed: seed)
                #expect(double.mismatches(runPacked(double), reference: double.reference()) == 0, "Double \(m)x\(n)x\(k) transposeB=\(transposeB)")
                #expect(single.mismatches(runPackedInSlices(single), reference: single.reference()) == 0,
                        "Float in column slices \(m)x\(n)x\(k) transposeB=\(transposeB)")
                #expect(double.mismatches(runPackedInSlices(double), reference: double.reference()) == 0,
                        "Double in column slices \(m)x\(n)x\(k) transposeB=\(transposeB)")
            }
        }
    }

    @Test("Public API: default arguments, k = 0 and alpha = 0 scale C by beta")
    func publicAPI() {
        let a: [Float] = [1, 2, 3, 4, 5, 6] // 2x3
        let b: [Float] = [1, 0, 0, 1, 1, 1] // 3x2
        var c = [Float](repeating: .nan, count: 4)
        GEMM.multiply(transposeA: false, transposeB: false, m: 2, n: 2, k: 3, a: a, lda: 3, b: b, ldb: 2, c: &c, ldc: 2)
        #expect(c == [4, 5, 10, 11])
        GEMM.multiply(transposeA: false, transposeB: false, m: 2, n: 2, k: 0, a: a, lda: 3, b: b, ldb: 2, beta: 2, c: &c, ldc: 2)
        #expect(c == [8, 10, 20, 22])
        GEMM.multiply(transposeA: false, transposeB: false, m: 2, n: 2, k: 3, alpha: 0, a: a, lda: 3, b: b, ldb: 2, beta: 0, c: &c, ldc: 2)
        #expect(c == [0, 0, 0, 0])
        let ad: [Double] = [1, 2, 3, 4, 5, 6]
        let bd: [Double] = [1, 0, 0, 1, 1, 1]
        var cd = [Double](repeating: 1, count: 4)
        GEMM.multiply(transposeA: true, transposeB: false, m: 3, n: 1, k: 2, a: ad, lda: 3, b: bd, ldb: 2, beta: 0, c: &cd, ldc: 1)
        #expect(Array(cd[0..<3]) == [1, 2, 3])
    }

    @Test("Variants: automatic resolves to the best supported one")
    func variants() {
        #expect(KernelVariant.supported.contains(.portable))
        #expect(KernelVariant.supported.contains(KernelVariant.best))
        #expect(KernelVariant.best != .automatic)
    }
}
