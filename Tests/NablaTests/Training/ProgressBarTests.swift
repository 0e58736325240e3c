import Foundation
import Testing
@testable import Nabla

/// Trains y = 2x with one weight for 2 epochs of 3 batches, showing `callbacks`, then prints
/// `history <loss of epoch 1> <loss of epoch 2>` so that the caller can compare the shown values.
/// Runs inside exit tests, whose standard output the parent process reads.
private func trainPrintingHistory(callbacks: [any Callback], verbose: Bool = false) throws {
    let model = Sequential { Linear(1, 1, bias: false) }
    let x = Tensor((0..<6).map { Double($0) / 6 }, shape: [6, 1])
    let history = try model.fit(x, x * 2, epochs: 2, batchSize: 2, optimizer: SGD(model.trainableParameters(), learningRate: 0.1),
                                loss: .meanSquaredError, seed: 1, callbacks: callbacks, verbose: verbose)
    print("history " + history["loss"].map { String(format: "%.4f", $0) }.joined(separator: " "))
}

/// The history line's losses and the other lines of an exit test's standard output.
private func output(_ result: ExitTest.Result?) -> (lines: [String], losses: [String]) {
    let text = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.last == "", "the output ends with a newline")
    lines.removeLast()
    guard let history = lines.last, history.hasPrefix("history ") else {
        Issue.record("no history line in \(text.debugDescription)")
        return (lines, [])
    }
    return (Array(lines.dropLast()), history.split(separator: " ").dropFirst().map(String.init))
}

/// `ProgressBar`: plain lines off a terminal, a bar redrawn in place on one.
@Suite struct ProgressBarTests {
    @Test func plainLinePerEpochOffATerminal() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            try trainPrintingHistory(callbacks: [ProgressBar(isTerminal: false)])
        }
        let (lines, losses) = output(result)
        #expect(lines.count == 2, "one line per epoch, nothing per batch: \(lines)")
        #expect(losses.count == 2)
        for (epoch, line) in lines.enumerated() {
            #expect(!line.contains("\r") && !line.contains("\u{1B}"), "no terminal controls: \(line.debugDescription)")
            #expect(line.wholeMatch(of: /epoch \d\/2: loss \d+\.\d{4} \(\d+\.\d s, \d+ samples\/s\)/) != nil, "\(line)")
            #expect(line.hasPrefix("epoch \(epoch + 1)/2: loss \(losses[safe: epoch] ?? "?") ("), "\(line) shows the history's loss")
        }
    }

    @Test func verboseFitAddsOneByItself() async throws {
        // Standard output is a pipe here, so the bar fit adds writes plain lines.
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            try trainPrintingHistory(callbacks: [], verbose: true)
        }
        let (lines, _) = output(result)
        #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("epoch ") && !$0.contains("\r") }, "\(lines)")
    }

    @Test func barRedrawnInPlaceOnATerminal() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            try trainPrintingHistory(callbacks: [ProgressBar(isTerminal: true, width: 10)])
        }
        let (lines, losses) = output(result)
        // Each epoch is one line of output: bar drawings and the summary, each starting with "\r",
        // and only the epoch's end moves to a new line.
        #expect(lines.count == 2, "\(lines.map(\.debugDescription))")
        for (epoch, line) in lines.enumerated() {
            let draws = line.split(separator: "\r").map(String.init)
            #expect(line.hasPrefix("\r") && draws.count >= 2, "\(line.debugDescription)")
            guard let summary = draws.last else { continue }
            for bar in draws.dropLast() {
                #expect(bar.hasPrefix("epoch \(epoch + 1)/2 [") && bar.contains("] ") && bar.contains(" ETA ")
                        && bar.contains(" loss ") && bar.hasSuffix(" samples/s\u{1B}[K"), "\(bar.debugDescription)")
            }
            // The last batch is always drawn: a full bar, 3 of 3 batches, nothing left.
            #expect(draws.dropLast().last?.hasPrefix("epoch \(epoch + 1)/2 [==========] 3/3 ETA 0s loss ") == true,
                    "\(draws.map(\.debugDescription))")
            #expect(summary.hasPrefix("epoch \(epoch + 1)/2: loss \(losses[safe: epoch] ?? "?") (") && summary.hasSuffix("samples/s)\u{1B}[K"),
                    "\(summary.debugDescription)")
        }
        // The very first batch is drawn at once, with its share of the bar.
        #expect(lines.first?.hasPrefix("\repoch 1/2 [===>      ] 1/3 ETA ") == true, "\(lines.first?.debugDescription ?? "")")
    }

    @Test func formatListsTrainingValuesBeforeValidationOnes() {
        #expect(ProgressBar.format(["val_loss": 0.5, "loss": 0.25, "accuracy": 0.875]) == "accuracy 0.8750, loss 0.2500, val_loss 0.5000")
        #expect(ProgressBar.format([:]) == "")
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
