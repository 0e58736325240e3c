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
}
