import Foundation
import Nabla
import NablaRL

/// A Q-network written by `nabla rl dqn`: the parameters, and in the metadata what it was trained on
/// and its layer widths, so that `nabla rl play` can rebuild it.
struct QNetworkFile {
    let network: Sequential
    let environment: String
    let hiddenSizes: [Int]
    let metadata: [String: String]

    /// Writes `network` (atomically) with the metadata needed to rebuild it.
    static func save(_ network: Sequential, environment: String, observationSize: Int, actionCount: Int, hiddenSizes: [Int],
                     extra: [String: String], to url: URL) throws {
        var metadata = extra
        metadata["kind"] = "q-network"
        metadata["environment"] = environment
        metadata["observation_size"] = String(observationSize)
        metadata["action_count"] = String(actionCount)
        metadata["hidden_sizes"] = hiddenSizes.map(String.init).joined(separator: ",")
        try network.save(to: url, metadata: metadata)
    }

    /// Reads `path` and rebuilds the network; the file must hold a Q-network for `expectedEnvironment`.
    init(path: String, expectedEnvironment: String) throws {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw CommandFailure("\(path): no such file") }
        let (tensors, metadata) = try SafeTensors.read(from: url)
        guard metadata["kind"] == "q-network", let environment = metadata["environment"],
              let observationSize = metadata["observation_size"].flatMap(Int.init), let actionCount = metadata["action_count"].flatMap(Int.init),
              let widths = metadata["hidden_sizes"].map({ $0.split(separator: ",").compactMap { Int($0) } }), !widths.isEmpty else {
            throw CommandFailure("\(path): not a Q-network written by nabla rl dqn (its metadata lacks kind, environment, sizes)")
        }
        guard environment == expectedEnvironment else {
            throw CommandFailure("\(path) holds a Q-network for \(environment), not \(expectedEnvironment)")
        }
        network = QNetwork.make(observationSize: observationSize, actionCount: actionCount, hiddenSizes: widths)
        do {
            try network.loadParameters(tensors)
        } catch {
            throw CommandFailure("\(path): the parameters do not fit the Q-network it describes: \(error)")
        }
        self.environment = environment
        hiddenSizes = widths
        self.metadata = metadata
    }
}
