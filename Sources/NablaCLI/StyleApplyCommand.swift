import ArgumentParser
import Foundation
import Nabla

/// `nabla style apply MODEL IMAGE --output OUT.png`: paints IMAGE in the style a `TransformationNetwork`
/// was trained for (`nabla style train`), in one forward pass.
struct StyleApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Paint IMAGE in the style of a network trained by `nabla style train`, in one pass.",
        discussion: "The output has IMAGE's size, or, with --size, its proportions with the longer side --size pixels."
    )

    @Argument(help: "The model file written by `nabla style train`.") var model: String
    @Argument(help: "The image to style (PNG or JPEG).") var image: String
    @Option(help: "The output image, .png, .jpg or .jpeg.") var output: String
    @Option(parsing: .unconditional, help: "Scale the image so that its longer side is this many pixels (16 ... 4096) first.") var size: Int?

    func validate() throws {
        if let size { try OptionCheck.within(size, 16...4096, "--size") }
        guard ImageFile.ColorFormat(fileExtension: URL(fileURLWithPath: output).pathExtension) != nil else {
            throw ValidationError("--output must name a .png, .jpg or .jpeg file, got \(output)")
        }
    }

    func run() throws {
        let network = try TransformationNetwork(contentsOf: URL(fileURLWithPath: model))
        let input = try size.map { try StyleTransferCommand.load(image, size: $0) } ?? ImageFile.readRGB(URL(fileURLWithPath: image))
        let height = input.shape[2], width = input.shape[3]
        let side = TransformationNetwork.minimumSide
        guard height >= side && width >= side else {
            throw CommandFailure("\(image) is \(width)×\(height); the network needs at least \(side)×\(side) pixels")
        }
        let outputURL = URL(fileURLWithPath: output)
        try PathCheck.prepareOutputDirectory(outputURL.deletingLastPathComponent())
        let started = Date()
        let styled = withoutGradients { network(input) }
        let seconds = Date().timeIntervalSince(started)
        try ImageFile.writeRGB(styled, to: outputURL)
        print(String(format: "%@ (%@) on %@ %d×%d in %.2f s", model, network.architecture, image, width, height, seconds))
        print("wrote \(outputURL.path)")
    }
}
