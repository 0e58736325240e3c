/// Grid worlds printed as the notes and AIMA draw them: the top row first, column numbers below,
/// walls marked, exits shown by their rewards.
extension GridWorld {
    /// The utilities in their squares, three decimals (exits show their reward, walls `wall`).
    public func utilityTable(_ utilities: [Double]) -> String {
        table(cellWidth: 7) { state, position in
            if let reward = exits[position] { return Self.exitLabel(reward) }
            return Self.threeDecimals(utilities[state])
        }
    }

    /// The policy as arrows in its squares (exits show their reward, walls `wall`).
    public func policyTable(_ policy: Policy) -> String {
        table(cellWidth: 5) { state, position in
            if let reward = exits[position] { return Self.exitLabel(reward) }
            return policy[state].flatMap { GridMove(rawValue: $0)?.arrow } ?? "·"
        }
    }

    /// Rows from the top, each labelled with its number, and a line of column numbers underneath.
    private func table(cellWidth: Int, cell: (Int, GridPosition) -> String) -> String {
        func padded(_ text: String) -> String { String(repeating: " ", count: max(0, cellWidth - text.count)) + text }
        var lines: [String] = []
        for row in stride(from: rows, through: 1, by: -1) {
            let cells = (1...columns).map { column -> String in
                let position = GridPosition(column, row)
                guard let state = state(at: position) else { return padded("wall") }
                return padded(cell(state, position))
            }
            lines.append("\(row) " + cells.joined())
        }
        lines.append("  " + (1...columns).map { padded(String($0)) }.joined())
        return lines.joined(separator: "\n")
    }

    /// An exit's reward as AIMA prints it: `+1`, `-1`, `+0.5`.
    static func exitLabel(_ reward: Double) -> String {
        let magnitude = reward.rounded() == reward ? String(Int(abs(reward))) : threeDecimals(abs(reward))
        return (reward < 0 ? "-" : "+") + magnitude
    }

    /// A number with exactly three decimals (`0.812`, `-1.000`).
    static func threeDecimals(_ value: Double) -> String {
        let scaled = (abs(value) * 1000).rounded()
        let whole = Int(scaled / 1000), fraction = Int(scaled.truncatingRemainder(dividingBy: 1000))
        let digits = String(fraction)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        return "\(sign)\(whole)." + String(repeating: "0", count: 3 - digits.count) + digits
    }
}
