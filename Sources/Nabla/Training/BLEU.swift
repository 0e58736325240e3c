import Foundation

/// BLEU (Papineni et al., 2002), the usual score of generated sentences against reference sentences:
/// the geometric mean of the modified n-gram precisions p₁…p_N, times a brevity penalty.
///
/// Over a whole corpus ("corpus BLEU", not the mean of per-sentence scores):
///
///     p_n  = Σ_candidates Σ_ngram min(count in candidate, largest count in one reference) / Σ_candidates number of n-grams
///     BP   = 1 if c > r, else exp(1 − r / c)
///     BLEU = BP · exp(Σ_{n=1…N} (1/N) · log p_n)
///
/// where c is the total length of the candidates and r the total of the effective reference lengths:
/// for each candidate, the length of the reference closest to its own (the shorter one on a tie).
/// Without smoothing: when some p_n is 0 (no n-gram of that order matches anywhere in the corpus, or no
/// candidate is n tokens long) the score is 0, and so it is for an empty corpus of candidates.
///
/// ```swift
/// let candidates = [["a", "bag", "upper", "left"]]
/// let references = [[["a", "bag", "upper", "left"]]]
/// BLEU.corpusScore(candidates: candidates, references: references)   // 1.0
/// ```
public enum BLEU {
    /// Corpus BLEU-`maximumOrder` (BLEU-4 by default) of `candidates`, each against its references
    /// (`references[i]` holds one or more references for `candidates[i]`). Stops with a message if the
    /// counts differ, a candidate has no reference or `maximumOrder` is below 1.
    public static func corpusScore<Token: Hashable>(candidates: [[Token]], references: [[[Token]]], maximumOrder: Int = 4) -> Double {
        let precisions = modifiedPrecisions(candidates: candidates, references: references, maximumOrder: maximumOrder)
        guard precisions.allSatisfy({ $0.total > 0 && $0.matched > 0 }) else { return 0 }
        let logMean = precisions.reduce(0.0) { $0 + log(Double($1.matched) / Double($1.total)) } / Double(maximumOrder)
        return brevityPenalty(candidates: candidates, references: references) * exp(logMean)
    }

    /// Corpus BLEU with one reference per candidate.
    public static func corpusScore<Token: Hashable>(candidates: [[Token]], references: [[Token]], maximumOrder: Int = 4) -> Double {
        corpusScore(candidates: candidates, references: references.map { [$0] }, maximumOrder: maximumOrder)
    }

    /// For n = 1…`maximumOrder`: the clipped n-gram matches and the candidates' n-grams, summed over the corpus.
    public static func modifiedPrecisions<Token: Hashable>(candidates: [[Token]], references: [[[Token]]],
                                                          maximumOrder: Int = 4) -> [(matched: Int, total: Int)] {
        require(candidates.count == references.count, "BLEU: \(candidates.count) candidates but \(references.count) reference lists")
        require(references.allSatisfy { !$0.isEmpty }, "BLEU: every candidate needs at least one reference")
        require(maximumOrder >= 1, "BLEU: the largest n-gram order must be at least 1, got \(maximumOrder)")
        return (1...maximumOrder).map { order in
            var matched = 0, total = 0
            for (candidate, sentenceReferences) in zip(candidates, references) {
                let counts = ngramCounts(candidate, order: order)
                var allowed: [[Token]: Int] = [:]
                for reference in sentenceReferences {
                    allowed.merge(ngramCounts(reference, order: order)) { Swift.max($0, $1) }
                }
                for (ngram, count) in counts {
                    matched += Swift.min(count, allowed[ngram] ?? 0)
                    total += count
                }
            }
            return (matched, total)
        }
    }

    /// exp(1 − r / c) when the candidates' total length c is at most the effective reference length r,
    /// else 1; 0 for candidates without a single token.
    public static func brevityPenalty<Token: Hashable>(candidates: [[Token]], references: [[[Token]]]) -> Double {
        let candidateLength = candidates.reduce(0) { $0 + $1.count }
        guard candidateLength > 0 else { return 0 }
        let referenceLength = zip(candidates, references).reduce(0) { total, pair in
            let length = pair.0.count
            // The closest reference length, the shorter one on a tie.
            return total + pair.1.map(\.count).min { (abs($0 - length), $0) < (abs($1 - length), $1) }!
        }
        return candidateLength > referenceLength ? 1 : exp(1 - Double(referenceLength) / Double(candidateLength))
    }

    /// How often each n-gram of `order` tokens occurs in `sentence`.
    static func ngramCounts<Token: Hashable>(_ sentence: [Token], order: Int) -> [[Token]: Int] {
        var counts: [[Token]: Int] = [:]
        if sentence.count >= order {
            for start in 0...(sentence.count - order) { counts[Array(sentence[start..<start + order]), default: 0] += 1 }
        }
        return counts
    }
}
