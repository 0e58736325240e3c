import Foundation
import Testing
@testable import Nabla

@Suite struct TemperatureSamplingTests {
    @Test func temperatureOneSamplesTheSoftmax() {
        let logits = [log(0.5), log(0.3), log(0.2)]
        var generator = RandomGenerator(seed: 7)
        var counts = [0, 0, 0]
        let draws = 20_000
        for _ in 0..<draws { counts[TemperatureSampling.sample(logits: logits, temperature: 1, generator: &generator)] += 1 }
        // Each frequency within 4 standard errors (√(p(1-p)/n) ≤ 0.0036) of its probability.
        for (count, p) in zip(counts, [0.5, 0.3, 0.2]) { #expect(abs(Double(count) / Double(draws) - p) < 0.015, "\(counts)") }
    }

    @Test func lowTemperatureSharpensAndHighFlattens() {
        let logits = [2.0, 1.0, 0.0]
        let cold = TemperatureSampling.probabilities(logits: logits, temperature: 0.5)
        let warm = TemperatureSampling.probabilities(logits: logits, temperature: 4)
        // softmax(z / τ): at τ = 0.5 the scores are 4, 2, 0.
        let total = exp(4.0) + exp(2.0) + 1
        for (p, expected) in zip(cold, [exp(4.0) / total, exp(2.0) / total, 1 / total]) { #expect(abs(p - expected) < 1e-12) }
        #expect(warm[0] < 0.5 && warm[2] > 0.2)
        #expect(abs(warm.reduce(0, +) - 1) < 1e-12)
    }

    @Test func zeroTemperatureIsArgmaxWithoutDrawing() {
        var generator = RandomGenerator(seed: 3)
        let before = generator
        for _ in 0..<10 { #expect(TemperatureSampling.sample(logits: [0.1, 2.5, 2.4, -1], temperature: 0, generator: &generator) == 1) }
        #expect(generator == before)
        // A tiny positive temperature agrees with argmax too (and stays finite).
        #expect(TemperatureSampling.probabilities(logits: [0.1, 2.5, 2.4], temperature: 1e-9) == [0, 1, 0])
    }

    @Test func theSameSeedDrawsTheSameSequence() {
        func draws(_ seed: UInt64) -> [Int] {
            var generator = RandomGenerator(seed: seed)
            return (0..<50).map { _ in TemperatureSampling.sample(logits: [0, 0.5, 1, 1.5], temperature: 0.8, generator: &generator) }
        }
        #expect(draws(11) == draws(11))
        #expect(draws(11) != draws(12))
    }
}
