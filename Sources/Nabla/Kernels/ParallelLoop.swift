import CNablaKernels

/// A Swift loop body run on the C thread pool (`nabla_parallel_for`), for kernels written in Swift.
enum ParallelLoop {
    /// Below this many elements of work in all, a loop runs on the calling thread: waking the pool
    /// would cost more than it saves.
    static let minimumParallelWork = 32_768

    /// The most tasks a loop is cut into per thread. Each task is a run of consecutive iterations: a
    /// task claimed from the pool costs an atomic exchange and a call through the loop's closure (whose
    /// context both threads then retain and release, a cache line moving between the cores), which
    /// cost more than a small iteration (one pooled plane) when every iteration was its own task. Four
    /// runs per thread still even out a thread that starts late.
    static let tasksPerThread = 4

    /// Calls `body(i)` for every i in `0..<count`, on the pool's threads when the loop is large enough
    /// (`count · workPerIteration` elements), else in order on the calling thread. The iterations must
    /// be independent: they write to disjoint memory. On the pool, iterations run in runs of consecutive
    /// ones (at most `tasksPerThread` runs per thread), each run in order on one thread.
    static func run(count: Int, workPerIteration: Int, _ body: (Int) -> Void) {
        let threads = ThreadPool.workerCount + 1
        if count < 2 || count * workPerIteration < minimumParallelWork || threads == 1 {
            for index in 0..<count { body(index) }
            return
        }
        let tasks = Swift.min(count, tasksPerThread * threads)
        withoutActuallyEscaping(body) { escapable in
            var loop = Loop(body: escapable, count: count, tasks: tasks)
            withUnsafeMutablePointer(to: &loop) { pointer in
                nabla_parallel_for(Int64(tasks), { context, task in
                    context!.assumingMemoryBound(to: Loop.self).pointee.run(task: Int(task))
                }, pointer)
            }
        }
    }

    /// Calls `body` on consecutive ranges that together cover `0..<count`: on the pool's threads when the
    /// loop is large enough (`count · workPerIteration` elements), a few ranges per thread so that one that
    /// started late is helped out, each range at least `minimumParallelWork` elements of work; else once
    /// with the whole range on the calling thread. The ranges must be independent: they write to disjoint memory.
    static func runInRanges(count: Int, workPerIteration: Int, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let threads = ThreadPool.workerCount + 1
        let parts = min(count, tasksPerThread * threads, count * workPerIteration / minimumParallelWork)
        guard parts > 1, threads > 1 else { return body(0..<count) }
        run(count: parts, workPerIteration: minimumParallelWork) { part in
            body((part * count / parts)..<((part + 1) * count / parts))
        }
    }

    /// A loop cut into `tasks` runs of consecutive iterations, as `run` hands it to the pool.
    private struct Loop {
        let body: (Int) -> Void
        let count: Int
        let tasks: Int

        /// Runs the iterations of run `task`: the `task`-th of `tasks` near-equal parts of `0..<count`.
        func run(task: Int) {
            for index in task * count / tasks..<(task + 1) * count / tasks { body(index) }
        }
    }
}
