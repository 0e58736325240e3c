import ArgumentParser

/// `nabla caption`: image captioning of Fashion-MNIST scenes (train, write test scenes, caption an image).
struct CaptionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caption",
        abstract: "Image captioning: a CNN encoder and an LSTM decoder describe scenes of Fashion-MNIST items.",
        discussion: """
        A scene is a grid of cells (2 × 2 by default), two to four of them holding a Fashion-MNIST item. \
        Its caption names the items in reading order with their cells: "a sneaker upper left, a bag upper \
        right and a top lower right". `nabla caption train` trains a model, `nabla caption scenes` writes \
        test scenes as PNG files, and `nabla caption MODEL IMAGE` captions a scene.
        """,
        subcommands: [CaptionTrainCommand.self, CaptionScenesCommand.self, CaptionImageCommand.self],
        defaultSubcommand: CaptionImageCommand.self
    )
}
