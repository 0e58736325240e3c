import ArgumentParser

/// `nabla textgen`: character-level language models (train, sample) and the notes' "hallo" example.
struct TextgenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "textgen",
        abstract: "Character-level LSTM language models: train on German text, sample from a model, learn \"hallo\".",
        subcommands: [TextgenTrainCommand.self, TextgenSampleCommand.self, TextgenHalloCommand.self]
    )
}
