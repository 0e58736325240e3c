import Foundation

/// A printed form like PyTorch's: nested rows aligned in columns, long dimensions elided with `...`,
/// followed by the shape, the element type when it is not the default, and the autograd status.
/// Floating-point whole numbers print with a decimal point (`2.`), integers without (`2`).
extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    /// Tensors with more elements than this are printed with elided dimensions.
    static let summaryThreshold = 1000
    /// How many leading and trailing entries of an elided dimension are shown.
    static let edgeItems = 3

    /// The shape, element type and values; large tensors show the first and last entries of each dimension.
    public var description: String {
        var text = "Tensor(" + formattedValues(indent: 7)
        text += ", shape: \(shape)"
        if dtype != .float32 { text += ", dtype: \(dtype)" }
        if let node {
            text += node.isLeaf ? ", requiresGrad: true" : ", operation: \(node.operation.name)"
        }
        return text + ")"
    }

    /// The same text as `description`.
    public var debugDescription: String { description }

    /// The values as nested brackets, with `indent` spaces before continued rows.
    func formattedValues(indent: Int) -> String {
        let elide = count > Tensor.summaryThreshold
        let shown = elide ? shownOffsets() : Array(0..<count)
        let text: (Int) -> String
        if dtype.isFloatingPoint {
            let values = scalars(as: Double.self)
            let format = Tensor.numberFormat(for: shown.map { values[$0] })
            text = { Tensor.format(values[$0], format) }
        } else {
            let values = scalars(as: Int.self)
            text = { String(values[$0]) }
        }
        let width = shown.map { text($0).count }.max() ?? 0
        if rank == 0 { return text(0) }
        func render(_ axis: Int, _ offset: Int) -> String {
            let size = shape[axis], stride = shape[(axis + 1)...].reduce(1, *)
            let positions: [Int?] = elide && size > 2 * Tensor.edgeItems
                ? Array(0..<Tensor.edgeItems) + [nil] + Array((size - Tensor.edgeItems)..<size)
                : Array(0..<size)
            if axis == rank - 1 {
                let items = positions.map { p -> String in
                    guard let p else { return "..." }
                    let item = text(offset + p)
                    return String(repeating: " ", count: width - item.count) + item
                }
                return "[" + items.joined(separator: ", ") + "]"
            }
            let separator = "," + String(repeating: "\n", count: rank - 1 - axis) + String(repeating: " ", count: indent + axis + 1)
            let items = positions.map { p in p.map { render(axis + 1, offset + $0 * stride) } ?? "..." }
            return "[" + items.joined(separator: separator) + "]"
        }
        return render(0, 0)
    }

    /// Offsets of the elements visible in an elided print (for choosing the number format).
    private func shownOffsets() -> [Int] {
        var offsets: [Int] = []
        func walk(_ axis: Int, _ offset: Int) {
            if axis == rank { offsets.append(offset); return }
            let size = shape[axis], stride = shape[(axis + 1)...].reduce(1, *)
            let positions = size > 2 * Tensor.edgeItems ? Array(0..<Tensor.edgeItems) + Array((size - Tensor.edgeItems)..<size) : Array(0..<size)
            for p in positions { walk(axis + 1, offset + p * stride) }
        }
        walk(0, 0)
        return offsets
    }

    private enum NumberFormat { case integer, fixed, scientific }

    private static func numberFormat(for values: [Double]) -> NumberFormat {
        let finite = values.filter(\.isFinite)
        let magnitudes = finite.map(Swift.abs).filter { $0 > 0 }
        if finite.allSatisfy({ $0 == $0.rounded() }) && (magnitudes.max() ?? 0) < 1e8 { return .integer }
        if let largest = magnitudes.max(), let smallest = magnitudes.min(), largest >= 1e5 || smallest < 1e-4 || largest / smallest > 1e6 {
            return .scientific
        }
        return .fixed
    }

    private static func format(_ value: Double, _ format: NumberFormat) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        switch format {
        case .integer: return String(format: "%.0f", value) + "."
        case .fixed: return String(format: "%.4f", value)
        case .scientific: return String(format: "%.4e", value)
        }
    }
}
