import Foundation

/// The characters a character-level model reads and writes, each with an index: text ↔ indices.
///
/// The characters are kept in sorted order, so the same text always gives the same vocabulary; its
/// `serialized` form goes into a model file's metadata so that sampling later decodes with the
/// indices the model was trained on.
///
/// ```swift
/// let vocabulary = CharacterVocabulary(text: "hallo")    // a, h, l, o
/// let indices = try vocabulary.encode("hallo")             // [1, 0, 2, 2, 3]
/// vocabulary.decode(indices)                               // "hallo"
/// ```
public struct CharacterVocabulary: Sendable, Equatable {
    /// The characters, index i holding character i.
    public let characters: [Character]
    private let indexOf: [Character: Int]

    /// The distinct characters of `text`, sorted.
    public init(text: String) {
        self.init(uniqueCharacters: Array(Set(text)).sorted())
    }

    /// A vocabulary of `characters` in this order. Throws `TextDataError.duplicateCharacter` if one
    /// appears twice and `.emptyVocabulary` for none.
    public init(characters: [Character]) throws {
        guard !characters.isEmpty else { throw TextDataError.emptyVocabulary }
        var seen = Set<Character>()
        for character in characters where !seen.insert(character).inserted {
            throw TextDataError.duplicateCharacter(character)
        }
        self.init(uniqueCharacters: characters)
    }

    private init(uniqueCharacters: [Character]) {
        characters = uniqueCharacters
        indexOf = Dictionary(uniqueKeysWithValues: uniqueCharacters.enumerated().map { ($0.element, $0.offset) })
    }

    /// The number of characters.
    public var count: Int { characters.count }

    /// The index of `character`, or `nil` if it is not in the vocabulary.
    public func index(of character: Character) -> Int? { indexOf[character] }

    /// The indices of the characters of `text`. Throws `TextDataError.unknownCharacter` for a character
    /// outside the vocabulary.
    public func encode(_ text: String) throws -> [Int] {
        try text.map { character in
            guard let index = indexOf[character] else { throw TextDataError.unknownCharacter(character) }
            return index
        }
    }

    /// The text of `indices`; each must be in `0..<count`.
    public func decode(_ indices: [Int]) -> String {
        String(indices.map { index in
            require(index >= 0 && index < count, "CharacterVocabulary: index \(index) is outside 0..<\(count)")
            return characters[index]
        })
    }

    /// The characters as one JSON array of strings, for a model file's metadata.
    public var serialized: String {
        let data = try? JSONSerialization.data(withJSONObject: characters.map { String($0) })
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// The vocabulary written by `serialized`. Throws `TextDataError.unreadableVocabulary` for text that
    /// is not a JSON array of single characters.
    public init(serialized text: String) throws {
        guard let strings = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String],
              strings.allSatisfy({ $0.count == 1 }) else {
            throw TextDataError.unreadableVocabulary
        }
        try self.init(characters: strings.map { $0.first! })
    }

    /// Whether both hold the same characters in the same order.
    public static func == (lhs: CharacterVocabulary, rhs: CharacterVocabulary) -> Bool { lhs.characters == rhs.characters }
}
