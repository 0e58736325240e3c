import Testing
@testable import Nabla

/// The normalisation forward and backward kernels on every instruction-set variant, against the formulas
/// written out in `Double`, in ranges of groups and on the thread pool, and the layouts they are given.
/// Serialized: a test resizes the one process-wide pool.
@Suite(.serialized) struct NormalizationKernelsTests {
    /// ∂L/∂x, ∂L/∂γ, ∂L/∂β by the formula, element by element: d = γ ∂L/∂y,
    /// ∂L/∂x = (1/σ)(d - mean(d) - x̂ mean(d x̂)), ∂L/∂γ = Σ ∂L/∂y x̂, ∂L/∂β = Σ ∂L/∂y.
    static func reference(_ layout: NormalizationKernels.Layout, gradient dy: [Double], normalized xhat: [Double],
                          inverseDeviation: [Double], scale: [Double]?) -> (input: [Double], scale: [Double], shift: [Double]) {
        let (outer, groups, inner) = (layout.outer, layout.groups, layout.inner)
        func parameterIndex(_ parameter: NormalizationKernels.Parameter, group: Int, position: Int) -> Int {
            parameter == .perGroup ? group : position
        }
        let scaleCount = layout.scale == .perGroup ? groups : layout.scale == .perPosition ? inner : 0
        let shiftCount = layout.shift == .perGroup ? groups : layout.shift == .perPosition ? inner : 0
        var input = [Double](repeating: 0, count: dy.count)
        var scaleGradient = [Double](repeating: 0, count: scaleCount), shiftGradient = [Double](repeating: 0, count: shiftCount)
        for g in 0..<groups {
            var indices = [(index: Int, position: Int)]()
            for a in 0..<outer { for b in 0..<inner { indices.append(((a * groups + g) * inner + b, b)) } }
            func gamma(_ b: Int) -> Double { scale.map { $0[parameterIndex(layout.scale, group: g, position: b)] } ?? 1 }
            let n = Double(indices.count)
            let meanD = indices.reduce(0) { $0 + gamma($1.position) * dy[$1.index] } / n
            let meanDX = indices.reduce(0) { $0 + gamma($1.position) * dy[$1.index] * xhat[$1.index] } / n
            for (index, b) in indices {
                input[index] = inverseDeviation[g] * (gamma(b) * dy[index] - meanD - xhat[index] * meanDX)
                if layout.scale != .absent { scaleGradient[parameterIndex(layout.scale, group: g, position: b)] += dy[index] * xhat[index] }
                if layout.shift != .absent { shiftGradient[parameterIndex(layout.shift, group: g, position: b)] += dy[index] }
            }
        }
        return (input, scaleGradient, shiftGradient)
    }

    /// Batch-normalisation-like, layer-normalisation-like and parameterless layouts, with row lengths
    /// that leave a tail after the vectors of every variant (and rows shorter than one vector).
    static let layouts: [(shape: [Int], reduced: [Int], scale: [Int]?, shift: [Int]?)] = [
        ([3, 4, 5, 7], [0, 2, 3], [1, 4, 1, 1], [1, 4, 1, 1]),
        ([2, 5, 37], [2], [37], [37]),
        ([2, 3, 33], [0, 2], nil, nil),
        ([6, 3], [1], [3], nil),
        ([4, 9, 2], [0, 2], [9, 1], [1, 2]),
    ]

    @Test("Every variant, both precisions, against the formula", arguments: KernelVariant.supported)
    func matchesTheFormula(variant: KernelVariant) throws {
        for (index, (shape, reduced, scaleShape, shiftShape)) in Self.layouts.enumerated() {
            let layout = try #require(NormalizationKernels.Layout(shape: shape, reduced: reduced, scaleShape: scaleShape, shiftShape: shiftShape))
            let count = shape.reduce(1, *), seed = UInt64(10 * index)
            let dy = uniform([count], seed: seed).scalars(as: Double.self)
            let xhat = uniform([count], -2, 2, seed: seed + 1).scalars(as: Double.self)
            let inverse = uniform([layout.groups], 0.5, 2, seed: seed + 2).scalars(as: Double.self)
            let scale = scaleShape.map { uniform([$0.reduce(1, *)], 0.5, 1.5, seed: seed + 3).scalars(as: Double.self) }
            let expected = Self.reference(layout, gradient: dy, normalized: xhat, inverseDeviation: inverse, scale: scale)

            let doubles = Self.run(layout, dy, xhat, inverse, scale) {
                NormalizationKernels.backward(layout, gradient: $0, normalized: $1, inverseDeviation: $2, scale: $3, inputGradient: $4,
                                              scaleGradient: $5, shiftGradient: $6, variant: variant)
            }
            func rounded(_ values: [Double]) -> [Float] { values.map { Float($0) } }
            let floats = Self.run(layout, rounded(dy), rounded(xhat), rounded(inverse), scale.map(rounded)) {
                NormalizationKernels.backward(layout, gradient: $0, normalized: $1, inverseDeviation: $2, scale: $3, inputGradient: $4,
                                              scaleGradient: $5, shiftGradient: $6, variant: variant)
            }
            for (name, wanted, double, float) in [("input", expected.input, doubles.input, floats.input),
                                                  ("scale", expected.scale, doubles.scale, floats.scale),
                                                  ("shift", expected.shift, doubles.shift, floats.shift)] {
                #expect(double.count == wanted.count && float.count == wanted.count)
                #expect(zip(double, wanted).allSatisfy { Swift.abs($0 - $1) <= 1e-12 * Swift.max(1, Swift.abs($1)) },
                        "float64 \(variant) \(shape) \(name)")
                #expect(zip(float, wanted).allSatisfy { Swift.abs(Double($0) - $1) <= 1e-4 * Swift.max(1, Swift.abs($1)) },
                        "float32 \(variant) \(shape) \(name)")
            }
        }
    }

    /// Runs `kernel` on copies of the arrays, the outputs filled with NaN first (so that every element must
    /// be written), passing `nil` for the parameters the layout does not have.
    static func run<T: KernelScalar>(
        _ layout: NormalizationKernels.Layout, _ dy: [T], _ xhat: [T], _ inverse: [T], _ scale: [T]?,
        _ kernel: (UnsafePointer<T>, UnsafePointer<T>, UnsafePointer<T>, UnsafePointer<T>?, UnsafeMutablePointer<T>,
                   UnsafeMutablePointer<T>?, UnsafeMutablePointer<T>?) -> Void
    ) -> (input: [Double], scale: [Double], shift: [Double]) {
        func count(_ parameter: NormalizationKernels.Parameter) -> Int {
            parameter == .perGroup ? layout.groups : parameter == .perPosition ? layout.inner : 0
        }
        var input = [T](repeating: .nan, count: dy.count)
        var scaleGradient = [T](repeating: .nan, count: count(layout.scale)), shiftGradient = [T](repeating: .nan, count: count(layout.shift))
        let gamma = scale ?? []
        gamma.withUnsafeBufferPointer { gammaBuffer in
            input.withUnsafeMutableBufferPointer { inputBuffer in
                scaleGradient.withUnsafeMutableBufferPointer { scaleBuffer in
                    shiftGradient.withUnsafeMutableBufferPointer { shiftBuffer in
                        kernel(dy, xhat, inverse, scale == nil ? nil : gammaBuffer.baseAddress, inputBuffer.baseAddress!,
                               layout.scale == .absent ? nil : scaleBuffer.baseAddress, layout.shift == .absent ? nil : shiftBuffer.baseAddress)
                    }
                }
            }
        }
        func doubles(_ values: [T]) -> [Double] { values.map(\.doubleValue) }
        return (doubles(input), doubles(scaleGradient), doubles(shiftGradient))
    }

    /// μ, σ² (biased), 1/√(σ² + ε), x̂ and y = γ x̂ + β by the formula, in `Double`.
    static func forwardReference(_ layout: NormalizationKernels.Layout, input x: [Double], scale: [Double]?, shift: [Double]?, epsilon: Double)
        -> (output: [Double], normalized: [Double], mean: [Double], variance: [Double], inverse: [Double]) {
        var output = x, normalized = x, means = [Double](), variances = [Double](), inverses = [Double]()
        for g in 0..<layout.groups {
            let indices = (0..<layout.outer).flatMap { a in (0..<layout.inner).map { b in ((a * layout.groups + g) * layout.inner + b, b) } }
            let mean = indices.reduce(0) { $0 + x[$1.0] } / Double(indices.count)
            let variance = indices.reduce(0) { $0 + (x[$1.0] - mean) * (x[$1.0] - mean) } / Double(indices.count)
            let inverse = 1 / (variance + epsilon).squareRoot()
            for (index, b) in indices {
                normalized[index] = (x[index] - mean) * inverse
                let gamma = scale.map { $0[layout.scale == .perGroup ? g : b] } ?? 1
                let beta = shift.map { $0[layout.shift == .perGroup ? g : b] } ?? 0
                output[index] = gamma * normalized[index] + beta
            }
            means.append(mean); variances.append(variance); inverses.append(inverse)
        }
        return (output, normalized, means, variances, inverses)
    }

    /// Runs the forward kernel on the groups in `ranges` (one call each), outputs filled with NaN first.
    static func runForward<T: KernelScalar>(_ layout: NormalizationKernels.Layout, ranges: [Range<Int>], input: [T], scale: [T]?, shift: [T]?,
                                            epsilon: Double, variant: KernelVariant) -> [[Double]] {
        var output = [T](repeating: .nan, count: input.count), normalized = output
        var mean = [T](repeating: .nan, count: layout.groups), variance = mean, inverse = mean
        let (gamma, beta) = (scale ?? [], shift ?? [])
        gamma.withUnsafeBufferPointer { gammaBuffer in
            beta.withUnsafeBufferPointer { betaBuffer in
                for range in ranges {
                    T.normalizeForward(layout, groups: range, input: input, scale: scale == nil ? nil : gammaBuffer.baseAddress,
                                       shift: shift == nil ? nil : betaBuffer.baseAddress, epsilon: epsilon, output: &output,
                                       normalized: &normalized, mean: &mean, variance: &variance, inverseDeviation: &inverse, variant: variant)
                }
            }
        }
        return [output, normalized, mean, variance, inverse].map { $0.map(\.doubleValue) }
    }

    @Test("Forward: every variant, both precisions, whole and in ranges of groups, against the formula", arguments: KernelVariant.supported)
    func forwardMatchesTheFormula(variant: KernelVariant) throws {
        for (index, (shape, reduced, scaleShape, shiftShape)) in Self.layouts.enumerated() {
            let layout = try #require(NormalizationKernels.Layout(shape: shape, reduced: reduced, scaleShape: scaleShape, shiftShape: shiftShape))
            let count = shape.reduce(1, *), seed = UInt64(10 * index + 5)
            // Values near 100, as after a layer with a large bias: μ is far from 0, and x - μ loses digits in float32.
            let x = uniform([count], 97, 103, seed: seed).scalars(as: Double.self)
            let scale = scaleShape.map { uniform([$0.reduce(1, *)], 0.5, 1.5, seed: seed + 1).scalars(as: Double.self) }
            let shift = shiftShape.map { uniform([$0.reduce(1, *)], -1, 1, seed: seed + 2).scalars(as: Double.self) }
            let expected = Self.forwardReference(layout, input: x, scale: scale, shift: shift, epsilon: 1e-3)
            let wanted = [expected.output, expected.normalized, expected.mean, expected.variance, expected.inverse]
            let split = layout.groups > 1 ? [0..<1, 1..<layout.groups] : [0..<layout.groups]
            func rounded(_ values: [Double]) -> [Float] { values.map { Float($0) } }
            for ranges in [[0..<layout.groups], split] {
                let doubles = Self.runForward(layout, ranges: ranges, input: x, scale: scale, shift: shift, epsilon: 1e-3, variant: variant)
                let floats = Self.runForward(layout, ranges: ranges, input: rounded(x), scale: scale.map(rounded), shift: shift.map(rounded),
                                             epsilon: 1e-3, variant: variant)
                // In float32, x ≈ 100 is known to 100 · 2⁻²⁴, and x - μ to a few times that, so a group's x̂, y, σ²
                // and 1/σ carry a relative error of a few 10⁻⁶ · 100/σ (a group of three close values has a small σ).
                let condition = expected.inverse.map { Swift.max(1, 100 * $0) }
                for (name, (want, (double, float))) in zip(["output", "normalized", "mean", "variance", "inverse"], zip(wanted, zip(doubles, floats))) {
                    #expect(zip(double, want).allSatisfy { Swift.abs($0 - $1) <= 1e-10 * Swift.max(1, Swift.abs($1)) },
                            "float64 \(variant) \(shape) \(name) \(ranges)")
                    let perElement = want.count == count
                    #expect(float.indices.allSatisfy { index in
                        let group = perElement ? index / layout.inner % layout.groups : index
                        return Swift.abs(float[index] - want[index]) <= 4e-6 * condition[group] * Swift.max(1, Swift.abs(want[index]))
                    }, "float32 \(variant) \(shape) \(name) \(ranges)")
                }
            }
        }
    }

    @Test("Backward in ranges of groups equals one call", arguments: KernelVariant.supported)
    func backwardInRangesOfGroups(variant: KernelVariant) throws {
        let layout = try #require(NormalizationKernels.Layout(shape: [3, 4, 5, 7], reduced: [0, 2, 3], scaleShape: [1, 4, 1, 1], shiftShape: [1, 4, 1, 1]))
        #expect(NormalizationKernels.backwardSplitsByGroup(layout))
        let dy = uniform([420], seed: 71).scalars(as: Float.self), xhat = uniform([420], -2, 2, seed: 72).scalars(as: Float.self)
        let inverse = uniform([4], 0.5, 2, seed: 73).scalars(as: Float.self), scale = uniform([4], 0.5, 1.5, seed: 74).scalars(as: Float.self)
        func gradients(_ ranges: [Range<Int>]) -> (input: [Double], scale: [Double], shift: [Double]) {
            Self.run(layout, dy, xhat, inverse, scale) { dy, xhat, inverse, scale, input, scaleGradient, shiftGradient in
                for range in ranges {
                    NormalizationKernels.backward(layout, groups: range, gradient: dy, normalized: xhat, inverseDeviation: inverse, scale: scale,
                                                  inputGradient: input, scaleGradient: scaleGradient, shiftGradient: shiftGradient, variant: variant)
                }
            }
        }
        let whole = gradients([0..<4]), parts = gradients([0..<1, 1..<3, 3..<4])
        #expect(whole.input == parts.input && whole.scale == parts.scale && whole.shift == parts.shift)
        // Layer normalisation's per-position γ sums over all groups: not split.
        let layer = try #require(NormalizationKernels.Layout(shape: [2, 5, 37], reduced: [2], scaleShape: [37], shiftShape: [37]))
        #expect(!NormalizationKernels.backwardSplitsByGroup(layer))
    }

    @Test func batchNormalisationRunsOnMoreThreadsThanCores() throws {
        // [64, 32, 14, 14]: large enough for the pool; the result must not depend on the thread count.
        let x = uniform([64, 32, 14, 14], -2, 2, seed: 75).converted(to: .float32).requiringGrad()
        let scale = uniform([1, 32, 1, 1], 0.5, 1.5, seed: 76).converted(to: .float32).requiringGrad()
        let shift = uniform([1, 32, 1, 1], -1, 1, seed: 77).converted(to: .float32).requiringGrad()
        func run() throws -> [[Float]] {
            let (y, mean, variance) = x.normalized(alongAxes: [0, 2, 3], scale: scale, shift: shift)
            try (y * y).sum().backward()
            defer { x.zeroGrad(); scale.zeroGrad(); shift.zeroGrad() }
            return try [y, mean, variance, #require(x.grad), #require(scale.grad), #require(shift.grad)].map { $0.scalars(as: Float.self) }
        }
        defer { ThreadPool.setWorkerCount(nil) }
        let pooled = try run()
        ThreadPool.setWorkerCount(0)
        let alone = try run()
        ThreadPool.setWorkerCount(7)
        let many = try run()
        #expect(pooled == alone && many == alone)
    }

    @Test func layoutsOfBatchAndLayerNormalisation() {
        let batch = NormalizationKernels.Layout(shape: [8, 3, 5, 5], reduced: [0, 2, 3], scaleShape: [1, 3, 1, 1], shiftShape: [1, 3, 1, 1])
        #expect(batch.map { [$0.outer, $0.groups, $0.inner] } == [8, 3, 25] && batch?.scale == .perGroup && batch?.shift == .perGroup)
        let layer = NormalizationKernels.Layout(shape: [4, 6, 10], reduced: [2], scaleShape: [10], shiftShape: nil)
        #expect(layer.map { [$0.outer, $0.groups, $0.inner] } == [1, 24, 10] && layer?.scale == .perPosition && layer?.shift == .absent)
        let everything = NormalizationKernels.Layout(shape: [4, 6], reduced: [0, 1], scaleShape: nil, shiftShape: nil)
        #expect(everything.map { [$0.outer, $0.groups, $0.inner] } == [1, 1, 24])
    }

    /// Layouts the kernel does not take, which the operation computes with tensor operations instead.
    @Test func layoutsLeftToTheComposedFormula() {
        // Kept axes 0 and 2 are not consecutive.
        #expect(NormalizationKernels.Layout(shape: [2, 3, 4, 5], reduced: [1, 3], scaleShape: nil, shiftShape: nil) == nil)
        // γ varying along an axis that is reduced but not trailing, or along every axis.
        #expect(NormalizationKernels.Layout(shape: [2, 3, 4], reduced: [0, 2], scaleShape: [2, 1, 1], shiftShape: nil) == nil)
        #expect(NormalizationKernels.Layout(shape: [2, 3, 4], reduced: [2], scaleShape: [2, 3, 4], shiftShape: nil) == nil)
        // β per group with γ per position.
        #expect(NormalizationKernels.Layout(shape: [2, 3, 4], reduced: [2], scaleShape: [4], shiftShape: [3, 1]) == nil)
    }
}
