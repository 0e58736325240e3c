/// What AlphaZero training reports while it runs.
public enum AlphaZeroEvent: Sendable {
    /// An iteration's self-play games ended: their number, the positions they gave, how the first player
    /// fared, and the search speed.
    case selfPlay(iteration: Int, games: Int, positions: Int, firstPlayerWins: Int, draws: Int, simulationsPerSecond: Double)
    /// An iteration's training steps ended, with the mean of each loss term over them.
    case training(iteration: Int, valueError: Double, policyCrossEntropy: Double, penalty: Double)
}
