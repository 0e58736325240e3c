import Foundation
import NablaRL

/// A game between a person at the terminal and a network searching with MCTS: the board is drawn
/// before every move, the person types moves (read from standard input, so moves can be piped in),
/// and moves that are not legal are refused with a message.
struct InteractiveGame<G: Game> {
    let network: PolicyValueNetwork
    let search: BatchedSearch
    /// The person's side: 0 moves first.
    let personPlays: Int
    let seed: UInt64

    /// Plays one game to the end; returns the winner (`nil` for a draw).
    /// - Throws: `CommandFailure` when the input ends before the game does.
    func play() throws -> Int? {
        var generator = SplitMix64(seed: seed)
        var position = G()
        let marks = ["X", "O"]
        print("You play \(marks[personPlays]) (\(personPlays == 0 ? "first" : "second")); Nabla plays \(marks[1 - personPlays]). Type 'quit' to stop.")
        while !position.isOver {
            print("\n\(position)\n")
            if position.player == personPlays {
                position = position.playing(try readMove(in: position))
            } else {
                let tree = search.run(from: [position], evaluator: network, using: &generator)[0]
                let policy = tree.policy(temperature: 0), visits = tree.rootVisits
                let move = policy.indices.max { policy[$0] < policy[$1] }!
                print("Nabla plays \(position.moveName(move)) (\(visits[move]) of \(visits.reduce(0, +)) visits)")
                position = position.playing(move)
            }
        }
        print("\n\(position)\n")
        switch position.winner {
        case nil: print("Draw.")
        case personPlays: print("You won.")
        default: print("Nabla won.")
        }
        return position.winner
    }

    /// Asks until the person types a legal move.
    private func readMove(in position: G) throws -> Int {
        let legal = position.legalActions.map(position.moveName).joined(separator: " ")
        while true {
            print("Your move (\(legal)): ", terminator: "")
            fflush(nil)   // all output streams: the prompt must appear before reading
            guard let line = readLine() else { throw CommandFailure("the input ended before the game did") }
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.lowercased() == "quit" { throw CommandFailure("game abandoned") }
            guard let action = position.action(named: text) else {
                print("'\(text)' is not a move: type one of \(legal).")
                continue
            }
            guard position.isLegal(action) else {
                print("\(text) cannot be played now: type one of \(legal).")
                continue
            }
            return action
        }
    }
}
