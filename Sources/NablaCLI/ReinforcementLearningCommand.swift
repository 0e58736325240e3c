import ArgumentParser

/// `nabla rl ...`: reinforcement learning from the notes' §5.
struct ReinforcementLearningCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rl",
        abstract: "Reinforcement learning: Markov decision processes, value and policy iteration, Q-learning, deep Q-learning, AlphaZero self-play.",
        subcommands: [GridWorldCommand.self, DeepQLearningCommand.self, AlphaZeroCommand.self, PlayCommand.self]
    )
}
