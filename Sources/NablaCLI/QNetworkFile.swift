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
        if let problem = PathCheck.problemReading(url) { throw CommandFailure("\(path): \(problem)") }
        let (tensors, metadata) = try SafeTensors.read(from: url)
        guard metadata["kind"] == "q-network", let environment = metadata["environment"],
              let observationSize = metadata["observation_size"].flatMap(Int.init), let actionCount = metadata["action_count"].flatMap(Int.init),
              let widths = metadata["hidden_sizes"].map({ $0.split(separator: ",").compactMap { Int($0) } }), !widths.isEmpty,
              observationSize > 0, actionCount > 0, widths.allSatisfy({ $0 > 0 }) else {
            throw CommandFailure("\(path): not a Q-network written by nabla rl dqn (its metadata lacks kind, environment, sizes)")
        }
        // A short file naming huge layers is refused before they are allocated; smaller mismatches are
        // listed by loadParameters.
        let sizes = [observationSize] + widths + [actionCount]
        let (needed, overflow) = zip(sizes, sizes.dropFirst()).reduce((0, false)) { total, layer in
            let (weights, o1) = layer.1.multipliedReportingOverflow(by: layer.0 + 1)   // Linear(in, out): out·(in + 1)
            let (sum, o2) = total.0.addingReportingOverflow(weights)
            return (sum, total.1 || o1 || o2)
        }
        let stored = tensors.values.reduce(0) { $0 + $1.count }
        guard !overflow, needed <= 2 * stored else {
            throw CommandFailure("\(path): its metadata describes a Q-network of \(overflow ? "too many" : String(needed)) parameters, more than twice the \(stored) values the file holds")
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
