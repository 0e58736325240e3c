import Testing

/// The offset of the first element where `a` and `b` differ (the shorter one's count when one is a
/// prefix of the other), or `nil` when they are identical.
func firstDifference<A: Collection, B: Collection>(_ a: A, _ b: B) -> Int? where A.Element: Equatable, A.Element == B.Element {
    var offset = 0
    var (i, j) = (a.startIndex, b.startIndex)
    while i != a.endIndex && j != b.endIndex {
        if a[i] != b[j] { return offset }
        (i, j, offset) = (a.index(after: i), b.index(after: j), offset + 1)
    }
    return i == a.endIndex && j == b.endIndex ? nil : offset
}

/// Expects `actual` to equal `expected` element for element. On failure it reports the counts and the
/// first differing offset with both values, and nothing more: `#expect(a == b)` on two large arrays or
/// files builds a diff of the whole collections, which for a megabyte takes minutes of CPU.
func expectIdentical<A: Collection, B: Collection>(
    _ actual: A, _ expected: B, _ comment: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation
) where A.Element: Equatable, A.Element == B.Element {
    guard let offset = firstDifference(actual, expected) else { return }
    func element<C: Collection>(_ c: C) -> String { c.dropFirst(offset).first.map { "\($0)" } ?? "nothing (its end)" }
    let prefix = comment().isEmpty ? "" : comment() + ": "
    Issue.record("\(prefix)\(actual.count) elements, expected \(expected.count); first difference at offset \(offset): \(element(actual)), expected \(element(expected))",
                 sourceLocation: sourceLocation)
}
