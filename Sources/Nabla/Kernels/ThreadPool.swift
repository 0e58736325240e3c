import CNablaKernels

/// Facts about the processor that size Nabla's parallel work.
public enum CPU {
    /// The number of cores this process may use: the online CPUs, limited by the CPU affinity mask
    /// and by a cgroup CPU quota (rounded up to whole cores), and at least 1. Computed once, by the
    /// C kernels, which size their worker pool from the same number (`nabla_usable_cores`).
    public static let usableCores = Int(nabla_usable_cores())

    /// The cores allowed by a cgroup CPU quota (rounded up), or `nil` without one. `root` stands for
    /// "/" when reading /proc and the cgroup files, so tests can point it at a prepared tree.
    static func cgroupQuotaCores(root: String = "/") -> Int? {
        let cores = Int(nabla_cgroup_cpu_limit(root))
        return cores > 0 ? cores : nil
    }
}

/// The C kernels' persistent worker pool behind threaded GEMM (`nabla_parallel_for`).
enum ThreadPool {
    /// Worker threads besides the calling thread; by default `CPU.usableCores - 1`.
    static var workerCount: Int { Int(nabla_parallel_worker_count()) }

    /// Resizes the pool to `count` workers, or back to the default when `count` is `nil`, and
    /// returns the number now running. More workers than cores is allowed (tests use it).
    @discardableResult
    static func setWorkerCount(_ count: Int?) -> Int {
        Int(nabla_thread_pool_set_workers(count.map { Int32(clamping: $0) } ?? -1))
    }
}

extension ThreadPool {
    /// Anomalies found by `check`; all zero when the pool is correct.
    struct CheckResult: Equatable, Sendable, CustomStringConvertible {
        /// Calls that returned before all of their tasks had run.
        var earlyReturns = 0
        /// Extra runs of tasks that ran more than once in their call.
        var repeatedTasks = 0
        /// Task runs with another job's context, a context no longer in use, or an index outside the job.
        var foreignCalls = 0

        var description: String {
            "\(earlyReturns) early returns, \(repeatedTasks) repeated tasks, \(foreignCalls) foreign calls"
        }
    }

    /// Runs `jobs` parallel calls back to back in C, call j with `taskCounts[j % taskCounts.count]`
    /// tasks (at most 64), checking after each that every task ran once with its own job's context
    /// before the call returned (`nabla_thread_pool_check`, a diagnostic for the tests).
    static func check(jobs: Int, taskCounts: [Int]) -> CheckResult {
        let counts = taskCounts.map { Int64($0) }
        let result = nabla_thread_pool_check(Int64(jobs), counts, Int64(counts.count))
        return CheckResult(earlyReturns: Int(result.early_returns), repeatedTasks: Int(result.repeated_tasks),
                           foreignCalls: Int(result.foreign_calls))
    }
}
