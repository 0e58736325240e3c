import Foundation
import Testing
@testable import Nabla

/// Swift loops on the C thread pool. Serialized: the tests resize the one process-wide pool.
@Suite("Parallel loop", .serialized)
struct ParallelLoopTests {
    /// Every index once, in ranges that follow each other, whatever the pool's size: none, as many
    /// workers as the machine has cores, and more workers than cores.
    @Test(arguments: [0, 1, 8])
    func rangesCoverEveryIndexOnce(workers: Int) {
        defer { ThreadPool.setWorkerCount(nil) }
        #expect(ThreadPool.setWorkerCount(workers) == workers)
        for (count, work) in [(0, 1), (1, 1_000_000), (7, 1), (100, 1), (1000, 1000), (100_003, 1)] {
            var seen = [Int](repeating: 0, count: count)
            var ranges: [Range<Int>] = []
            seen.withUnsafeMutableBufferPointer { seen in
                let lock = NSLock()
                ParallelLoop.runInRanges(count: count, workPerIteration: work) { range in
                    for index in range { seen[index] += 1 }
                    lock.withLock { ranges.append(range) }
                }
            }
            #expect(seen.allSatisfy { $0 == 1 }, "count \(count), work \(work)")
            let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
            #expect(sorted.allSatisfy { !$0.isEmpty })
            #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            // Small loops run in one range on the calling thread.
            if count * work < ParallelLoop.minimumParallelWork { #expect(ranges.count <= 1) }
            if workers == 0 { #expect(ranges.count <= 1) }
        }
    }
}
