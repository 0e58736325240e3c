import Foundation
import Testing
@testable import Nabla

@Suite struct GreedyDecodingTests {
    @Test func eachSequenceTakesItsLikeliestTokenUntilItsEnd() {
        // Tokens: start 0, end 1, then 2 and 3. Row 0 writes 2, 3, end; row 1 writes 3, end; row 2 never ends.
        let plan: [[Int]] = [[2, 3, 1, 2], [3, 1, 2, 2], [2, 2, 3, 2]]
        var step = 0, seen: [[Int]] = []
        let outputs = GreedyDecoding.decode(count: 3, startToken: 0, endToken: 1, maximumLength: 4) { tokens in
            seen.append(tokens)
            defer { step += 1 }
            return Tensor(plan.map { row in (0..<4).map { $0 == row[step] ? 2.0 : Double($0) / 10 } })
        }
        #expect(outputs == [[2, 3], [3], [2, 2, 3, 2]])
        #expect(seen.first == [0, 0, 0] && seen.count == 4 && seen[1] == [2, 3, 2])
    }

    @Test func stopsWhenEverySequenceHasEnded() {
        var calls = 0
        let outputs = GreedyDecoding.decode(count: 2, startToken: 0, endToken: 1, maximumLength: 10) { _ in
            calls += 1
            return Tensor([[0, 0, 1, 0], [0, 1, 0, 0]].map { $0.map { Double($0) } }.map { calls == 1 ? $0 : [0, 1, 0, 0] })
        }
        #expect(outputs == [[2], []] && calls == 2)
    }

    @Test func agreesWithBeamSearchOfWidthOne() {
        // The next-token probabilities as a fixed function of the prefix.
        func probabilities(_ prefix: [Int]) -> [Double] {
            var generator = RandomGenerator(seed: UInt64(prefix.reduce(5) { $0 &* 31 &+ $1 }))
            let weights = (0..<5).map { _ in generator.nextUniform() + 0.05 }
            return weights.map { $0 / weights.reduce(0, +) }
        }
        var prefix: [Int] = [], started = false
        let greedy = GreedyDecoding.decode(count: 1, startToken: 0, endToken: 1, maximumLength: 7) { tokens in
            if started { prefix.append(tokens[0]) }
            started = true
            return Tensor([probabilities(prefix)])
        }
        var prefixes: [[Int]] = [[]], first = true
        let beam = BeamSearch(width: 1, maximumLength: 7).decode(startToken: 0, endToken: 1) { parents, tokens in
            if !first { prefixes = zip(parents, tokens).map { prefixes[$0] + [$1] } }
            first = false
            return prefixes.map { probabilities($0).map(log) }
        }
        #expect(beam.count == 1 && beam[0].tokens == greedy[0])
    }
}
