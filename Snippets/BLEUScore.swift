// BLEU-4 of a few captions against their references: modified n-gram
// precisions p₁…p₄, their geometric mean, and the brevity penalty.
import Foundation
import Nabla

func words(_ sentence: String) -> [String] {
    sentence.split(separator: " ").map(String.init)
}
let references = [
    "a bag upper left , a top upper right and a boot lower left",
    "a sneaker upper right and a dress lower right",
    "a trousers lower left and a sandal lower right"].map(words)
let candidates = [
    "a bag upper left , a top upper right and a boot lower left",
    "a sneaker upper right and a top lower right",
    "a trousers lower left"].map(words)

let precisions = BLEU.modifiedPrecisions(
    candidates: candidates, references: references.map { [$0] })
for (order, counts) in precisions.enumerated() {
    print("p\(order + 1) = \(counts.matched)/\(counts.total)")
}
let penalty = BLEU.brevityPenalty(
    candidates: candidates, references: references.map { [$0] })
let logMean = precisions.map { log(Double($0.matched) / Double($0.total)) }
    .reduce(0, +) / 4
let c = candidates.map(\.count).reduce(0, +)
let r = references.map(\.count).reduce(0, +)
print("c = \(c) words, r = \(r): brevity penalty exp(1 - r/c) =",
      String(format: "%.4f", penalty))
print("BLEU-4 by hand: ", String(format: "%.4f", penalty * exp(logMean)))
let score = BLEU.corpusScore(candidates: candidates, references: references)
print("BLEU.corpusScore:", String(format: "%.4f", score))
print("a perfect corpus:", BLEU.corpusScore(
    candidates: references, references: references))
