import Testing
@testable import Nabla

@Suite struct WordVocabularyTests {
    @Test func encodesAndDecodesAfterTheStartAndEndTokens() throws {
        let vocabulary = try WordVocabulary(words: ["a", "bag", "left"])
        #expect(vocabulary.count == 5)
        #expect(try vocabulary.encode(["a", "bag", "left"]) == [2, 3, 4])
        #expect(vocabulary.decode([2, 3, 1, 4]) == ["a", "bag"])
        #expect(vocabulary.decode([2, 0, 3]) == ["a", "<start>", "bag"])
        #expect(vocabulary.index(of: "left") == 4 && vocabulary.index(of: "right") == nil)
        #expect(try WordVocabulary(serialized: vocabulary.serialized) == vocabulary)
    }

    @Test func badWordsAreRefused() throws {
        #expect(throws: SceneError("the vocabulary lists \"a\" twice")) { try WordVocabulary(words: ["a", "b", "a"]) }
        #expect(throws: SceneError("the vocabulary word \"\" is empty or holds whitespace")) { try WordVocabulary(serialized: "a  b") }
        #expect(throws: SceneError("a vocabulary needs at least one word")) { try WordVocabulary(words: []) }
        #expect(throws: SceneError("the word \"coat\" is not in the vocabulary")) { try WordVocabulary(words: ["a"]).encode(["a", "coat"]) }
    }
}
