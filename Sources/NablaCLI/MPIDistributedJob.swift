import Foundation
import Nabla
#if NABLA_MPI
import NablaDistributed

/// The MPI job of `nabla train --distributed`, over a `Communicator` of NablaDistributed.
final class MPIDistributedJob: DistributedJob {
    /// This process's rank, 0..<size; rank 0 prints, and writes every file.
    let rank: Int
    /// The number of processes.
    let size: Int
    private let world: Communicator
    private var dataParallel: DataParallel?

    private init(world: Communicator) {
        self.world = world
        rank = world.rank
        size = world.size
    }

    /// Starts MPI.
    static func start() throws -> MPIDistributedJob {
        MPIDistributedJob(world: try Communicator.start())
    }

    /// Stops the job, from rank 0, naming every rank whose `settings` differ from rank 0's (a collective
    /// call, to be made before any training collective).
    func checkAlike(_ settings: [(label: String, value: String)]) {
        if let problem = RankSettings(settings).mismatch(across: world) { world.abort(problem, namingThisRank: false) }
    }

    /// The sampler of this rank.
    var sampler: DistributedSampler { DistributedSampler(rank: rank, rankCount: size) }

    /// The `fit` callback averaging gradients and logs over the ranks for batches of `loader`.
    func callback(for loader: DataLoader) throws -> any Callback {
        let dataParallel = try DataParallel(world, loader: loader)
        self.dataParallel = dataParallel
        return dataParallel
    }

    /// Checks that every rank ends with the same parameters, and returns (on rank 0) a line on the
    /// all-reduce's cost.
    func finishTraining(_ model: Module) throws -> String? {
        let digest = ParameterDigest(model).value
        let digests = world.gather([digest])
        var differing = [Int64(digests?.filter { $0[0] != digest }.count ?? 0)]
        world.broadcast(&differing)
        guard differing[0] == 0 else {
            throw CommandFailure("after training, \(differing[0]) of \(size) ranks hold parameters that differ from rank 0's")
        }
        guard rank == 0, let dataParallel else { return nil }
        let ranks = size == 1 ? "1 rank holds" : "\(size) ranks hold"
        return "\(ranks) identical parameters (digest \(String(format: "%016llx", UInt64(bitPattern: digest)))); "
            + String(format: "all-reduce of %.2f MB in %d bucket(s): %.2f ms per step over %d steps", Double(dataParallel.gradientBytes) / 1e6,
                     dataParallel.bucketCount, dataParallel.allReduceSecondsPerStep * 1000, dataParallel.stepCount)
    }

    /// Waits for every rank and shuts MPI down.
    func finish() { world.finish() }

    /// Stops every rank of the job with `message`, naming this one.
    func abort(_ message: String) -> Never { world.abort(message) }
}
#endif
