import Testing
import NablaRL

/// The rules of tic-tac-toe and Connect Four, and the fixed players.
@Suite struct GameTests {
    @Test func ticTacToeLinesWinAndAFullBoardDraws() throws {
        var game = TicTacToe()
        for square in [0, 3, 1, 4] { game = game.playing(square) }
        #expect(!game.isOver && game.player == 0 && game.legalActions == [2, 5, 6, 7, 8])
        game = game.playing(2)
        #expect(game.winner == 0 && game.isOver && game.legalActions.isEmpty && game.outcomeForPlayerToMove == -1)
        let drawn = try #require(TicTacToe(board: "X O X / X O O / O X X"))
        #expect(drawn.isOver && drawn.winner == nil && drawn.outcomeForPlayerToMove == 0)
        #expect(TicTacToe(board: "X X X / X . . / . . .") == nil, "four X and no O cannot occur")
        #expect(game.action(named: "9") == 8 && game.action(named: "0") == nil && game.action(named: "x") == nil)
    }

    @Test func connectFourStonesFallAndFourInARowWins() {
        var game = ConnectFour()
        for column in [3, 3, 3, 3, 3, 3] { game = game.playing(column) }
        #expect(!game.legalActions.contains(3) && game.legalActions.count == 6 && game.winner == nil)
        // A diagonal for X: (5,0), (4,1), (3,2), (2,3) counted from the top-left.
        var diagonal = ConnectFour()
        for column in [0, 1, 1, 2, 2, 3, 2, 3, 3, 6, 3] { diagonal = diagonal.playing(column) }
        #expect(diagonal.winner == 0, "\n\(diagonal)")
        var vertical = ConnectFour()
        for column in [4, 5, 4, 5, 4, 5] { vertical = vertical.playing(column) }
        #expect(vertical.winner == nil)
        #expect(vertical.playing(4).winner == 0 && vertical.playing(4).isOver)
        #expect(game.action(named: "7") == 6 && game.action(named: "8") == nil)
    }

    @Test func minimaxKnowsTicTacToeIsADraw() throws {
        var minimax = MinimaxPlayer<TicTacToe>(seed: 1)
        #expect(minimax.value(of: TicTacToe()) == 0)
        let winning = try #require(TicTacToe(board: "X X . / O O . / . . ."))
        #expect(minimax.value(of: winning) == 1 && minimax.bestMoves(in: winning) == [2])
        // O to move after X's corner-corner fork cannot stop both lines.
        let forked = try #require(TicTacToe(board: "X . X / . O . / O . X"))
        #expect(minimax.value(of: forked) == -1)
    }

    @Test func lookaheadWinsAtOnceAndBlocksASingleThreat() {
        var player = LookaheadPlayer<ConnectFour>(seed: 3)
        var threat = ConnectFour()
        for column in [0, 6, 1, 6, 2] { threat = threat.playing(column) }   // X threatens column 4 (index 3)
        #expect(player.chooseMove(in: threat) == 3, "O blocks")
        #expect(player.chooseMove(in: threat.playing(5)) == 3, "X, given the move, wins")
    }
}
