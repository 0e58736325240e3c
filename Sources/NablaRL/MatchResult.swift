/// The results of a match from the first-named side's point of view.
public struct MatchResult: Sendable, Equatable, CustomStringConvertible {
    /// Games won.
    public var wins = 0
    /// Games drawn.
    public var draws = 0
    /// Games lost.
    public var losses = 0
    /// Games lost while moving first.
    public var lossesMovingFirst = 0

    /// An empty record.
    public init() {}

    /// The number of games.
    public var games: Int { wins + draws + losses }

    /// `62 won, 38 drawn, 0 lost (of 100)`.
    public var description: String { "\(wins) won, \(draws) drawn, \(losses) lost (of \(games))" }
}
