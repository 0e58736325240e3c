import Foundation

/// Drawing the next token from a model's scores with a temperature τ: p = softmax(z / τ). τ = 1 samples
/// the model's own distribution, τ < 1 sharpens it towards the likeliest token (τ → 0 is argmax, what
/// `temperature: 0` gives), τ > 1 flattens it towards uniform.
///
/// ```swift
/// var generator = RandomGenerator(seed: 1)
/// let next = TemperatureSampling.sample(logits: scores, temperature: 0.8, generator: &generator)
/// ```
public enum TemperatureSampling {
    /// softmax(logits / τ), computed stably (the largest score subtracted first). τ = 0 gives all
    /// probability to the first largest score.
    public static func probabilities(logits: [Double], temperature: Double) -> [Double] {
        require(!logits.isEmpty, "TemperatureSampling: no logits")
        require(temperature >= 0 && temperature.isFinite, "TemperatureSampling: temperature must be finite and not negative, got \(temperature)")
        let largest = logits.max()!
        if temperature == 0 {
            let best = logits.firstIndex(of: largest)!
            return logits.indices.map { $0 == best ? 1 : 0 }
        }
        let weights = logits.map { exp(($0 - largest) / temperature) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// An index drawn from `probabilities(logits:temperature:)` with `generator`; with τ = 0 the
    /// index of the largest score, without drawing.
    public static func sample(logits: [Double], temperature: Double, generator: inout RandomGenerator) -> Int {
        let distribution = probabilities(logits: logits, temperature: temperature)
        if temperature == 0 { return distribution.firstIndex(of: 1)! }
        var remaining = generator.nextUniform()
        for (index, p) in distribution.enumerated() {
            remaining -= p
            if remaining < 0 { return index }
        }
        return distribution.lastIndex { $0 > 0 }!
    }
}
