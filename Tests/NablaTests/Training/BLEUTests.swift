import Foundation
import Testing
@testable import Nabla

@Suite struct BLEUTests {
    private func words(_ sentence: String) -> [String] { sentence.split(separator: " ").map(String.init) }

    @Test func identicalSentencesScoreOne() {
        let corpus = [words("a bag upper left and a top lower right"), words("a boot upper left , a dress upper right and a bag lower left")]
        #expect(abs(BLEU.corpusScore(candidates: corpus, references: corpus) - 1) < 1e-12)
    }

    @Test func handWorkedCorpusWithBrevityPenalty() {
        // Candidates "a b c d e" and "a b c x" against "a b c d e" and "a b c d y z":
        // p1 = (5 + 3) / (5 + 4), p2 = (4 + 2) / (4 + 3), p3 = (3 + 1) / (3 + 2), p4 = (2 + 0) / (2 + 1);
        // c = 9 < r = 11, so BP = exp(1 − 11/9).
        let candidates = [words("a b c d e"), words("a b c x")], references = [words("a b c d e"), words("a b c d y z")]
        let precisions = BLEU.modifiedPrecisions(candidates: candidates, references: references.map { [$0] })
        #expect(precisions.map(\.matched) == [8, 6, 4, 2])
        #expect(precisions.map(\.total) == [9, 7, 5, 3])
        let expected = exp(1 - 11.0 / 9) * pow(8.0 / 9 * 6.0 / 7 * 4.0 / 5 * 2.0 / 3, 0.25)
        #expect(abs(BLEU.corpusScore(candidates: candidates, references: references) - expected) < 1e-12)
        #expect(abs(BLEU.brevityPenalty(candidates: candidates, references: references.map { [$0] }) - exp(1 - 11.0 / 9)) < 1e-12)
    }

    @Test func countsAreClippedToTheReference() {
        // Papineni's example: seven "the" against a reference holding "the" twice: p1 = 2/7.
        let precisions = BLEU.modifiedPrecisions(candidates: [words("the the the the the the the")],
                                                 references: [[words("the cat is on the mat"), words("there is a cat on the mat")]], maximumOrder: 1)
        #expect(precisions[0] == (2, 7))
    }

    @Test func theClosestReferenceLengthSetsThePenaltyTheShorterOnATie() {
        let candidate = [words("a b c d e")]
        // 4 and 6 are equally close to 5: r = 4 < c, no penalty.
        #expect(BLEU.brevityPenalty(candidates: candidate, references: [[words("a b c d e f"), words("a b c d")]]) == 1)
        // 6 is closer than 8: r = 6 > c = 5.
        #expect(abs(BLEU.brevityPenalty(candidates: candidate, references: [[words("a b c d e f g h"), words("a b c d e f")]]) - exp(1 - 6.0 / 5)) < 1e-12)
    }

    @Test func noMatchingFourGramOrNoCandidateTokensScoreZero() {
        #expect(BLEU.corpusScore(candidates: [words("a b c x e")], references: [words("a b c d e")]) == 0)
        #expect(BLEU.corpusScore(candidates: [words("a b c")], references: [words("a b c")]) == 0)   // no 4-grams at all
        #expect(BLEU.corpusScore(candidates: [[String]()], references: [words("a b c d")]) == 0)
        #expect(abs(BLEU.corpusScore(candidates: [words("a b c")], references: [words("a b c")], maximumOrder: 3) - 1) < 1e-12)
    }
}
