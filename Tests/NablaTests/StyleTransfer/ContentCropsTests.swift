import Testing
@testable import Nabla

/// Random crops of content images: every crop is a window of one of the images, some mirrored.
@Suite struct ContentCropsTests {
    @Test func cropsAreWindowsOfTheImagesOrTheirMirrorImages() {
        let first = Tensor((0..<(3 * 5 * 7)).map(Double.init), shape: [1, 3, 5, 7])
        let second = Tensor((0..<(3 * 6 * 4)).map { -Double($0) - 1 }, shape: [3, 6, 4])
        let crops = ContentCrops([first, second])
        #expect(crops.count == 2 && crops.smallestSide == 4)
        var generator = RandomGenerator(seed: 1)
        let batch = crops.batch(count: 40, side: 3, generator: &generator)
        #expect(batch.shape == [40, 3, 3, 3] && batch.dtype == .float32)
        var windows: [[Float]: Bool] = [:]
        for image in [first, second.reshaped([1, 3, 6, 4])] {
            for top in 0...(image.shape[2] - 3) {
                for left in 0...(image.shape[3] - 3) {
                    let window = image.sliced([0..<1, 0..<3, top..<(top + 3), left..<(left + 3)])
                    windows[window.scalars(as: Float.self)] = false
                    windows[window.scalars(as: Float.self).chunked3Reversed()] = true
                }
            }
        }
        let found = (0..<40).map { windows[batch.sliced(alongAxis: 0, $0..<($0 + 1)).scalars(as: Float.self)] }
        #expect(found.allSatisfy { $0 != nil }, "every crop is a window, mirrored or not")
        #expect(found.contains(true) && found.contains(false), "both mirrored and plain crops are drawn")
        #expect(Set(found.indices.map { batch.sliced(alongAxis: 0, $0..<($0 + 1)).scalars(as: Float.self)[0] < 0 }).count == 2, "both images are used")
    }
}

private extension Array where Element == Float {
    /// Rows of three reversed: the left–right mirror image of 3-pixel-wide rows.
    func chunked3Reversed() -> [Float] { stride(from: 0, to: count, by: 3).flatMap { self[$0..<($0 + 3)].reversed() } }
}
