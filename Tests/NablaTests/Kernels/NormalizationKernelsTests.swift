import Testing
@testable import Nabla

/// The normalisation backward kernel on every instruction-set variant, against the formula written out
/// in `Double`, and the layouts it is given.
@Suite struct NormalizationKernelsTests {
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
