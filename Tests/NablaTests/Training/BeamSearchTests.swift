import Foundation
import Testing
@testable import Nabla

@Suite struct BeamSearchTests {
    /// A hand-made model over the tokens start (0), end (1), x (2) and y (3): the probabilities of the
    /// next token depend on the tokens written so far.
    private static func handMade(_ prefix: [Int]) -> [Double] {
        switch prefix {
        case []: [0, 0.1, 0.5, 0.4]
        case [2]: [0, 0.3, 0.4, 0.3]
        case [3]: [0, 0.9, 0.05, 0.05]
        case [2, 2]: [0, 0.5, 0.25, 0.25]
        default: [0, 0.8, 0.1, 0.1]
        }
    }

    /// Runs `search` on a model given as next-token probabilities of the prefix, tracking the rows' prefixes.
    private func run(_ search: BeamSearch, model: ([Int]) -> [Double]) -> [BeamSearch.Hypothesis] {
        var prefixes: [[Int]] = [[]], first = true
        return search.decode(startToken: 0, endToken: 1) { parents, tokens in
            // The first call reads the start token: its row's prefix is still empty.
            if !first { prefixes = zip(parents, tokens).map { prefixes[$0] + [$1] } }
            first = false
            return prefixes.map { model($0).map(log) }
        }
    }

    @Test func beamFindsALikelierSequenceThanGreedy() {
        // Greedy: x (0.5), x (0.4), end (0.5): 0.1. Beam 2 keeps y (0.4), whose end follows with 0.9: 0.36.
        let greedy = run(BeamSearch(width: 1, maximumLength: 10), model: Self.handMade)
        #expect(greedy.count == 1 && greedy[0].tokens == [2, 2] && greedy[0].isFinished)
        #expect(abs(greedy[0].logProbability - log(0.5 * 0.4 * 0.5)) < 1e-12)
        let beam = run(BeamSearch(width: 2, maximumLength: 10), model: Self.handMade)
        #expect(beam.map(\.tokens) == [[3], [2, 2]])
        #expect(abs(beam[0].logProbability - log(0.4 * 0.9)) < 1e-12)
        #expect(abs(beam[1].logProbability - log(0.5 * 0.4 * 0.5)) < 1e-12)
    }

    @Test func widthOneIsGreedyDecoding() {
        for seed in UInt64(1)...20 {
            // A model whose next-token scores are a fixed pseudo-random function of the prefix.
            func model(_ prefix: [Int]) -> [Double] {
                var generator = RandomGenerator(seed: seed &* 7919 &+ UInt64(prefix.reduce(17) { $0 &* 31 &+ $1 }))
                let weights = (0..<6).map { _ in generator.nextUniform() + 0.01 }
                let total = weights.reduce(0, +)
                return weights.map { $0 / total }
            }
            var greedy: [Int] = [], logProbability = 0.0, finished = false
            while greedy.count < 8 {
                let probabilities = model(greedy)
                let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
                logProbability += log(probabilities[best])
                if best == 1 { finished = true; break }
                greedy.append(best)
            }
            let found = run(BeamSearch(width: 1, maximumLength: 8), model: model)
            #expect(found.count == 1)
            #expect(found[0].tokens == greedy && found[0].isFinished == finished, "seed \(seed)")
            #expect(abs(found[0].logProbability - logProbability) < 1e-9)
        }
    }

    @Test func lengthNormalisationPrefersTheLongerSequenceWithTheBetterMeanPerToken() {
        // End at once: 0.4 (one token). x then end: 0.6 · 0.6 = 0.36 (two tokens).
        let model: ([Int]) -> [Double] = { $0.isEmpty ? [0, 0.4, 0.6, 0] : [0, 0.6, 0.4, 0] }
        let plain = run(BeamSearch(width: 2, maximumLength: 5), model: model)
        #expect(plain.map(\.tokens) == [[], [2]])
        let normalized = run(BeamSearch(width: 2, maximumLength: 5, lengthNormalized: true), model: model)
        #expect(normalized.map(\.tokens) == [[2], []])
        #expect(abs(normalized[0].logProbability - log(0.36)) < 1e-12)
        #expect(abs(BeamSearch(width: 2, maximumLength: 5, lengthNormalized: true).score(normalized[0]) - log(0.36) / 2) < 1e-12)
    }

    @Test func hypothesesCutAtTheMaximumLengthAreUnfinished() {
        let found = run(BeamSearch(width: 2, maximumLength: 3), model: { _ in [0, 0.05, 0.5, 0.45] })
        #expect(found.count == 2 && found.allSatisfy { !$0.isFinished && $0.tokens.count == 3 })
        #expect(found[0].tokens == [2, 2, 2] && found[1].tokens == [2, 2, 3])
    }
}
