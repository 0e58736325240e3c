import Testing
@testable import Nabla

@Suite struct SceneCaptionGrammarTests {
    private func scene(_ cells: [(label: Int, row: Int, column: Int)], rows: Int = 2, columns: Int = 2) throws -> ItemScene {
        try ItemScene(rows: rows, columns: columns, items: cells.enumerated().map {
            ItemScene.Item(label: $0.element.label, row: $0.element.row, column: $0.element.column, imageIndex: $0.offset)
        })
    }

    @Test func namesTheItemsInReadingOrderWithTheirCells() throws {
        let grammar = try SceneCaptionGrammar(rows: 2, columns: 2)
        // Given out of order: a bag lower right, a sneaker upper left, a coat upper right.
        let words = try grammar.caption(of: scene([(8, 1, 1), (7, 0, 0), (4, 0, 1)]))
        #expect(SceneCaptionGrammar.sentence(words) == "a sneaker upper left, a top upper right and a bag lower right")
        #expect(words.count == 14)
        let two = try grammar.caption(of: scene([(9, 1, 0), (1, 0, 1)]))
        #expect(SceneCaptionGrammar.sentence(two) == "a trousers upper right and a boot lower left")
        #expect(try grammar.caption(of: scene([(3, 1, 1)])) == ["a", "dress", "lower", "right"])
    }

    @Test func threeByThreeGridsAndTheTenClassWords() throws {
        let grammar = try SceneCaptionGrammar(rows: 3, columns: 3, itemWords: SceneCaptionGrammar.classWords)
        let words = try grammar.caption(of: scene([(4, 1, 1), (6, 2, 2), (0, 0, 2)], rows: 3, columns: 3))
        #expect(SceneCaptionGrammar.sentence(words) == "a t-shirt upper right, a coat middle centre and a shirt lower right")
        let row = try SceneCaptionGrammar(rows: 1, columns: 3)
        #expect(try row.caption(of: scene([(5, 0, 2), (8, 0, 0)], rows: 1, columns: 3)) == ["a", "bag", "left", "and", "a", "sandal", "right"])
    }

    @Test func wordsListEveryWordOnceAndTheLongestCaptionFits() throws {
        let grammar = try SceneCaptionGrammar(rows: 2, columns: 2)
        #expect(grammar.words == ["a", ",", "and", "top", "trousers", "dress", "sandal", "sneaker", "bag", "boot", "upper", "lower", "left", "right"])
        let full = try grammar.caption(of: scene([(0, 0, 0), (1, 0, 1), (2, 1, 0), (3, 1, 1)]))
        #expect(full.count == grammar.longestCaption(items: 4))
        #expect(Set(full).isSubset(of: Set(grammar.words)))
    }

    @Test func badGrammarsAndScenesAreRefused() throws {
        #expect(throws: SceneError.self) { try SceneCaptionGrammar(rows: 4, columns: 2) }
        #expect(throws: SceneError("the item word \"left\" is empty, holds a space or is a word of the grammar")) {
            try SceneCaptionGrammar(rows: 2, columns: 2, itemWords: ["top", "left"])
        }
        #expect(throws: SceneError.self) { try SceneCaptionGrammar(rows: 2, columns: 2, itemWords: ["a top"]) }
        let grammar = try SceneCaptionGrammar(rows: 2, columns: 2)
        #expect(throws: SceneError("a 3 × 3 scene cannot be captioned by a grammar for 2 × 2 grids")) {
            try grammar.caption(of: scene([(0, 0, 0)], rows: 3, columns: 3))
        }
        #expect(throws: SceneError("label 10 has no word; the grammar names labels 0-9")) { try grammar.caption(of: scene([(10, 0, 0)])) }
    }
}
