import Testing
@testable import Nabla

@Suite struct SceneComposerTests {
    /// Six 3 × 3 images, image i filled with (i + 1) / 10, labels 0, 1, 2, 0, 1, 2.
    private func composer(pool: [Int]? = nil, itemCounts: ClosedRange<Int> = 2...4) throws -> SceneComposer {
        let images = Tensor((0..<6).flatMap { Array(repeating: Double($0 + 1) / 10, count: 9) }, shape: [6, 3, 3])
        return try SceneComposer(images: images, labels: [0, 1, 2, 0, 1, 2], pool: pool, rows: 2, columns: 2, itemCounts: itemCounts, margin: 2)
    }

    @Test func randomScenesHaveDistinctCellsAndRepeatForASeed() throws {
        let composer = try composer()
        let scenes = composer.randomScenes(count: 300, seed: 3)
        #expect(scenes.allSatisfy { (2...4).contains($0.items.count) && Set($0.items.map { $0.row * 2 + $0.column }).count == $0.items.count })
        #expect(Set(scenes.map(\.items.count)) == [2, 3, 4])
        #expect(scenes.allSatisfy { $0.items.allSatisfy { (0...2).contains($0.offsetX) && (0...2).contains($0.offsetY) && $0.label == [0, 1, 2][$0.imageIndex % 3] } })
        #expect(composer.randomScenes(count: 300, seed: 3) == scenes)
        #expect(composer.randomScenes(count: 300, seed: 4) != scenes)
    }

    @Test func scenesDrawOnlyFromThePool() throws {
        let scenes = try composer(pool: [1, 4]).randomScenes(count: 100, seed: 1)
        #expect(Set(scenes.flatMap { $0.items.map(\.imageIndex) }) == [1, 4])
    }

    @Test func theCanvasHoldsEachItemAtItsCellAndOffset() throws {
        let composer = try composer()
        #expect((composer.cellSize, composer.height, composer.width) == (5, 10, 10))
        let scene = try ItemScene(rows: 2, columns: 2, items: [
            .init(label: 2, row: 0, column: 1, imageIndex: 2, offsetX: 1, offsetY: 2),
            .init(label: 1, row: 1, column: 0, imageIndex: 4, offsetX: 0, offsetY: 0)])
        let canvas = composer.canvas(scene)
        func value(_ x: Int, _ y: Int) -> Float { canvas[y * 10 + x] }
        // Image 2 (0.3) covers x 6...8, y 2...4; image 4 (0.5) covers x 0...2, y 5...7; the rest is black.
        for y in 0..<10 {
            for x in 0..<10 {
                let expected: Float = (6...8).contains(x) && (2...4).contains(y) ? 0.3 : (0...2).contains(x) && (5...7).contains(y) ? 0.5 : 0
                #expect(abs(value(x, y) - expected) < 1e-6, "(\(x), \(y))")
            }
        }
        let batch = composer.batch([scene, scene])
        #expect(batch.shape == [2, 1, 10, 10])
        #expect(batch.scalars == canvas + canvas)
    }

    @Test func badInputIsRefused() {
        #expect(throws: SceneError("a 2 × 2 grid holds 1 to 4 items, not 2...5")) { try composer(itemCounts: 2...5) }
        #expect(throws: SceneError.self) { try composer(pool: [6]) }
        #expect(throws: SceneError("3 labels for 2 images")) { try SceneComposer(images: Tensor.zeros([2, 3, 3]), labels: [0, 1, 2]) }
        #expect(throws: SceneError("the images must have shape [N, S, S], got [2, 3, 4]")) { try SceneComposer(images: Tensor.zeros([2, 3, 4]), labels: [0, 1]) }
    }
}
