import ArgumentParser

/// The `nabla` command-line tool.
@main
struct NablaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nabla",
        abstract: "Nabla: build, train and understand neural networks in Swift.",
        subcommands: [TrainCommand.self, EvaluateCommand.self, PredictCommand.self, DemoCommand.self, ExampleCommand.self, GraphCommand.self, BenchCommand.self, ReinforcementLearningCommand.self]
    )
}
