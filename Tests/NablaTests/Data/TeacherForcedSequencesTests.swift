import Testing
@testable import Nabla

@Suite struct TeacherForcedSequencesTests {
    @Test func shiftsThePadsAndMasksTheSequences() {
        let sequences = TeacherForcedSequences([[4, 5], [6], []], startToken: 0, endToken: 1, paddingToken: 9)
        #expect(sequences.inputs.shape == [3, 3])
        #expect(sequences.inputs.scalars(as: Int.self) == [0, 4, 5, 0, 6, 9, 0, 9, 9])
        #expect(sequences.targets.scalars(as: Int.self) == [4, 5, 1, 6, 1, 9, 1, 9, 9])
        #expect(sequences.mask.scalars(as: Double.self) == [1, 1, 1, 1, 1, 0, 1, 0, 0])
    }
}
