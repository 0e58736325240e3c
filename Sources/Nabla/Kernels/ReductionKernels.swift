/// Reductions along one axis of a contiguous tensor viewed as `[outer, length, inner]`
/// (the axis in the middle), writing `[outer, inner]`. The innermost loop runs over `inner`, so it
/// reads memory in order and vectorises.
enum ReductionKernels {
    enum Kind { case sum, max, min }

    /// Reduces `x` `[outer, length, inner]` along its middle axis into `out` `[outer, inner]`, on the pool's
    /// threads when the work is large enough. Each thread reads whole rows, in order (a thread that took
    /// a block of columns would start a new page at every row, which the prefetcher does not follow), and
    /// the result does not depend on the number of threads.
    static func reduce<T: TensorScalar>(
        _ kind: Kind, _ x: UnsafePointer<T>, outer: Int, length: Int, inner: Int, _ out: UnsafeMutablePointer<T>
    ) {
        if inner == 1 {
            ParallelLoop.runInRanges(count: outer, workPerIteration: length) { slices in
                for o in slices { out[o] = reduceContiguous(kind, x + o * length, length) }
            }
            return
        }
        if kind != .sum || length <= rowChunk {
            ParallelLoop.runInRanges(count: outer, workPerIteration: length * inner) { slices in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: inner) { totals in
                    for o in slices {
                        reduceRows(kind, x + o * length * inner, rows: length, width: inner, out + o * inner, totals: totals.baseAddress!)
                    }
                }
            }
            return
        }
        // A long sum: chunks of `rowChunk` rows summed in parallel into partial sums, added up in chunk order.
        let chunks = (length + rowChunk - 1) / rowChunk
        let partials = UnsafeMutablePointer<Double>.allocate(capacity: outer * chunks * inner)
        defer { partials.deallocate() }
        ParallelLoop.runInRanges(count: outer * chunks, workPerIteration: rowChunk * inner) { tasks in
            for task in tasks {
                let (o, first) = (task / chunks, task % chunks * rowChunk)
                sumRows(x + (o * length + first) * inner, rows: Swift.min(rowChunk, length - first), width: inner, into: partials + task * inner)
            }
        }
        for o in 0..<outer {
            let target = out + o * inner, slice = partials + o * chunks * inner
            for i in 0..<inner {
                var total = 0.0
                for chunk in 0..<chunks { total += slice[chunk * inner + i] }
                target[i] = T(total)
            }
        }
    }

    /// The rows a task of a long strided sum adds up (see `reduce`).
    static let rowChunk = 256

    /// Sums `rows` contiguous rows of `width` values into `totals`, in Double: a float32 running sum over
    /// tens of thousands of rows would lose digits.
    private static func sumRows<T: TensorScalar>(_ x: UnsafePointer<T>, rows: Int, width: Int, into totals: UnsafeMutablePointer<Double>) {
        totals.update(repeating: 0, count: width)
        for k in 0..<rows {
            let row = x + k * width
            for i in 0..<width { totals[i] += Double(row[i]) }
        }
    }

    /// Reduces `rows` contiguous rows of `width` values into `out`, using `totals` (`width` Doubles) for a sum.
    private static func reduceRows<T: TensorScalar>(
        _ kind: Kind, _ x: UnsafePointer<T>, rows: Int, width: Int, _ out: UnsafeMutablePointer<T>, totals: UnsafeMutablePointer<Double>
    ) {
        if kind == .sum {
            sumRows(x, rows: rows, width: width, into: totals)
            for i in 0..<width { out[i] = T(totals[i]) }
            return
        }
        out.update(from: x, count: width)
        for k in 1..<Swift.max(rows, 1) {
            let row = x + k * width
            if kind == .max {
                for i in 0..<width where row[i] > out[i] || row[i].isNaN { out[i] = row[i] }
            } else {
                for i in 0..<width where row[i] < out[i] || row[i].isNaN { out[i] = row[i] }
            }
        }
    }

    /// The elements summed in blocks of `sumBlock`, each with eight vector accumulators, the block sums
    /// added in Double: fast, and accurate to a few ulp even over millions of float32 values.
    static let sumBlock = 1024

    /// Reduces `count` contiguous scalars.
    static func reduceContiguous<T: TensorScalar>(_ kind: Kind, _ x: UnsafePointer<T>, _ count: Int) -> T {
        switch kind {
        case .sum:
            var total = 0.0
            var start = 0
            while start < count {
                let end = Swift.min(start + sumBlock, count)
                var partial = SIMD8<T>()
                var i = start
                while i + 8 <= end {
                    partial += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<T>.self)
                    i += 8
                }
                var blockTotal = partial.sum()
                while i < end { blockTotal += x[i]; i += 1 }
                total += Double(blockTotal)
                start = end
            }
            return T(total)
        case .max:
            var best = x[0]
            for i in 1..<max(count, 1) where x[i] > best || x[i].isNaN { best = x[i] }
            return best
        case .min:
            var best = x[0]
            for i in 1..<max(count, 1) where x[i] < best || x[i].isNaN { best = x[i] }
            return best
        }
    }

    /// The index of the first largest element along the axis (`[outer, inner]` indices).
    static func argmax<T: TensorScalar>(_ x: UnsafePointer<T>, outer: Int, length: Int, inner: Int, _ out: UnsafeMutablePointer<Int64>) {
        for o in 0..<outer {
            for i in 0..<inner {
                let base = x + o * length * inner + i
                var best = base[0], bestIndex = 0
                // NaN counts as the largest value (as in PyTorch): the first NaN wins.
                for k in 1..<max(length, 1) where !best.isNaN && (base[k * inner] > best || base[k * inner].isNaN) {
                    best = base[k * inner]
                    bestIndex = k
                }
                out[o * inner + i] = Int64(bestIndex)
            }
        }
    }
}
