/// What can be wrong with a time-series CSV file or with the series for a forecasting setup.
public enum TimeSeriesError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist.
    case missingFile(path: String)
    /// The path is not a readable regular file (a directory, a FIFO, no permission).
    case unreadableFile(path: String, reason: String)
    /// The file's bytes are not UTF-8 text.
    case notUTF8(path: String)
    /// No header line (only comments and blank lines).
    case missingHeader(path: String)
    /// The requested column is not in the header.
    case unknownColumn(path: String, column: String, available: [String])
    /// A line whose value in the column is missing or not a finite number.
    case notANumber(path: String, line: Int, column: String, text: String)
    /// Too few values for the setup (lookback, horizon and split).
    case tooShort(source: String, values: Int, needed: Int)

    /// The message, naming what is wrong.
    public var description: String {
        switch self {
        case .missingFile(let path): "\(path): no such file"
        case .unreadableFile(let path, let reason): "\(path): \(reason)"
        case .notUTF8(let path): "\(path): not UTF-8 text"
        case .missingHeader(let path): "\(path): no header line naming the columns"
        case .unknownColumn(let path, let column, let available):
            "\(path): no column '\(column)'; the columns are \(available.map { "'\($0)'" }.joined(separator: ", "))"
        case .notANumber(let path, let line, let column, let text):
            "\(path), line \(line): the '\(column)' value \(text.isEmpty ? "is missing" : "'\(text)' is not a number")"
        case .tooShort(let source, let values, let needed):
            "\(source): \(values) values are too few; this setup needs at least \(needed)"
        }
    }
}
