import Nabla

/// A generated part-of-speech-like tagging task with sentences of varied length, for the BiLSTM tagger
/// (`BiLSTMTagger`) and its autobatching benchmark.
///
/// Words are numbers in `0..<vocabularySize`; each word belongs to class `word % classCount`. The tag of
/// a word is its class, except before a word of class 0 (a "marker"), where it is `classCount`: a tagger
/// has to read the word itself and its right neighbour, which a bidirectional LSTM sees.
///
/// ```swift
/// let sentences = TaggingTask.sentences(count: 1000, lengths: 5...40, seed: 1)
/// ```
public enum TaggingTask {
    /// One sentence: its words and their tags, of equal length.
    public struct Sentence: Sendable, Equatable {
        public let words: [Int]
        public let tags: [Int]
    }

    /// The number of distinct words.
    public static let vocabularySize = 1000
    /// The number of word classes; the tag set holds them and the "before a marker" tag.
    public static let classCount = 12
    /// The number of tags.
    public static var tagCount: Int { classCount + 1 }

    /// The tags of `words` by the task's rule.
    public static func tags(of words: [Int]) -> [Int] {
        words.indices.map { i in
            i + 1 < words.count && words[i + 1] % classCount == 0 ? classCount : words[i] % classCount
        }
    }

    /// `count` random sentences with lengths drawn uniformly from `lengths`.
    public static func sentences(count: Int, lengths: ClosedRange<Int>, seed: UInt64) -> [Sentence] {
        precondition(lengths.lowerBound >= 1, "TaggingTask: sentences need at least one word, got lengths \(lengths)")
        var generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in
            let words = (0..<Int.random(in: lengths, using: &generator)).map { _ in Int.random(in: 0..<vocabularySize, using: &generator) }
            return Sentence(words: words, tags: tags(of: words))
        }
    }
}
