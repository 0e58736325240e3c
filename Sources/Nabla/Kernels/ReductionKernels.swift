/// Reductions along one axis of a contiguous tensor viewed as `[outer, length, inner]`
/// (the axis in the middle), writing `[outer, inner]`. The innermost loop runs over `inner`, so it
/// reads memory in order and vectorises.
enum ReductionKernels {
    enum Kind { case sum, max, min }

    static func reduce<T: TensorScalar>(
        _ kind: Kind, _ x: UnsafePointer<T>, outer: Int, length: Int, inner: Int, _ out: UnsafeMutablePointer<T>
    ) {
        // Sums along a strided axis add up in Double: a float32 running sum over tens of thousands of
        // rows would lose digits.
        var totals = kind == .sum && inner > 1 ? [Double](repeating: 0, count: inner) : []
        for o in 0..<outer {
            let row = x + o * length * inner, target = out + o * inner
            if inner == 1 {
                target[0] = reduceContiguous(kind, row, length)
                continue
            }
            if kind == .sum {
                for i in 0..<inner { totals[i] = 0 }
                for k in 0..<length {
                    let slice = row + k * inner
                    for i in 0..<inner { totals[i] += Double(slice[i]) }
                }
                for i in 0..<inner { target[i] = T(totals[i]) }
                continue
            }
            target.update(from: row, count: inner)
            for k in 1..<max(length, 1) {
                let slice = row + k * inner
                if kind == .max {
                    for i in 0..<inner where slice[i] > target[i] || slice[i].isNaN { target[i] = slice[i] }
                } else {
                    for i in 0..<inner where slice[i] < target[i] || slice[i].isNaN { target[i] = slice[i] }
                }
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
