import Testing
@testable import Nabla

/// The squared total variation of images.
@Suite struct TotalVariationTests {
    @Test func valueOfASmallExample() {
        // [[1, 2], [4, 8]]: vertical differences 3 and 6 (mean square 22.5), horizontal 1 and 4 (mean square 8.5).
        expectValues(double([1, 2, 4, 8], [1, 1, 2, 2]).totalVariation(), [31], shape: [])
    }

    @Test func constantImagesHaveNone() {
        expectValues((Tensor.ones([2, 3, 5, 4], dtype: .float64) * 0.7).totalVariation(), [0], shape: [])
    }

    @Test func singleRowsAndColumnsHaveOneDirection() {
        // One row: only horizontal pairs, (1² + 2²)/2; one column: only vertical pairs.
        expectValues(double([0, 1, 3], [1, 1, 1, 3]).totalVariation(), [2.5], shape: [])
        expectValues(double([0, 1, 3], [1, 1, 3, 1]).totalVariation(), [2.5], shape: [])
        expectValues(double([5], [1, 1, 1, 1]).totalVariation(), [0], shape: [])
    }

    @Test func gradientCheck() throws {
        try expectGradients(at: [uniform([2, 3, 4, 5], seed: 40)]) { $0[0].totalVariation() }
        try expectGradients(at: [uniform([1, 2, 1, 4], seed: 41)]) { $0[0].totalVariation() }
    }

    @Test func badShapeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 4]).totalVariation()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("totalVariation") && message.contains("[3, 4]"), "\(message)")
    }
}
