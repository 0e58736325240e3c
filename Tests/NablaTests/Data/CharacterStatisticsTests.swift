import Foundation
import Testing
@testable import Nabla

@Suite struct CharacterStatisticsTests {
    @Test func bitsPerCharacterOfKnownDistributions() {
        // The right character always at probability 1/2, then 1/8: 1 bit, then 3 bits; mean 2.
        let bits = CharacterStatistics.bitsPerCharacter(probabilities: [[0.5, 0.25, 0.25], [0.125, 0.125, 0.75]], targets: [0, 1])
        #expect(abs(bits - 2) < 1e-12)
        #expect(abs(CharacterStatistics.bitsPerCharacter(meanCrossEntropy: log(64)) - 6) < 1e-12)
    }

    @Test func unigramEntropyOfKnownStrings() throws {
        let vocabulary = CharacterVocabulary(text: "abcd")
        #expect(abs(CharacterStatistics.unigramEntropy(try vocabulary.encode("abcdabcd")) - 2) < 1e-12, "four equally frequent characters")
        #expect(CharacterStatistics.unigramEntropy(try vocabulary.encode("aaaa")) == 0)
        // "hallo": l twice, h, a, o once: -(0.4 log₂ 0.4 + 3 · 0.2 log₂ 0.2) ≈ 1.9219 bits.
        let hallo = CharacterVocabulary(text: "hallo")
        let expected = -(0.4 * log2(0.4) + 3 * 0.2 * log2(0.2))
        #expect(abs(CharacterStatistics.unigramEntropy(try hallo.encode("hallo")) - expected) < 1e-12)
        #expect(abs(expected - 1.9219) < 1e-4)
    }
}
