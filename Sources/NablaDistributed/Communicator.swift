import CMPI
import Foundation
import Nabla

/// The processes of an MPI job (`mpirun -np 4 ...`, `srun ...`) and the collective operations
/// data-parallel training needs: all-reduce, broadcast, barrier and gather, for `Float`, `Double` and
/// `Int64` buffers.
///
/// There is one communicator per process: `start()` initialises MPI, `finish()` shuts it down. Every
/// rank must make the same collective calls in the same order with buffers of the same length, as
/// MPI requires. Only the thread that started MPI may call it.
///
/// A rank that dies ends the whole job: MPI's default error handler aborts every rank, and `mpirun`
/// names the rank that died. `abort(_:)` ends the job on purpose, after a message naming this rank.
///
/// ```swift
/// let world = try Communicator.start()
/// var gradient: [Float] = ...
/// world.allReduceSum(&gradient)          // the sum over all ranks, on every rank
/// if world.rank == 0 { print("\(world.size) ranks") }
/// world.finish()
/// ```
public final class Communicator {
    /// This process's number, 0..<size.
    public let rank: Int
    /// The number of processes in the job.
    public let size: Int
    /// The name of the host this rank runs on, as MPI reports it.
    public let hostName: String

    private let communicator: MPI_Comm
    private var isFinished = false

    private init(communicator: MPI_Comm) {
        self.communicator = communicator
        var rank: Int32 = 0
        var size: Int32 = 0
        MPI_Comm_rank(communicator, &rank)
        MPI_Comm_size(communicator, &size)
        self.rank = Int(rank)
        self.size = Int(size)
        var name = [CChar](repeating: 0, count: Int(nabla_mpi_max_processor_name()) + 1)
        var length: Int32 = 0
        MPI_Get_processor_name(&name, &length)
        hostName = String(decoding: name.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Initialises MPI (once per process) and returns the communicator of all the job's processes.
    /// A process started without `mpirun` is a job of one rank.
    /// - Throws: `DistributedError.initialization` when MPI was already started or does not start.
    public static func start() throws -> Communicator {
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        guard initialized == 0 else { throw DistributedError.initialization("MPI was already initialised in this process") }
        var provided: Int32 = 0
        let status = MPI_Init_thread(nil, nil, nabla_mpi_thread_funneled(), &provided)
        guard status == nabla_mpi_success() else { throw DistributedError.initialization("MPI_Init_thread failed with error code \(status)") }
        return Communicator(communicator: nabla_mpi_comm_world())
    }

    /// Shuts MPI down after every rank has arrived here; no MPI call may follow.
    public func finish() {
        guard !isFinished else { return }
        isFinished = true
        MPI_Finalize()
    }

    /// Ends the whole job at once: prints `message` on standard error, naming this rank and host
    /// unless `namingThisRank` is false (a message about other ranks), and makes MPI stop every rank
    /// with exit code `code`.
    public func abort(_ message: String, namingThisRank: Bool = true, code: Int32 = 1) -> Never {
        let origin = namingThisRank ? "rank \(rank) of \(size) (\(hostName)): " : ""
        FileHandle.standardError.write(Data("nabla: \(origin)\(message)\n".utf8))
        MPI_Abort(communicator, code)
        exit(code)
    }

    /// Waits until every rank has called `barrier()`.
    public func barrier() {
        MPI_Barrier(communicator)
    }

    /// Replaces `values` on every rank with their element-wise sum over all ranks.
    public func allReduceSum<Element: CommunicatedElement>(_ values: inout [Element]) {
        let count = Int32(values.count)
        values.withUnsafeMutableBytes { buffer in
            _ = MPI_Allreduce(nabla_mpi_in_place(), buffer.baseAddress, count, Element.mpiType, nabla_mpi_sum(), communicator)
        }
    }

    /// Copies `values` of rank `root` into `values` of every other rank (all must pass the same count).
    public func broadcast<Element: CommunicatedElement>(_ values: inout [Element], root: Int = 0) {
        let count = Int32(values.count)
        values.withUnsafeMutableBytes { buffer in
            _ = MPI_Bcast(buffer.baseAddress, count, Element.mpiType, Int32(root), communicator)
        }
    }

    /// Collects `values` (the same count on every rank) at rank `root`: there, every rank's values in
    /// rank order; elsewhere `nil`.
    public func gather<Element: CommunicatedElement>(_ values: [Element], root: Int = 0) -> [[Element]]? {
        var collected = [Element](repeating: .zero, count: rank == root ? values.count * size : 0)
        let count = Int32(values.count)
        values.withUnsafeBytes { sent in
            collected.withUnsafeMutableBytes { received in
                _ = MPI_Gather(sent.baseAddress, count, Element.mpiType, received.baseAddress, count, Element.mpiType, Int32(root), communicator)
            }
        }
        guard rank == root else { return nil }
        return (0..<size).map { Array(collected[($0 * values.count)..<(($0 + 1) * values.count)]) }
    }
}

/// The element types a `Communicator` sends: each with its MPI data type.
public protocol CommunicatedElement: TensorElement, Numeric {
    /// The matching MPI data type.
    static var mpiType: MPI_Datatype { get }
}

extension Float: CommunicatedElement {
    /// MPI_FLOAT.
    public static var mpiType: MPI_Datatype { nabla_mpi_float() }
}

extension Double: CommunicatedElement {
    /// MPI_DOUBLE.
    public static var mpiType: MPI_Datatype { nabla_mpi_double() }
}

extension Int64: CommunicatedElement {
    /// MPI_INT64_T.
    public static var mpiType: MPI_Datatype { nabla_mpi_int64() }
}
