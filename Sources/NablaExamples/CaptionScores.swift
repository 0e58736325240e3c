import Foundation
import Nabla

/// How well captions match the true ones: the share matching word for word and corpus BLEU-4.
public struct CaptionScores: Sendable {
    /// The share of scenes whose caption is exactly the true one, in [0, 1].
    public let exactMatch: Double
    /// Corpus BLEU-4 of the captions against the true ones (one reference each), in [0, 1].
    public let bleu4: Double
    /// The generated captions, scene by scene.
    public let captions: [[String]]
    /// The true captions.
    public let references: [[String]]

    /// Scores `captions` against `references` (one each).
    public init(captions: [[String]], references: [[String]]) {
        precondition(captions.count == references.count && !captions.isEmpty, "CaptionScores: one caption per reference, at least one")
        self.captions = captions
        self.references = references
        exactMatch = Double(zip(captions, references).filter { $0 == $1 }.count) / Double(captions.count)
        bleu4 = BLEU.corpusScore(candidates: captions, references: references)
    }
}
