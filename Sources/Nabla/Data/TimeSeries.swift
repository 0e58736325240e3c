import Foundation

/// A univariate series of equally spaced observations (e.g. monthly means), with a label per
/// observation and a note on its source.
///
/// ```swift
/// let co2 = try TimeSeries.maunaLoaCO2()
/// let (training, validation, test) = co2.chronologicalSplit(validationFraction: 0.15, testFraction: 0.15)
/// ```
public struct TimeSeries: Sendable {
    /// The observations, oldest first.
    public let values: [Double]
    /// One label per observation (e.g. `1965-01`).
    public let labels: [String]
    /// The name of the observed quantity (the CSV column).
    public let name: String
    /// Where the data came from, in words.
    public let source: String

    /// A series from values and their labels (as many labels as values).
    public init(values: [Double], labels: [String], name: String, source: String) {
        require(values.count == labels.count, "TimeSeries: \(values.count) values but \(labels.count) labels")
        self.values = values
        self.labels = labels
        self.name = name
        self.source = source
    }

    /// The series in column `column` (default: the last column) of a CSV file with a header line. The
    /// first column labels the observations; lines starting with `#` and blank lines are skipped.
    /// Throws `TimeSeriesError` for a missing or unreadable file, text that is not UTF-8, a missing header or column,
    /// and a value that is not a number (naming its line).
    public static func readCSV(_ url: URL, column: String? = nil, source: String? = nil) throws -> TimeSeries {
        if let problem = PathCheck.problemReading(url) {
            throw PathCheck.kind(of: url) == .missing ? TimeSeriesError.missingFile(path: url.path) : TimeSeriesError.unreadableFile(path: url.path, reason: problem)
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw TimeSeriesError.unreadableFile(path: url.path, reason: error.localizedDescription) }
        guard let text = String(data: data, encoding: .utf8) else { throw TimeSeriesError.notUTF8(path: url.path) }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated().map { (number: $0.offset + 1, text: $0.element.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.text.isEmpty && !$0.text.hasPrefix("#") }
        guard let header = lines.first else { throw TimeSeriesError.missingHeader(path: url.path) }
        let names = fields(header.text)
        let columnName = column ?? names.last!
        guard let columnIndex = names.firstIndex(of: columnName) else {
            throw TimeSeriesError.unknownColumn(path: url.path, column: columnName, available: names)
        }
        var values: [Double] = [], labels: [String] = []
        for line in lines.dropFirst() {
            let row = fields(line.text)
            let text = columnIndex < row.count ? row[columnIndex] : ""
            guard let value = Double(text), value.isFinite else {
                throw TimeSeriesError.notANumber(path: url.path, line: line.number, column: columnName, text: text)
            }
            values.append(value)
            labels.append(row[0])
        }
        return TimeSeries(values: values, labels: labels, name: columnName, source: source ?? url.path)
    }

    /// The monthly mean CO2 concentration at Mauna Loa, January 1965 – December 2001 (444 values, ppmv),
    /// bundled with Nabla: C. D. Keeling and T. P. Whorf, Scripps Institution of Oceanography, public domain.
    public static func maunaLoaCO2() throws -> TimeSeries {
        guard let url = Bundle.module.url(forResource: "mauna-loa-co2-monthly", withExtension: "csv", subdirectory: "mauna-loa-co2") else {
            throw TimeSeriesError.missingFile(path: "mauna-loa-co2/mauna-loa-co2-monthly.csv (bundled resource)")
        }
        return try readCSV(url, column: "co2", source: "monthly CO2 at Mauna Loa 1965-2001 (Keeling and Whorf, Scripps; public domain; bundled)")
    }

    /// The index ranges of a chronological split: the oldest values for training, then validation, then
    /// the newest `testFraction` for the test (each fraction rounded to whole values).
    public func chronologicalSplit(validationFraction: Double, testFraction: Double) -> (training: Range<Int>, validation: Range<Int>, test: Range<Int>) {
        require(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1,
                "chronologicalSplit: the validation and test fractions must not be negative and must leave training values")
        let testCount = Int((Double(values.count) * testFraction).rounded())
        let validationCount = Int((Double(values.count) * validationFraction).rounded())
        let trainingEnd = values.count - testCount - validationCount
        return (0..<trainingEnd, trainingEnd..<(trainingEnd + validationCount), (trainingEnd + validationCount)..<values.count)
    }

    private static func fields(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
