import Foundation
import Nabla

/// One process's part of `nabla train --distributed`: its rank, the callback that keeps the ranks'
/// models in step, and the end of the job. `DistributedLaunch.start()` makes one over MPI
/// (`MPIDistributedJob`), or says why this build cannot.
protocol DistributedJob: AnyObject {
    /// This process's rank, 0..<size; rank 0 prints, and writes every file.
    var rank: Int { get }
    /// The number of processes.
    var size: Int { get }
    /// The sampler of this rank.
    var sampler: DistributedSampler { get }
    /// Stops the job, from rank 0, naming every rank whose `settings` differ from rank 0's (a collective
    /// call, to be made before any training collective).
    func checkAlike(_ settings: [(label: String, value: String)])
    /// The `fit` callback averaging gradients and logs over the ranks for batches of `loader`.
    func callback(for loader: DataLoader) throws -> any Callback
    /// Checks that every rank ends with the same parameters, and returns (on rank 0) a line on the
    /// all-reduce's cost.
    func finishTraining(_ model: Module) throws -> String?
    /// Waits for every rank and shuts MPI down.
    func finish()
    /// Stops every rank of the job with `message`, naming this one.
    func abort(_ message: String) -> Never
}

/// How this process was launched, and the start of its distributed job.
enum DistributedLaunch {
    /// Why `--distributed` fails in a build without MPI: either cause (NABLA_MPI=0, or no MPI found) and the remedy.
    static let withoutMPIMessage = "--distributed: this nabla was built without MPI (NABLA_MPI=0 was set, or pkg-config found neither ompi nor mpich). "
        + "Install Open MPI (apt-get install libopenmpi-dev openmpi-bin) or MPICH if needed, then rebuild without NABLA_MPI=0 (swift build); see docs/Distributed.md"

    /// Starts this process's rank of the job.
    /// - Throws: `CommandFailure` (`withoutMPIMessage`) in a build without MPI, or when MPI does not start.
    static func start() throws -> any DistributedJob {
        #if NABLA_MPI
        try MPIDistributedJob.start()
        #else
        throw CommandFailure(withoutMPIMessage)
        #endif
    }

    /// The number of processes the launcher (mpirun, srun) started, from its environment; 1 outside a job.
    static var processCount: Int {
        let environment = ProcessInfo.processInfo.environment
        return ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE"].lazy.compactMap { environment[$0].flatMap(Int.init) }.first ?? 1
    }
}
