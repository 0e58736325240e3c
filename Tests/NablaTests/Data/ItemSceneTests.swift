import Testing
@testable import Nabla

@Suite struct ItemSceneTests {
    @Test func itemsAreKeptInReadingOrder() throws {
        let scene = try ItemScene(rows: 2, columns: 3, items: [
            .init(label: 1, row: 1, column: 0, imageIndex: 0), .init(label: 2, row: 0, column: 2, imageIndex: 1),
            .init(label: 3, row: 0, column: 1, imageIndex: 2)])
        #expect(scene.items.map(\.label) == [3, 2, 1])
        let same = try ItemScene(rows: 2, columns: 3, items: scene.items.reversed())
        #expect(same == scene)
    }

    @Test func badScenesAreRefused() {
        #expect(throws: SceneError("two items share cell (0, 1)")) {
            try ItemScene(rows: 2, columns: 2, items: [.init(label: 1, row: 0, column: 1, imageIndex: 0), .init(label: 2, row: 0, column: 1, imageIndex: 1)])
        }
        #expect(throws: SceneError("an item in cell (2, 0) lies outside the 2 × 2 grid")) {
            try ItemScene(rows: 2, columns: 2, items: [.init(label: 1, row: 2, column: 0, imageIndex: 0)])
        }
        #expect(throws: SceneError("a scene needs at least one item")) { try ItemScene(rows: 2, columns: 2, items: []) }
        #expect(throws: SceneError.self) { try ItemScene(rows: 0, columns: 2, items: [.init(label: 1, row: 0, column: 0, imageIndex: 0)]) }
    }
}
