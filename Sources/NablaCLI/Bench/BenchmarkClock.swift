import ArgumentParser
import Foundation

/// What a benchmark's time is: the wall clock (what a user waits), or the processor time the whole
/// process used (all its threads together). On a machine shared with other work, the processor time
/// of a run pinned to one core (`taskset -c 0 nabla bench rnn --clock processor`, PyTorch with one
/// thread) does not grow with the others' load, so single-thread figures stay comparable.
enum BenchmarkClock: String, ExpressibleByArgument, CaseIterable {
    case wall, processor

    /// The clock's current reading in nanoseconds.
    func nanoseconds() -> UInt64 {
        switch self {
        case .wall:
            return DispatchTime.now().uptimeNanoseconds
        case .processor:
            var now = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
            return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
        }
    }
}
