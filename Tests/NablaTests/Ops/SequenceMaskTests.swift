import Testing
@testable import Nabla

/// `Tensor.sequenceMask`: lengths → a `[N, T]` mask of 1 at the valid steps.
@Suite struct SequenceMaskTests {
    @Test func onesAtTheFirstLengthSteps() {
        expectValues(Tensor.sequenceMask(lengths: [3, 1, 0], steps: 3), [1, 1, 1, 1, 0, 0, 0, 0, 0], shape: [3, 3])
        #expect(Tensor.sequenceMask(lengths: [2], steps: 2, dtype: .float64).dtype == .float64)
    }

    @Test func lengthsBeyondTheStepsStop() async {
        await #expect(processExitsWith: .failure) { _ = Tensor.sequenceMask(lengths: [4], steps: 3) }
        await #expect(processExitsWith: .failure) { _ = Tensor.sequenceMask(lengths: [-1], steps: 3) }
    }
}
