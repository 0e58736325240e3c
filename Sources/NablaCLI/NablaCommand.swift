import ArgumentParser
import Foundation

/// The `nabla` command-line tool.
@main
struct NablaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nabla",
        abstract: "Nabla: build, train and understand neural networks in Swift.",
        subcommands: [TrainCommand.self, EvaluateCommand.self, PredictCommand.self, InspectCommand.self, DemoCommand.self, ExampleCommand.self, GraphCommand.self, BenchCommand.self,
                      ReinforcementLearningCommand.self, StyleCommand.self, TextgenCommand.self, TimeseriesCommand.self, CaptionCommand.self]
    )

    /// Parses and runs the command. Exit codes: 0 on success, 1 for bad input (a file, diverged
    /// training), 2 for a usage error (an unknown flag, a value out of range) with the usage text.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            exit(withError: ExitCode(2))
        }
    }
}
