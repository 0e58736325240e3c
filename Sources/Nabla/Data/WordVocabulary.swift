/// The words a word-level sequence model reads and writes, each with an index, plus the two tokens
/// that frame a sentence: `startToken` (0), which a decoder reads first, and `endToken` (1), which it
/// writes after the last word. Word i of `words` has index i + 2.
///
/// The `serialized` form goes into a model file's metadata, so that a model decodes later with the
/// indices it was trained on.
///
/// ```swift
/// let vocabulary = try WordVocabulary(words: ["a", "bag", "left"])
/// try vocabulary.encode(["a", "bag"])         // [2, 3]
/// vocabulary.decode([2, 3, 1, 4])              // ["a", "bag"]: decoding stops at the end token
/// ```
public struct WordVocabulary: Equatable, Sendable {
    /// The token a decoder reads before the first word.
    public static let startToken = 0
    /// The token that ends a sentence.
    public static let endToken = 1
    /// The words, word i with index i + 2.
    public let words: [String]
    private let indexOf: [String: Int]

    /// A vocabulary of `words` in this order. Throws `SceneError` for no words, a word that is empty or
    /// holds whitespace, or one listed twice.
    public init(words: [String]) throws {
        guard !words.isEmpty else { throw SceneError("a vocabulary needs at least one word") }
        var indexOf: [String: Int] = [:]
        for (position, word) in words.enumerated() {
            guard !word.isEmpty, !word.contains(where: \.isWhitespace) else {
                throw SceneError("the vocabulary word \(word.debugDescription) is empty or holds whitespace")
            }
            guard indexOf.updateValue(position + 2, forKey: word) == nil else {
                throw SceneError("the vocabulary lists \(word.debugDescription) twice")
            }
        }
        self.words = words
        self.indexOf = indexOf
    }

    /// A vocabulary read back from `serialized` (its words separated by single spaces).
    public init(serialized: String) throws {
        try self.init(words: serialized.split(separator: " ", omittingEmptySubsequences: false).map(String.init))
    }

    /// The words separated by single spaces.
    public var serialized: String { words.joined(separator: " ") }

    /// The number of tokens: the words, start and end.
    public var count: Int { words.count + 2 }

    /// The index of `word`, or `nil` if the vocabulary does not hold it.
    public func index(of word: String) -> Int? { indexOf[word] }

    /// The indices of `sentence`'s words (without start or end). Throws `SceneError` naming an unknown word.
    public func encode(_ sentence: [String]) throws -> [Int] {
        try sentence.map { word in
            guard let index = indexOf[word] else { throw SceneError("the word \(word.debugDescription) is not in the vocabulary") }
            return index
        }
    }

    /// The words of `tokens` up to the first end token; a start token (which a decoder should never
    /// write) shows as "<start>", so that a caption holding one is never taken for a right one. Stops
    /// with a message for an index outside the vocabulary.
    public func decode(_ tokens: [Int]) -> [String] {
        var sentence: [String] = []
        for token in tokens {
            require((0..<count).contains(token), "WordVocabulary.decode: token \(token) is outside 0..<\(count)")
            if token == Self.endToken { break }
            sentence.append(token == Self.startToken ? "<start>" : words[token - 2])
        }
        return sentence
    }
}
