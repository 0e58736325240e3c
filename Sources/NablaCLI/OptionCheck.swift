import ArgumentParser

/// Checks of numeric options, each failing with a usage error that names the flag and the value given:
/// "--epochs must be a positive whole number, got -1". (Numeric options are declared with
/// `parsing: .unconditional`, so that `-1` reaches these checks instead of being taken for a flag.)
enum OptionCheck {
    /// `value` must be at least 1.
    static func positive(_ value: Int, _ flag: String) throws {
        guard value > 0 else { throw ValidationError("\(flag) must be a positive whole number, got \(value)") }
    }

    /// `value` must be 0 or more.
    static func nonNegative(_ value: Int, _ flag: String) throws {
        guard value >= 0 else { throw ValidationError("\(flag) must be a whole number of 0 or more, got \(value)") }
    }

    /// `value` must be a finite number above 0.
    static func positive(_ value: Double, _ flag: String) throws {
        guard value > 0, value.isFinite else { throw ValidationError("\(flag) must be a positive number, got \(value)") }
    }

    /// `value` must be a number in `range` (such as 0...1 for a probability).
    static func within(_ value: Double, _ range: ClosedRange<Double>, _ flag: String) throws {
        guard range.contains(value) else {
            throw ValidationError("\(flag) must be a number from \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
    }

    /// `value` must lie in `range`.
    static func within(_ value: Int, _ range: ClosedRange<Int>, _ flag: String) throws {
        guard range.contains(value) else {
            throw ValidationError("\(flag) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
    }

    /// `text` must be a range of positive whole numbers written `low-high` ("5-40"), low ≤ high.
    static func range(_ text: String, flag: String) throws -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low >= 1, low <= high else {
            throw ValidationError("\(flag) must be a range of positive whole numbers written low-high, such as 5-40, got \(text)")
        }
        return low...high
    }

    /// Runs `parse` (a `ModelArchitecture` or `DatasetChoice` initialiser) and turns its error into a usage error.
    static func parses(_ parse: () throws -> Void) throws {
        do { try parse() } catch { throw ValidationError(String(describing: error)) }
    }
}
