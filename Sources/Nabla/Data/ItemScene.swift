/// A scene for image captioning: a few small pictures (Fashion-MNIST items) placed in the cells of a
/// grid on a larger canvas, at most one to a cell. `SceneComposer` draws and renders scenes;
/// `SceneCaptionGrammar` says in words what is where.
///
/// The items are kept in reading order (by row, then by column), the order in which a caption names
/// them, so two scenes with the same items in the same cells are equal whatever order they were given in.
///
/// ```swift
/// let scene = try ItemScene(rows: 2, columns: 2, items: [
///     .init(label: 8, row: 0, column: 1, imageIndex: 17),
///     .init(label: 7, row: 0, column: 0, imageIndex: 3)])
/// scene.items.map(\.label)   // [7, 8]: the sneaker in the upper left first
/// ```
public struct ItemScene: Equatable, Sendable {
    /// One picture in the scene.
    public struct Item: Equatable, Sendable {
        /// Its class (0–9 for Fashion-MNIST).
        public let label: Int
        /// The grid cell it sits in, counted from the top left, from 0.
        public let row: Int, column: Int
        /// Which image of the composer's data set it is.
        public let imageIndex: Int
        /// How far the picture is moved right and down from its cell's top left corner, in pixels.
        public let offsetX: Int, offsetY: Int

        /// An item of class `label` in cell (`row`, `column`), image `imageIndex`, moved by the offsets.
        public init(label: Int, row: Int, column: Int, imageIndex: Int, offsetX: Int = 0, offsetY: Int = 0) {
            self.label = label
            self.row = row
            self.column = column
            self.imageIndex = imageIndex
            self.offsetX = offsetX
            self.offsetY = offsetY
        }
    }

    /// The grid's number of rows and columns.
    public let rows: Int, columns: Int
    /// The items in reading order: by row, then by column.
    public let items: [Item]

    /// A scene on a `rows` × `columns` grid. Throws `SceneError` for a grid outside 1…3 × 1…3, no items,
    /// an item outside the grid or two items in one cell.
    public init(rows: Int, columns: Int, items: [Item]) throws {
        guard (1...3).contains(rows), (1...3).contains(columns) else {
            throw SceneError("a scene's grid must have 1 to 3 rows and columns, got \(rows) × \(columns)")
        }
        guard !items.isEmpty else { throw SceneError("a scene needs at least one item") }
        if let outside = items.first(where: { !(0..<rows).contains($0.row) || !(0..<columns).contains($0.column) }) {
            throw SceneError("an item in cell (\(outside.row), \(outside.column)) lies outside the \(rows) × \(columns) grid")
        }
        let ordered = items.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        if let shared = zip(ordered, ordered.dropFirst()).first(where: { $0.row == $1.row && $0.column == $1.column }) {
            throw SceneError("two items share cell (\(shared.0.row), \(shared.0.column))")
        }
        self.rows = rows
        self.columns = columns
        self.items = ordered
    }
}
