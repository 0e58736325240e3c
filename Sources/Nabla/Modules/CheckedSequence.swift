/// The result of a sequence op whose shapes the layer has already checked: an error here is a
/// program error, reported with the op's message.
func checkedSequence<Result>(_ body: () throws -> Result) -> Result {
    do { return try body() } catch { fatalError("\(error)") }
}
