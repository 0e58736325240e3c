import Testing
import Nabla
@testable import NablaDistributed

/// How `GradientBuckets` groups parameters (no MPI needed: the grouping is made before any transfer).
@Suite struct GradientBucketsTests {
    private func parameters(_ counts: [Int], dtype: DType = .float32) -> [Parameter] {
        counts.map { Parameter(Tensor.zeros([$0], dtype: dtype), trainable: dtype.isFloatingPoint) }
    }

    @Test func bucketsHoldAtMostTheCapacityUnlessOneParameterIsLarger() {
        // 4-byte floats: 100 + 100 + 300 + 50 elements with room for 800 bytes (200 floats) per bucket.
        // Taken in reverse: [50], then 300 alone (larger than a bucket), then [100, 100].
        let buckets = GradientBuckets(parameters([100, 100, 300, 50]), capacity: 800)
        #expect(buckets.bucketCount == 3)
        #expect(buckets.byteCount == 550 * 4)
    }

    @Test func floatAndDoubleParametersGoInBucketsOfTheirOwn() {
        let buckets = GradientBuckets(parameters([10, 10]) + parameters([10], dtype: .float64), capacity: 1 << 20)
        #expect(buckets.bucketCount == 2)
        #expect(buckets.byteCount == 20 * 4 + 10 * 8)
    }

    @Test func integerParametersAreLeftOut() {
        let buckets = GradientBuckets(parameters([10]) + parameters([7], dtype: .int64), capacity: 1 << 20)
        #expect(buckets.bucketCount == 1 && buckets.byteCount == 40)
    }
}
