import Testing
@testable import Nabla

/// Resampling images with an antialiasing triangle filter.
@Suite struct ImageResizingTests {
    @Test func theSameSizeIsTheSameImage() {
        let image = uniform([1, 3, 4, 5], 0, 1, seed: 1)
        #expect(image.resizedImages(height: 4, width: 5).scalars(as: Double.self) == image.scalars(as: Double.self))
    }

    @Test func constantImagesStayConstant() {
        let image = Tensor.full([2, 3, 7, 9], value: 0.3, dtype: .float64)
        for (height, width) in [(3, 4), (14, 20), (1, 1), (7, 2)] {
            let resized = image.resizedImages(height: height, width: width)
            expectValues(resized, Array(repeating: 0.3, count: 6 * height * width), shape: [2, 3, height, width], tolerance: 1e-12)
        }
    }

    @Test func halvingAveragesNeighbours() {
        // Shrinking [0, 0, 1, 1] to 2 pixels: each output's triangle, two input pixels wide on either side,
        // weighs pixels at distance 0.5 by 3/4 and 1.5 by 1/4: (3·0 + 3·0 + 1·1) / 7 at the first, (1·0 + 3·1 + 3·1) / 7 at the second.
        let row = double([0, 0, 1, 1], [1, 1, 1, 4])
        expectValues(row.resizedImages(height: 1, width: 2), [1.0 / 7, 6.0 / 7], shape: [1, 1, 1, 2], tolerance: 1e-12)
    }

    @Test func doublingInterpolatesLinearly() {
        // Output pixel i samples input position (i + ½)/2 − ½: −0.25, 0.25, 0.75, 1.25 (clamped at the ends).
        let row = double([0, 1], [1, 1, 1, 2])
        expectValues(row.resizedImages(height: 1, width: 4), [0, 0.25, 0.75, 1], shape: [1, 1, 1, 4], tolerance: 1e-12)
    }

    @Test func badSizesStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([1, 3, 4, 4]).resizedImages(height: 0, width: 4)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("resizedImages") && message.contains("0 × 4"), "\(message)")
    }
}
