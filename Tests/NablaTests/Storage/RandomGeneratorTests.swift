import Foundation
import Testing
@testable import Nabla

/// The seedable generator: xoshiro256** seeded through SplitMix64. The expected words below were
/// computed with an independent Python transcription of the reference C code (Vigna).
@Suite struct RandomGeneratorTests {
    @Test func splitMixSeedsTheState() {
        // SplitMix64 from 0: its first output 0xe220a8397b1dcdaf is the published reference value.
        let generator = RandomGenerator(seed: 0)
        #expect(generator.state == (0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC))
    }

    @Test(arguments: [
        (UInt64(0), [UInt64(0x99EC_5F36_CB75_F2B4), 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C, 0xBBA5_AD4A_1F84_2E59]),
        (UInt64(42), [UInt64(0x1578_0B2E_0C2E_C716), 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1, 0xFDE6_DC7F_E2EC_5E64]),
    ])
    func firstOutputs(seed: UInt64, expected: [UInt64]) {
        var generator = RandomGenerator(seed: seed)
        #expect((0..<expected.count).map { _ in generator.next() } == expected)
    }

    @Test func sameSeedSameSequenceDifferentSeedDifferentSequence() {
        var a = RandomGenerator(seed: 123), b = RandomGenerator(seed: 123), c = RandomGenerator(seed: 124)
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in b.next() })
        #expect(first != (0..<100).map { _ in c.next() })
    }

    @Test func savedStateResumesTheSequence() {
        var generator = RandomGenerator(seed: 9)
        _ = generator.next()
        var copy = RandomGenerator(state: generator.state)
        #expect(copy == generator)
        #expect((0..<10).map { _ in copy.next() } == (0..<10).map { _ in generator.next() })
    }

    @Test func uniformUsesTheTop53Bits() {
        var generator = RandomGenerator(seed: 42)
        // (next() >> 11) · 2⁻⁵³ of the outputs above, exactly.
        #expect(generator.nextUniform() == 0.08386297105988216)
        #expect(generator.nextUniform() == 0.3789802506626686)
        #expect(generator.nextUniform() == 0.6800434110281394)
    }

    @Test func normalIsBoxMuller() {
        var generator = RandomGenerator(seed: 7)
        // √(-2 ln(1 - u₁)) · cos(2π u₂) with the first two uniforms of seed 7.
        #expect(Swift.abs(generator.nextNormal() - -0.2790239910251981) < 1e-14)
    }

    @Test func normalSamplesHaveMeanZeroAndStandardDeviationOne() {
        var generator = RandomGenerator(seed: 2024)
        let samples = Tensor.randomNormal([100_000], dtype: .float64, generator: &generator).scalars(as: Double.self)
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count - 1)
        // The standard error of the mean is 1/√100000 ≈ 0.0032, of the standard deviation ≈ 0.0022.
        #expect(Swift.abs(mean) < 0.015, "mean \(mean)")
        #expect(Swift.abs(variance.squareRoot() - 1) < 0.01, "standard deviation \(variance.squareRoot())")
        // Shifted and scaled.
        let scaled = Tensor.randomNormal([20_000], mean: 5, standardDeviation: 2, dtype: .float64, generator: &generator)
            .scalars(as: Double.self)
        let scaledMean = scaled.reduce(0, +) / Double(scaled.count)
        #expect(Swift.abs(scaledMean - 5) < 0.06, "mean \(scaledMean)")
    }

    @Test func uniformSamplesStayInRange() {
        var generator = RandomGenerator(seed: 5)
        let samples = Tensor.randomUniform([50_000], low: -2, high: 3, dtype: .float64, generator: &generator).scalars(as: Double.self)
        #expect(samples.allSatisfy { $0 >= -2 && $0 < 3 })
        let mean = samples.reduce(0, +) / Double(samples.count)
        #expect(Swift.abs(mean - 0.5) < 0.05, "mean \(mean)")  // standard error ≈ 0.0065
    }

    @Test(arguments: [0.0, 0.3, 0.9, 1.0])
    func bernoulliRate(probability: Double) {
        var generator = RandomGenerator(seed: 11)
        let samples = Tensor.randomBernoulli([100_000], probability: probability, generator: &generator).scalars
        #expect(samples.allSatisfy { $0 == 0 || $0 == 1 })
        let rate = Double(samples.reduce(0, +)) / Double(samples.count)
        #expect(Swift.abs(rate - probability) < 0.006, "rate \(rate)")  // standard error ≤ 0.0016
    }

    @Test func seedingTheGlobalGeneratorReproducesRandomTensors() {
        // The only test that touches the process-wide generator.
        RandomGenerator.seedGlobal(77)
        let first = Tensor.randomNormal([5])
        RandomGenerator.seedGlobal(77)
        let second = Tensor.randomNormal([5])
        var generator = RandomGenerator(seed: 77)
        #expect(first.scalars == second.scalars)
        #expect(first.scalars == Tensor.randomNormal([5], generator: &generator).scalars)
    }

    // MARK: Whole numbers and shuffles of our own (the same with every Swift version)

    /// Rejection sampling: limit = (2⁶⁴-1) - (2⁶⁴-1) % n, accept v < limit, return v % n. Expected values
    /// from the Python transcription of xoshiro256** above with that rule.
    @Test func nextIntBelowRejectsTheBiasedTail() {
        var generator = RandomGenerator(seed: 2026)
        #expect((0..<8).map { _ in generator.nextInt(below: 10) } == [9, 2, 8, 6, 4, 6, 2, 9])
        // With n = 2⁶² + 1 a quarter of all words is rejected: draws 3 to 8 of seed 2026 are, so the third
        // result is the ninth word modulo n.
        var large = RandomGenerator(seed: 2026)
        #expect((0..<4).map { _ in large.nextInt(below: (1 << 62) + 1) }
            == [1_360_106_162_197_409_299, 621_276_384_230_971_607, 4_387_954_702_302_482_133, 1_285_048_798_939_006_471])
        var one = RandomGenerator(seed: 5)
        #expect((0..<5).map { _ in one.nextInt(below: 1) } == [0, 0, 0, 0, 0])
    }

    @Test func nextIntInAClosedRangeAndUniformInARange() {
        var generator = RandomGenerator(seed: 2026)
        #expect((0..<8).map { _ in generator.nextInt(in: -3...3) } == [1, 0, -1, -2, 1, 0, 3, -1])
        var uniform = RandomGenerator(seed: 2026)
        // 2 + 3 · (next() >> 11) · 2⁻⁵³.
        #expect((0..<3).map { _ in uniform.nextUniform(in: 2...5) } == [3.721194508379803, 2.8510383808245736, 4.437528280272852])
    }

    @Test func nextIntIsUniform() {
        var generator = RandomGenerator(seed: 77)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[generator.nextInt(below: 6)] += 1 }
        // 10_000 expected per value, standard deviation √(60000 · 1/6 · 5/6) ≈ 91: ±500 is over 5σ.
        #expect(counts.allSatisfy { Swift.abs($0 - 10_000) < 500 }, "\(counts)")
        var inRange = [Int](repeating: 0, count: 5)
        for _ in 0..<60_000 { inRange[generator.nextInt(in: -2...2) + 2] += 1 }
        #expect(inRange.allSatisfy { Swift.abs($0 - 12_000) < 550 }, "\(inRange)")   // σ ≈ 98
    }

    /// Fisher–Yates from the end, position i swapped with nextInt(below: i + 1).
    @Test func shuffleIsAFixedPermutationForASeed() {
        var generator = RandomGenerator(seed: 2026)
        var elements = Array(0..<10)
        generator.shuffle(&elements)
        #expect(elements == [3, 4, 8, 5, 6, 0, 1, 2, 7, 9])
        var large = Array(0..<1000)
        generator.shuffle(&large)
        #expect(large.sorted() == Array(0..<1000) && large != Array(0..<1000))
        var single = ["a"], empty: [String] = []
        let before = generator
        generator.shuffle(&single)
        generator.shuffle(&empty)
        #expect(single == ["a"] && empty.isEmpty && generator == before, "nothing to shuffle draws nothing")
    }
}
