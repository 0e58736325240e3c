import Foundation

/// Runs `mpirun ... nabla ...` (Open MPI) as a user would, for the tests of real MPI jobs. Tests call
/// `MPIJob.unavailable` first and skip, printing the reason, where mpirun or the built `nabla` is missing.
struct MPIJob {
    struct Result {
        let status: Int32
        let output: String
        let errors: String
        let seconds: Double
        var all: String { output + errors }
    }

    /// Why a job could not be started.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `mpirun` on the PATH (or in /usr/bin), or nil.
    static let mpirun: URL? = {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/bin:/usr/local/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("mpirun") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The built program `name` next to the test bundle (or in a directory above it), or nil.
    static func builtProgram(_ name: String) -> URL? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// The built `nabla` binary, or nil.
    static let nabla = builtProgram("nabla")

    /// The built test program `DataParallelProbe` (Tests/DataParallelProbe), or nil.
    static let probe = builtProgram("DataParallelProbe")

    /// Why MPI jobs of `program` cannot run here (printed by the skipping test), or nil when they can.
    static func unavailable(_ program: URL?, named name: String = "nabla") -> String? {
        if mpirun == nil { return "mpirun not found (install openmpi-bin): MPI job tests skipped" }
        if program == nil { return "the \(name) executable was not found next to \(CommandLine.arguments[0]): MPI job tests skipped" }
        return nil
    }

    /// Why MPI jobs of `nabla` cannot run here, or nil when they can.
    static var unavailable: String? { unavailable(nabla) }

    /// Prints why a test is skipped and returns true when MPI jobs of `program` (`nabla` by default) cannot run.
    static func skipped(_ test: String, program: URL? = nabla, named name: String = "nabla") -> Bool {
        guard let reason = unavailable(program, named: name) else { return false }
        print("\(test): \(reason)")
        return true
    }

    /// The repository's bundled Fashion-MNIST sample, usable as a `--data-dir`.
    static let sampleDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Nabla/Resources/fashion-mnist-sample")

    /// Starts `mpirun --oversubscribe -np <processes> <mpiArguments> nabla <arguments>` (or another
    /// `program`), allowed to run as root (CI), with one thread per rank and pipes for its output.
    static func start(processes: Int, _ arguments: [String], mpiArguments: [String] = [], launcher: [String] = [],
                      program: URL? = nabla) throws -> Running {
        try start(groups: [(processes, arguments)], mpiArguments: mpiArguments, launcher: launcher, program: program)
    }

    /// Starts one job of several groups of ranks, each with its own arguments (mpirun's MPMD form,
    /// `mpirun -np 1 nabla ... : -np 1 nabla ...`); the ranks are numbered in the order of the groups.
    static func start(groups: [(processes: Int, arguments: [String])], mpiArguments: [String] = [], launcher: [String] = [],
                      program: URL? = nabla) throws -> Running {
        guard let mpirun, let program else { throw Failure(description: unavailable(program) ?? "") }
        let process = Process()
        process.executableURL = launcher.isEmpty ? mpirun : URL(fileURLWithPath: launcher[0])
        let contexts = groups.map { ["-np", String($0.processes)] + mpiArguments + [program.path] + $0.arguments }
        process.arguments = Array(launcher.dropFirst()) + (launcher.isEmpty ? [] : [mpirun.path])
            + ["--oversubscribe"] + Array(contexts.joined(separator: [":"]))
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        environment["NABLA_DATA"] = "/nonexistent"
        process.environment = environment
        process.standardOutput = Pipe()
        // Standard error goes to a file, so that a full pipe never blocks the job while its output is read.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("nabla-mpi-\(UUID().uuidString).stderr")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw Failure(description: "cannot create \(errorFile.path) for the job's standard error")
        }
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        // A job that hangs (ranks waiting in mismatched collectives) is stopped, so the test fails instead
        // of holding up the whole test run; mpirun passes the signal on to the ranks.
        // The test runner's threads block SIGTERM, which mpirun would inherit, so the job is killed outright.
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit) {
            guard process.isRunning else { return }
            for rank in descendants(of: process.processIdentifier) { kill(rank, SIGKILL) }
            kill(process.processIdentifier, SIGKILL)
        }
        return Running(process: process, errorFile: errorFile, started: Date())
    }

    /// The seconds after which a job still running is stopped (every job of the tests takes seconds).
    static let timeLimit: TimeInterval = 300

    /// Runs a job to its end (see `start`).
    static func run(processes: Int, _ arguments: [String], mpiArguments: [String] = [], launcher: [String] = [],
                    program: URL? = nabla) throws -> Result {
        try start(processes: processes, arguments, mpiArguments: mpiArguments, launcher: launcher, program: program).finish()
    }

    /// A started job.
    struct Running {
        let process: Process
        let errorFile: URL
        let started: Date

        /// The job's standard output, as it comes.
        var output: FileHandle { (process.standardOutput as! Pipe).fileHandleForReading }

        /// Reads the job's output until `text` has appeared (or the output ends); returns what was read.
        func readOutput(until text: String) -> String {
            var seen = ""
            while !seen.contains(text) {
                let chunk = output.availableData
                if chunk.isEmpty { break }
                seen += String(decoding: chunk, as: UTF8.self)
            }
            return seen
        }

        /// Reads the job's output to its end and waits for it.
        func finish() -> Result {
            let outputData = output.readDataToEndOfFile()
            process.waitUntilExit()
            var errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: errorFile)
            let seconds = Date().timeIntervalSince(started)
            if process.terminationReason == .uncaughtSignal && seconds >= MPIJob.timeLimit {
                errors = "MPIJob: the job was still running after \(Int(MPIJob.timeLimit)) s and was stopped (a hang?)\n" + errors
            }
            return Result(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                          errors: errors, seconds: seconds)
        }
    }

    /// The process id of rank `rank` among the descendants of `launcher` (Linux: read from /proc, the
    /// rank from the OMPI_COMM_WORLD_RANK that Open MPI puts in each rank's environment).
    static func rankProcess(_ rank: Int, under launcher: Int32) -> Int32? {
        descendants(of: launcher).first { process in
            guard let environment = FileManager.default.contents(atPath: "/proc/\(process)/environ") else { return false }
            return environment.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == "OMPI_COMM_WORLD_RANK=\(rank)" }
        }
    }

    /// The processes descending from `launcher` (Linux: parents read from /proc/PID/stat).
    static func descendants(of launcher: Int32) -> [Int32] {
        let processes = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init)
        func parent(of process: Int32) -> Int32? {
            guard let stat = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8),
                  let end = stat.range(of: ")", options: .backwards) else { return nil }
            return stat[end.upperBound...].split(separator: " ").dropFirst(1).first.flatMap { Int32($0) }
        }
        func descends(_ process: Int32) -> Bool {
            var current = process
            while let next = parent(of: current), next > 1 {
                if next == launcher { return true }
                current = next
            }
            return false
        }
        return processes.filter(descends)
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nabla-mpi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
