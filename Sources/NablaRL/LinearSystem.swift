/// Solves a square linear system A x = b by Gaussian elimination with partial pivoting: at every column
/// the row with the largest entry in absolute value becomes the pivot, which keeps the elimination stable.
/// O(n³) time, as the notes say of exact policy evaluation.
public enum LinearSystem {
    /// The pivot below which a matrix counts as singular, relative to its largest entry.
    public static let singularityThreshold = 1e-12

    /// The x with A x = b.
    /// - Parameters:
    ///   - matrix: A, a square array of rows.
    ///   - rightHandSide: b, one entry per row.
    /// - Throws: `LinearSystemError` when the shapes do not fit or A is singular.
    public static func solve(_ matrix: [[Double]], _ rightHandSide: [Double]) throws -> [Double] {
        let size = matrix.count
        guard rightHandSide.count == size else { throw LinearSystemError.shapeMismatch(rows: size, rightHandSide: rightHandSide.count) }
        if let row = matrix.firstIndex(where: { $0.count != size }) {
            throw LinearSystemError.notSquare(rows: size, row: row, columns: matrix[row].count)
        }
        let scale = matrix.lazy.flatMap { $0 }.reduce(0) { max($0, abs($1)) }
        var coefficients = matrix, constants = rightHandSide
        for column in 0..<size {
            var pivot = column
            for row in column + 1..<size where abs(coefficients[row][column]) > abs(coefficients[pivot][column]) { pivot = row }
            guard abs(coefficients[pivot][column]) > singularityThreshold * scale else { throw LinearSystemError.singular(column: column) }
            if pivot != column {
                coefficients.swapAt(pivot, column)
                constants.swapAt(pivot, column)
            }
            for row in column + 1..<size {
                let factor = coefficients[row][column] / coefficients[column][column]
                if factor == 0 { continue }
                for entry in column..<size { coefficients[row][entry] -= factor * coefficients[column][entry] }
                constants[row] -= factor * constants[column]
            }
        }
        var solution = [Double](repeating: 0, count: size)
        for row in stride(from: size - 1, through: 0, by: -1) {
            var sum = constants[row]
            for entry in row + 1..<size { sum -= coefficients[row][entry] * solution[entry] }
            solution[row] = sum / coefficients[row][row]
        }
        return solution
    }
}

/// Why a linear system could not be solved.
public enum LinearSystemError: Error, Equatable, CustomStringConvertible {
    /// The right-hand side's length differs from the number of rows.
    case shapeMismatch(rows: Int, rightHandSide: Int)
    /// A row's length differs from the number of rows.
    case notSquare(rows: Int, row: Int, columns: Int)
    /// No usable pivot was left in this column: the matrix is singular (or nearly so).
    case singular(column: Int)

    /// The problem in words.
    public var description: String {
        switch self {
        case let .shapeMismatch(rows, length): "the matrix has \(rows) rows but the right-hand side \(length) entries"
        case let .notSquare(rows, row, columns): "the matrix is not square: it has \(rows) rows but row \(row) has \(columns) entries"
        case let .singular(column): "the matrix is singular: no nonzero pivot is left in column \(column)"
        }
    }
}
