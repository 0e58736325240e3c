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
}
