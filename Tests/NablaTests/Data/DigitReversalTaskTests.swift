import Testing
@testable import Nabla

@Suite struct DigitReversalTaskTests {
    @Test func stringsHaveTheRequestedLengthsAndRepeatForASeed() {
        let task = DigitReversalTask(minimumLength: 2, maximumLength: 5)
        let strings = task.randomStrings(count: 500, seed: 4)
        #expect(strings.allSatisfy { (2...5).contains($0.count) && $0.allSatisfy { (0...9).contains($0) } })
        #expect(Set(strings.map(\.count)) == [2, 3, 4, 5])
        #expect(task.randomStrings(count: 500, seed: 4) == strings)
        #expect(task.randomStrings(count: 500, seed: 5) != strings)
    }

    @Test func batchPadsAndShiftsTheDecoderSequences() {
        let batch = DigitReversalTask(maximumLength: 8).batch([[3, 1, 4], [7]])
        #expect(batch.lengths == [3, 1])
        #expect(batch.encoderInputs.shape == [2, 3])
        #expect(batch.encoderInputs.scalars(as: Int.self) == [3, 1, 4, 7, 0, 0])
        let start = DigitReversalTask.startToken, end = DigitReversalTask.endToken
        #expect(batch.decoderInputs.scalars(as: Int.self) == [start, 4, 1, 3, start, 7, 0, 0])
        #expect(batch.decoderTargets.scalars(as: Int.self) == [4, 1, 3, end, 7, end, 0, 0])
        #expect(batch.targetMask.scalars(as: Double.self) == [1, 1, 1, 1, 1, 1, 0, 0])
    }
}
