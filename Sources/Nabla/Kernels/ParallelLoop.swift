import CNablaKernels

/// A Swift loop body run on the C thread pool (`nabla_parallel_for`), for kernels written in Swift.
enum ParallelLoop {
    /// Below this many elements of work in all, a loop runs on the calling thread: waking the pool
    /// would cost more than it saves.
    static let minimumParallelWork = 32_768

    /// Calls `body(i)` for every i in `0..<count`, on the pool's threads when the loop is large enough
    /// (`count · workPerIteration` elements), else in order on the calling thread. The iterations must
    /// be independent: they write to disjoint memory.
    static func run(count: Int, workPerIteration: Int, _ body: (Int) -> Void) {
        if count < 2 || count * workPerIteration < minimumParallelWork || ThreadPool.workerCount == 0 {
            for index in 0..<count { body(index) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            var task = escapable
            withUnsafeMutablePointer(to: &task) { pointer in
                nabla_parallel_for(Int64(count), { context, index in
                    context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(Int(index))
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
        let parts = min(count, rangesPerThread * threads, count * workPerIteration / minimumParallelWork)
        guard parts > 1, threads > 1 else { return body(0..<count) }
        run(count: parts, workPerIteration: minimumParallelWork) { part in
            body((part * count / parts)..<((part + 1) * count / parts))
        }
    }

    /// How many ranges `runInRanges` gives each thread at most.
    private static let rangesPerThread = 4
}
