import Foundation
import Nabla
import NablaRL

/// A policy/value network written by `nabla rl alphazero`: parameters and batch-norm statistics, and in
/// the metadata the game and the network's size, so that `nabla rl play` can rebuild it.
enum PolicyValueNetworkFile {
    /// Writes `network` (atomically) with the metadata needed to rebuild it.
    static func save(_ network: PolicyValueNetwork, game: String, to url: URL, extra: [String: String]) throws {
        var metadata = extra
        metadata["kind"] = "policy-value-network"
        metadata["game"] = game
        metadata["channels"] = String(network.channels)
        metadata["blocks"] = String(network.blocks)
        try network.save(to: url, metadata: metadata)
    }

    /// Reads `path` and rebuilds the network; the file must hold a network for the game `G`.
    static func load<G: Game>(_: G.Type, path: String) throws -> PolicyValueNetwork {
        let url = URL(fileURLWithPath: path)
        if let problem = PathCheck.problemReading(url) { throw CommandFailure("\(path): \(problem)") }
        let (tensors, metadata) = try SafeTensors.read(from: url)
        guard metadata["kind"] == "policy-value-network", let game = metadata["game"],
              let channels = metadata["channels"].flatMap(Int.init), let blocks = metadata["blocks"].flatMap(Int.init) else {
            throw CommandFailure("\(path): not a network written by nabla rl alphazero (its metadata lacks kind, game, channels, blocks)")
        }
        guard game == G.name else { throw CommandFailure("\(path) holds a network for \(game), not \(G.name)") }
        // The trunk's convolutions hold 9·C² weights per layer: a short file naming a huge network is
        // refused before it is allocated; smaller mismatches are listed by loadParameters.
        let stored = tensors.values.reduce(0) { $0 + $1.count }
        guard (1...1_024).contains(channels), (0...64).contains(blocks), 9 * channels * channels * 2 * blocks <= 2 * stored else {
            throw CommandFailure("\(path): its metadata describes a network of \(channels) channels and \(blocks) blocks, which the \(stored) values in the file cannot hold")
        }
        let network = PolicyValueNetwork(for: G.self, channels: channels, blocks: blocks)
        do {
            try network.loadParameters(tensors)
        } catch {
            throw CommandFailure("\(path): the parameters do not fit the network it describes: \(error)")
        }
        network.eval()
        return network
    }
}
