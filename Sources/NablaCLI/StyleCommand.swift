import ArgumentParser

/// `nabla style ...`: neural style transfer. `nabla style CONTENT STYLE --output OUT.png` (the
/// `transfer` subcommand, the default) optimises an image; `nabla style train` trains a feed-forward
/// network for a style and `nabla style apply` runs it (fast style transfer).
struct StyleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "style",
        abstract: "Neural style transfer: paint a content image in the textures and colours of a style image.",
        subcommands: [StyleTransferCommand.self, StyleTrainCommand.self, StyleApplyCommand.self],
        defaultSubcommand: StyleTransferCommand.self
    )
}
