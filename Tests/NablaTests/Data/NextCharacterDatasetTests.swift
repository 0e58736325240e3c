import Testing
@testable import Nabla

@Suite struct NextCharacterDatasetTests {
    @Test func targetsAreTheInputsShiftedByOne() throws {
        let indices = Array(0..<23)
        let windows = try NextCharacterDataset(indices: indices, sequenceLength: 5)
        #expect(windows.count == 4, "windows start at 0, 5, 10, 15; one at 20 would need a 26th character")
        for index in 0..<windows.count {
            let (input, target) = windows.sample(at: index)
            let inputs = input.scalars(as: Int.self), targets = target.scalars(as: Int.self)
            #expect(inputs == Array((index * 5)..<(index * 5 + 5)))
            #expect(targets == inputs.map { $0 + 1 })
        }
        let (inputs, targets) = windows.batch(at: [1, 3])
        #expect(inputs.shape == [2, 5] && targets.shape == [2, 5] && inputs.dtype == .int64)
    }

    @Test func overlappingWindowsWithAStride() throws {
        let windows = try NextCharacterDataset(indices: Array(0..<10), sequenceLength: 4, stride: 2)
        #expect(windows.count == 3)
        #expect(windows.sample(at: 2).input.scalars(as: Int.self) == [4, 5, 6, 7])
        #expect(windows.sample(at: 2).target.scalars(as: Int.self) == [5, 6, 7, 8])
    }

    @Test func streamBatchesContinueOneAnother() throws {
        let windows = try NextCharacterDataset(indices: Array(0..<61), sequenceLength: 5)   // 12 windows
        let batches = windows.streamBatches(batchSize: 3)
        #expect(batches == [[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]])
        // Row s of batch j + 1 starts where row s of batch j ended.
        let first = windows.batch(at: batches[0]).targets.scalars(as: Int.self)
        let second = windows.batch(at: batches[1]).inputs.scalars(as: Int.self)
        for stream in 0..<3 { #expect(second[stream * 5] == first[stream * 5 + 4]) }
    }

    @Test func tooShortTextIsRejected() {
        #expect(throws: TextDataError.textTooShort(characters: 5, needed: 6)) {
            try NextCharacterDataset(indices: Array(0..<5), sequenceLength: 5)
        }
    }

    @Test func heldOutBlocksComeFromThroughoutTheText() {
        let (training, heldOut) = NextCharacterDataset.split(Array(0..<95), blockLength: 10, heldOutEvery: 3)
        #expect(heldOut == Array(20..<30) + Array(50..<60) + Array(80..<90))
        #expect(training.count + heldOut.count == 95)
        #expect(Set(training).isDisjoint(with: heldOut))
    }
}
