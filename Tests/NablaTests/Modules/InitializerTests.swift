import Testing
@testable import Nabla

/// `Initializer`: fan computation and the distribution of every scheme, measured on a large tensor.
@Suite struct InitializerTests {
    @Test func fans() {
        #expect(Initializer.fans(of: []) == (1, 1))
        #expect(Initializer.fans(of: [7]) == (7, 7))
        #expect(Initializer.fans(of: [256, 784]) == (784, 256))
        // Convolution kernels [out, in, kh, kw]: the receptive field 3·3 multiplies both fans.
        #expect(Initializer.fans(of: [8, 4, 3, 3]) == (36, 72))
        #expect(Initializer.fans(of: [0, 5]) == (5, 1))
    }

    /// Mean, standard deviation and extremes of the samples.
    private func statistics(_ initializer: Initializer, _ shape: [Int]) throws -> (mean: Double, std: Double, min: Double, max: Double) {
        var generator = RandomGenerator(seed: 99)
        let values = initializer.tensor(shape, dtype: .float64, generator: &generator).scalars(as: Double.self)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
        return try (mean, variance.squareRoot(), #require(values.min()), #require(values.max()))
    }

    // A [200, 500] weight: fanIn 500, fanOut 200, 100,000 samples. The sample standard deviation is
    // within about 0.3% of the true one (one standard error), so 2% is a loose but meaningful band.
    @Test(arguments: [
        (Initializer.scaledNormal, (1 / 500.0).squareRoot()),
        (.glorotNormal, (2 / 700.0).squareRoot()),
        (.heNormal, (2 / 500.0).squareRoot()),
    ])
    func normalSchemes(initializer: Initializer, expectedStd: Double) throws {
        let s = try statistics(initializer, [200, 500])
        #expect(Swift.abs(s.mean) < 4 * expectedStd / 100_000.0.squareRoot(), "mean \(s.mean)")
        #expect(Swift.abs(s.std / expectedStd - 1) < 0.02, "std \(s.std), expected \(expectedStd)")
        // Normal samples reach beyond 3σ somewhere among 100,000.
        #expect(s.max > 3 * expectedStd && s.min < -3 * expectedStd)
    }

    @Test(arguments: [
        (Initializer.glorotUniform, (6 / 700.0).squareRoot()),
        (.heUniform, (6 / 500.0).squareRoot()),
        (.lecunUniform, 1 / 500.0.squareRoot()),
    ])
    func uniformSchemes(initializer: Initializer, limit: Double) throws {
        let s = try statistics(initializer, [200, 500])
        let expectedStd = limit / 3.0.squareRoot()   // U(-a, a) has variance a²/3
        #expect(Swift.abs(s.mean) < 4 * expectedStd / 100_000.0.squareRoot(), "mean \(s.mean)")
        #expect(Swift.abs(s.std / expectedStd - 1) < 0.02, "std \(s.std), expected \(expectedStd)")
        #expect(s.min >= -limit && s.max < limit, "range [\(s.min), \(s.max)], limit \(limit)")
        #expect(s.min < -0.999 * limit && s.max > 0.999 * limit)
    }

    @Test func convolutionFansSetTheScale() throws {
        // heNormal for [64, 16, 3, 3]: fanIn = 16·9 = 144, std √(2/144).
        let s = try statistics(.heNormal, [64, 16, 3, 3])
        #expect(Swift.abs(s.std / (2 / 144.0).squareRoot() - 1) < 0.03, "std \(s.std)")
    }

    @Test func constants() {
        var generator = RandomGenerator(seed: 1)
        expectValues(Initializer.zeros.tensor([2, 2], generator: &generator), [0, 0, 0, 0], shape: [2, 2])
        expectValues(Initializer.constant(0.25).tensor([3], dtype: .float64, generator: &generator), [0.25, 0.25, 0.25], shape: [3])
        #expect(Initializer.constant(0.25).tensor([3], dtype: .float64).dtype == .float64)
    }

    /// Orthogonal: WᵀW = I for a tall matrix (orthonormal columns), WWᵀ = I for a wide one, W⁻¹ = Wᵀ
    /// for a square one; different draws differ.
    @Test(arguments: [[12, 4], [4, 12], [6, 6], [8, 2, 3]])
    func orthogonalRowsOrColumnsAreOrthonormal(shape: [Int]) {
        var generator = RandomGenerator(seed: 7)
        let w = Initializer.orthogonal.tensor(shape, dtype: .float64, generator: &generator)
        #expect(w.shape == shape)
        let matrix = w.reshaped([shape[0], shape.dropFirst().reduce(1, *)])
        let tall = matrix.shape[0] > matrix.shape[1]
        let gram = tall ? matrix.matmul(matrix, transposingSelf: true) : matrix.matmul(matrix, transposingOther: true)
        let size = gram.shape[0]
        expectValues(gram, Tensor.eye(size, dtype: .float64).scalars(as: Double.self), shape: [size, size], tolerance: 1e-12)
        let other = Initializer.orthogonal.tensor(shape, dtype: .float64, generator: &generator)
        #expect(other.scalars(as: Double.self) != w.scalars(as: Double.self))
    }

    @Test func seededScopeReproducesWithoutAGenerator() {
        let a = RandomGenerator.seeded(5) { Initializer.glorotUniform.tensor([4, 6]) }
        let b = RandomGenerator.seeded(5) { Initializer.glorotUniform.tensor([4, 6]) }
        let c = RandomGenerator.seeded(6) { Initializer.glorotUniform.tensor([4, 6]) }
        #expect(a.scalars == b.scalars)
        #expect(a.scalars != c.scalars)
    }
}
