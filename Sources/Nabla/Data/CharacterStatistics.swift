import Foundation

/// Measures of how well characters are predicted, in bits: the language model's bits per character
/// and the baseline it has to beat.
public enum CharacterStatistics {
    /// Bits per character from a mean cross-entropy (negative log-likelihood) in nats: H / ln 2.
    /// A model that spreads its belief evenly over 64 characters scores log₂ 64 = 6 bits.
    public static func bitsPerCharacter(meanCrossEntropy nats: Double) -> Double { nats / log(2) }

    /// Bits per character of predicted distributions: -mean log₂ p(target), with `probabilities` `[N, k]`
    /// (rows summing to 1) and one target index in `0..<k` per row.
    public static func bitsPerCharacter(probabilities: [[Double]], targets: [Int]) -> Double {
        require(probabilities.count == targets.count && !targets.isEmpty,
                "bitsPerCharacter: \(probabilities.count) distributions for \(targets.count) targets")
        let total = zip(probabilities, targets).reduce(0.0) { sum, pair in
            require(pair.1 >= 0 && pair.1 < pair.0.count, "bitsPerCharacter: target \(pair.1) is outside 0..<\(pair.0.count)")
            return sum - log2(pair.0[pair.1])
        }
        return total / Double(targets.count)
    }

    /// The unigram baseline: the entropy -Σ p_c log₂ p_c of the characters' frequencies p_c in
    /// `indices`, in bits. A model that ignores the context and always predicts these frequencies
    /// needs this many bits per character on the same text.
    public static func unigramEntropy(_ indices: [Int]) -> Double {
        require(!indices.isEmpty, "unigramEntropy: no characters")
        var counts: [Int: Int] = [:]
        for index in indices { counts[index, default: 0] += 1 }
        let total = Double(indices.count)
        return counts.values.reduce(0.0) { entropy, count in
            let p = Double(count) / total
            return entropy - p * log2(p)
        }
    }
}
