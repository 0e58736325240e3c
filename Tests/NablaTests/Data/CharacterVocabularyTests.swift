import Testing
@testable import Nabla

@Suite struct CharacterVocabularyTests {
    @Test func sortedDistinctCharactersAndRoundTrip() throws {
        let vocabulary = CharacterVocabulary(text: "hallo")
        #expect(vocabulary.characters == ["a", "h", "l", "o"])
        let indices = try vocabulary.encode("hallo")
        #expect(indices == [1, 0, 2, 2, 3])
        #expect(vocabulary.decode(indices) == "hallo")
    }

    @Test func germanTextWithUmlautsAndNewlinesRoundTrips() throws {
        let text = "Königstochter, jüngste,\nmach mir auf.« Daß?"
        let vocabulary = CharacterVocabulary(text: text)
        #expect(vocabulary.decode(try vocabulary.encode(text)) == text)
        #expect(vocabulary.count == Set(text).count)
    }

    @Test func serializedFormRestoresTheSameIndices() throws {
        let vocabulary = CharacterVocabulary(text: "Über \"Grüße\"\n\tß")
        let restored = try CharacterVocabulary(serialized: vocabulary.serialized)
        #expect(restored == vocabulary)
        #expect(try restored.encode("Grüße") == vocabulary.encode("Grüße"))
    }

    @Test func unknownCharacterIsNamed() {
        let vocabulary = CharacterVocabulary(text: "abc")
        #expect(throws: TextDataError.unknownCharacter("z")) { try vocabulary.encode("abz") }
        #expect(TextDataError.unknownCharacter("z").description.contains("\"z\""))
    }

    @Test func invalidStoredVocabulariesAreRejected() {
        #expect(throws: TextDataError.unreadableVocabulary) { try CharacterVocabulary(serialized: "not json") }
        #expect(throws: TextDataError.unreadableVocabulary) { try CharacterVocabulary(serialized: "[\"ab\"]") }
        #expect(throws: TextDataError.duplicateCharacter("a")) { try CharacterVocabulary(characters: ["a", "b", "a"]) }
        #expect(throws: TextDataError.emptyVocabulary) { try CharacterVocabulary(characters: []) }
    }
}
