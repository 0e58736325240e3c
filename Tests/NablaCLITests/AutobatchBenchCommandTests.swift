import Foundation
import Testing

/// `nabla bench autobatch`: a tiny run prints the three ways for both models, and bad flags are usage errors.
@Suite struct AutobatchBenchCommandTests {
    @Test func tinyRunReportsAllThreeWaysForBothModels() throws {
        let result = try CommandRunner.run(["bench", "autobatch", "--sentences", "4", "--trees", "4", "--batch", "2", "--embedding", "3",
                                            "--hidden", "4", "--lengths", "1-3", "--leaves", "1-3"])
        #expect(result.status == 0, "\(result.all)")
        for line in ["BiLSTM tagger, 4 sentences of 1-3 words", "Tree-LSTM, 4 trees of 1-3 leaves", "per-example eager",
                     "autobatched (agenda)", "padded + masked", "level by level"] {
            #expect(result.output.contains(line), "missing \(line): \(result.all)")
        }
    }

    @Test(arguments: [
        (["bench", "autobatch", "--lengths", "7-3"], "--lengths must be a range of positive whole numbers written low-high, such as 5-40, got 7-3"),
        (["bench", "autobatch", "--leaves", "0-4"], "--leaves must be a range of positive whole numbers written low-high, such as 5-40, got 0-4"),
        (["bench", "autobatch", "--strategy", "greedy"], "--strategy must be agenda or depth, got greedy"),
        (["bench", "autobatch", "--batch", "0"], "--batch must be a positive whole number, got 0"),
        (["bench", "autobatch", "--sentences", "40"], "--sentences and --trees must be at least twice --batch (32)"),
    ])
    func badFlagsAreUsageErrors(arguments: [String], message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2, "\(result.all)")
        #expect(result.errors.contains(message), "\(result.all)")
    }
}
