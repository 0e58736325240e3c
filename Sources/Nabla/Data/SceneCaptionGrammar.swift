/// The words and grammar of scene captions: what is where, every item named once, in reading order.
///
/// A caption names the items of an `ItemScene` by rows from the top, left to right within a row (the
/// order `ItemScene.items` keeps), each as "a WORD ROW COLUMN": the item's word, then its cell's row
/// and column word. The phrases are joined by "," and the last one by "and":
///
///     caption := phrase | phrase ("," phrase)* "and" phrase
///     phrase  := "a" item-word row-word column-word
///     rows:    upper, lower (2 rows); upper, middle, lower (3 rows); none for 1 row
///     columns: left, right (2 columns); left, centre, right (3 columns); none for 1 column
///
/// "a sneaker upper left , a bag upper right and a top lower right". Since the order is fixed and each
/// cell has one item at most, a scene has exactly one caption, so a generated caption can be compared
/// with it word for word.
///
/// The item words are the grammar's choice. `garmentWords` (the default) names Fashion-MNIST's four
/// upper-body classes (T-shirt/top, pullover, coat, shirt) all "top" and each other class by its own
/// word: those four are the classes that even people and the best networks confuse with one another,
/// while the seven words left are told apart reliably. `classWords` names all ten classes.
///
/// ```swift
/// let grammar = SceneCaptionGrammar(rows: 2, columns: 2)
/// SceneCaptionGrammar.sentence(grammar.caption(of: scene))   // "a sneaker upper left and a bag upper right"
/// ```
public struct SceneCaptionGrammar: Equatable, Sendable {
    /// One word per class (index = label); several classes may share a word.
    public let itemWords: [String]
    /// The grid's number of rows and columns.
    public let rows: Int, columns: Int

    /// The ten Fashion-MNIST classes in seven words, the four upper-body garments all "top".
    public static let garmentWords = ["top", "trousers", "top", "dress", "top", "sandal", "top", "sneaker", "bag", "boot"]
    /// The ten Fashion-MNIST classes, one word each.
    public static let classWords = ["t-shirt", "trousers", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "boot"]

    /// The grammar for a `rows` × `columns` grid with `itemWords`. Throws `SceneError` for a grid outside
    /// 1…3 × 1…3, no item words, or an item word that is empty, holds a space or is a word of the grammar itself.
    public init(rows: Int, columns: Int, itemWords: [String] = garmentWords) throws {
        guard (1...3).contains(rows), (1...3).contains(columns) else {
            throw SceneError("the grid must have 1 to 3 rows and columns, got \(rows) × \(columns)")
        }
        guard !itemWords.isEmpty else { throw SceneError("a grammar needs at least one item word") }
        let reserved = Set(["a", "and", ","] + Self.rowWords(rows) + Self.columnWords(columns))
        if let bad = itemWords.first(where: { $0.isEmpty || $0.contains(where: \.isWhitespace) || reserved.contains($0) }) {
            throw SceneError("the item word \(bad.debugDescription) is empty, holds a space or is a word of the grammar")
        }
        self.rows = rows
        self.columns = columns
        self.itemWords = itemWords
    }

    /// The words naming the rows of a grid of `rows` rows, top first.
    public static func rowWords(_ rows: Int) -> [String] {
        switch rows {
        case 2: ["upper", "lower"]
        case 3: ["upper", "middle", "lower"]
        default: []
        }
    }

    /// The words naming the columns of a grid of `columns` columns, left first.
    public static func columnWords(_ columns: Int) -> [String] {
        switch columns {
        case 2: ["left", "right"]
        case 3: ["left", "centre", "right"]
        default: []
        }
    }

    /// Every word a caption can use, each once, in a fixed order: "a", ",", "and", the item words in the
    /// order of their first class, the row words, the column words.
    public var words: [String] {
        var seen = Set<String>()
        return (["a", ",", "and"] + itemWords + Self.rowWords(rows) + Self.columnWords(columns)).filter { seen.insert($0).inserted }
    }

    /// The caption of `scene`, word by word (see the grammar above). Throws `SceneError` if the scene's
    /// grid is not the grammar's or an item's label has no word.
    public func caption(of scene: ItemScene) throws -> [String] {
        guard scene.rows == rows, scene.columns == columns else {
            throw SceneError("a \(scene.rows) × \(scene.columns) scene cannot be captioned by a grammar for \(rows) × \(columns) grids")
        }
        let rowWords = Self.rowWords(rows), columnWords = Self.columnWords(columns)
        var words: [String] = []
        for (position, item) in scene.items.enumerated() {
            guard itemWords.indices.contains(item.label) else {
                throw SceneError("label \(item.label) has no word; the grammar names labels 0-\(itemWords.count - 1)")
            }
            if position > 0 { words.append(position == scene.items.count - 1 ? "and" : ",") }
            words += ["a", itemWords[item.label]]
            if !rowWords.isEmpty { words.append(rowWords[item.row]) }
            if !columnWords.isEmpty { words.append(columnWords[item.column]) }
        }
        return words
    }

    /// The most words a caption of up to `items` items has.
    public func longestCaption(items: Int) -> Int {
        let phrase = 2 + (rows > 1 ? 1 : 0) + (columns > 1 ? 1 : 0)
        return items * phrase + Swift.max(0, items - 1)
    }

    /// Words as a sentence: separated by spaces, with no space before a comma.
    public static func sentence(_ words: [String]) -> String {
        words.joined(separator: " ").replacingOccurrences(of: " ,", with: ",")
    }
}
