import Testing
@testable import Nabla

/// Accuracy, top-k accuracy and binary accuracy as (correct, count) per batch.
@Suite struct MetricTests {
    let scores = Tensor([[0.1, 0.9, 0.0], [0.8, 0.15, 0.05], [0.3, 0.3, 0.4], [0.2, 0.7, 0.1]])

    @Test func accuracyWithLabelsAndOneHot() throws {
        // argmax per row: 1, 0, 2, 1; labels 1, 1, 2, 0 → 2 of 4.
        let labels = Tensor([1, 1, 2, 0])
        let measured = try Metric.accuracy.measure(scores, labels)
        #expect(measured.sum == 2 && measured.count == 4)
        let oneHot = try Tensor.oneHot([1, 1, 2, 0], classCount: 3)
        let measuredOneHot = try Metric.accuracy.measure(scores, oneHot)
        #expect(measuredOneHot.sum == 2 && measuredOneHot.count == 4)
        #expect(Metric.accuracy.name == "accuracy")
    }

    @Test func accuracyOfASingleOutputIsThresholdedAtHalf() throws {
        // 0.9 → 1 ✓, 0.4 → 0 ✓, 0.6 → 1 ✗, 0.2 → 0 ✓, 0.5 → 0 ✗ (not above the threshold).
        let probabilities = Tensor([0.9, 0.4, 0.6, 0.2, 0.5])
        let targets = Tensor([1, 0, 0, 0, 1])
        let flat = try Metric.accuracy.measure(probabilities, targets)
        #expect(flat.sum == 3 && flat.count == 5)
        let column = try Metric.accuracy.measure(probabilities.reshaped([5, 1]), targets.reshaped([5, 1]))
        #expect(column.sum == 3 && column.count == 5)
    }

    @Test func topKAccuracy() throws {
        // Label scores and how many are strictly larger: row 0 label 2 (0.0): 2; row 1 label 1 (0.15): 1;
        // row 2 label 0 (0.3): 1; row 3 label 2 (0.1): 2.
        let labels = Tensor([2, 1, 0, 2])
        let top1 = try Metric.topKAccuracy(1).measure(scores, labels)
        let top2 = try Metric.topKAccuracy(2).measure(scores, labels)
        let top3 = try Metric.topKAccuracy(3).measure(scores, labels)
        #expect(top1.sum == 0 && top2.sum == 2 && top3.sum == 4 && top2.count == 4)
        #expect(Metric.topKAccuracy(5).name == "top5Accuracy")
    }

    @Test func tiesCountInFavourOfTheLabel() throws {
        let tied = Tensor([[0.5, 0.5, 0.1], [0.3, 0.3, 0.3], [0.3, 0.3, 0.3]])
        // Row 0: label 1 ties with 0 for first place; rows 1 and 2: three-way ties.
        let top1 = try Metric.topKAccuracy(1).measure(tied, Tensor([1, 2, 0]))
        #expect(top1.sum == 3)
        // A label below a tie of two is not in the top 2.
        let belowTie = try Metric.topKAccuracy(2).measure(Tensor([[0.4, 0.4, 0.2]]), Tensor([2]))
        #expect(belowTie.sum == 0)
        let aboveTie = try Metric.topKAccuracy(2).measure(Tensor([[0.5, 0.2, 0.2]]), Tensor([2]))
        #expect(aboveTie.sum == 1)
    }

    @Test func binaryAccuracy() throws {
        let p = Tensor([0.8, 0.6, 0.75, 0.1]), y = Tensor([1, 1, 0, 0])
        let atHalf = try Metric.binaryAccuracy().measure(p, y)
        #expect(atHalf.sum == 3 && atHalf.count == 4)   // 0.75 is wrong
        // At 0.7: 0.8 ✓, 0.6 → 0 ✗, 0.75 → 1 ✗, 0.1 ✓.
        let strict = try Metric.binaryAccuracy(threshold: 0.7).measure(p, y)
        #expect(strict.sum == 2)
        let strictCorrect = try Metric.binaryAccuracy(threshold: 0.7).measure(p, Tensor([1, 0, 1, 0]))
        #expect(strictCorrect.sum == 4)
        #expect(Metric.binaryAccuracy().name == "binaryAccuracy")
    }

    @Test func mismatchedCountsStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try Metric.accuracy.measure(Tensor.zeros([3, 2]), Tensor([0, 1]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("3 predictions but 2 labels"), "\(message)")
    }

    /// A label at or past the number of classes throws with the label named, for accuracy and top-k
    /// accuracy (before, it read the score of a class in the next row and counted silently).
    @Test func labelsBeyondTheClassCountThrow() throws {
        let accuracy = try #require(throws: TensorValueError.self) {
            try Metric.accuracy.measure(Tensor([[0.1, 0.2, 0.7], [0.8, 0.1, 0.1]]), Tensor([3, 0]))
        }
        #expect(accuracy.message.contains("index 3") && accuracy.message.contains("0..<3"), "\(accuracy)")
        let topK = try #require(throws: TensorValueError.self) {
            try Metric.topKAccuracy(2).measure(Tensor([[0.1, 0.2, 0.7], [0.8, 0.1, 0.1]]), Tensor([5, 0]))
        }
        #expect(topK.message.contains("index 5") && topK.message.contains("0..<3"), "\(topK)")
    }

    /// A diverged model's NaN scores do not count as right answers: as in argmax (and the confusion
    /// matrix), the first NaN is the predicted class, so rows of NaN are right only for label 0, and a NaN
    /// elsewhere in a row outranks the label's number.
    @Test func nanScoresAreNotAllCorrect() throws {
        let nan = Tensor(Array(repeating: Double.nan, count: 9), shape: [3, 3])
        #expect(try Metric.accuracy.measure(nan, Tensor([0, 1, 2])).sum == 1)
        #expect(try Metric.topKAccuracy(1).measure(nan, Tensor([0, 1, 2])).sum == 1)
        #expect(try Metric.topKAccuracy(2).measure(nan, Tensor([0, 1, 2])).sum == 2)
        let oneNaN = Tensor([[0.9, .nan, 0.1]])
        #expect(try Metric.accuracy.measure(oneNaN, Tensor([0])).sum == 0)
        #expect(try Metric.accuracy.measure(oneNaN, Tensor([1])).sum == 1)
    }

    @Test func oneHotTargetsWithAnotherClassCountThrow() throws {
        let error = try #require(throws: TensorValueError.self) { try Metric.accuracy.measure(Tensor.zeros([2, 3]), Tensor.zeros([2, 5])) }
        #expect(error.message.contains("[2, 5]") && error.message.contains("3"), "\(error)")
    }
}
