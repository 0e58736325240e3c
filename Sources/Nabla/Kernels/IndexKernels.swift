/// Loops that move elements by integer positions: whole rows picked or added by row number (embedding
/// lookups and their gradients), and elements picked or added along one axis (`gather`, `scatter_add`).
///
/// The tensors are viewed as `[outer, size, inner]` around the indexed axis; an index tensor of shape
/// `[outer, length, inner]` holds one position in `0..<size` per element. Positions are checked by the
/// caller.
enum IndexKernels {
    /// Row r of `out` is row `rows[r]` of `source`, rows being `rowLength` elements long.
    static func copyRows<T>(_ source: UnsafePointer<T>, rows: [Int], rowLength: Int, _ out: UnsafeMutablePointer<T>) {
        for (r, row) in rows.enumerated() {
            (out + r * rowLength).update(from: source + row * rowLength, count: rowLength)
        }
    }

    /// Adds row r of `values` to row `rows[r]` of `target` (repeated rows add up).
    static func addRows<T: AdditiveArithmetic>(_ values: UnsafePointer<T>, rows: [Int], rowLength: Int, _ target: UnsafeMutablePointer<T>) {
        for (r, row) in rows.enumerated() {
            let source = values + r * rowLength, destination = target + row * rowLength
            for i in 0..<rowLength { destination[i] += source[i] }
        }
    }

    /// `out[o][j][i] = x[o][positions[o][j][i]][i]`.
    static func gather<T>(
        _ x: UnsafePointer<T>, _ positions: [Int], _ out: UnsafeMutablePointer<T>, outer: Int, size: Int, length: Int, inner: Int
    ) {
        for o in 0..<outer {
            for j in 0..<length {
                for i in 0..<inner {
                    let flat = (o * length + j) * inner + i
                    out[flat] = x[(o * size + positions[flat]) * inner + i]
                }
            }
        }
    }

    /// `target[o][positions[o][j][i]][i] += source[o][j][i]`.
    static func scatterAdd<T: AdditiveArithmetic>(
        _ source: UnsafePointer<T>, _ positions: [Int], _ target: UnsafeMutablePointer<T>, outer: Int, size: Int, length: Int, inner: Int
    ) {
        for o in 0..<outer {
            for j in 0..<length {
                for i in 0..<inner {
                    let flat = (o * length + j) * inner + i
                    target[(o * size + positions[flat]) * inner + i] += source[flat]
                }
            }
        }
    }
}
