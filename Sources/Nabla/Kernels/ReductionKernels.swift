/// Reductions along one axis of a contiguous tensor viewed as `[outer, length, inner]`
/// (the axis in the middle), writing `[outer, inner]`. The innermost loop runs over `inner`, so it
/// reads memory in order and vectorises.
enum ReductionKernels {
    enum Kind { case sum, max, min }

    static func reduce<T: TensorScalar>(
        _ kind: Kind, _ x: UnsafePointer<T>, outer: Int, length: Int, inner: Int, _ out: UnsafeMutablePointer<T>
    ) {
        for o in 0..<outer {
            let row = x + o * length * inner, target = out + o * inner
            if inner == 1 {
                target[0] = reduceContiguous(kind, row, length)
                continue
            }
            target.update(from: row, count: inner)
            for k in 1..<max(length, 1) {
                let slice = row + k * inner
                switch kind {
                case .sum: for i in 0..<inner { target[i] += slice[i] }
                case .max: for i in 0..<inner where slice[i] > target[i] || slice[i].isNaN { target[i] = slice[i] }
                case .min: for i in 0..<inner where slice[i] < target[i] || slice[i].isNaN { target[i] = slice[i] }
                }
            }
        }
    }

    /// Reduces `count` contiguous scalars; sums use several partial accumulators (faster and more accurate).
    static func reduceContiguous<T: TensorScalar>(_ kind: Kind, _ x: UnsafePointer<T>, _ count: Int) -> T {
        switch kind {
        case .sum:
            var partial = SIMD8<T>()
            var i = 0
            while i + 8 <= count {
                partial += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<T>.self)
                i += 8
            }
            var total = partial.sum()
            while i < count { total += x[i]; i += 1 }
            return total
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

    /// The index of the first largest element along the axis (`[outer, inner]` indices as scalars).
    static func argmax<T: TensorScalar>(_ x: UnsafePointer<T>, outer: Int, length: Int, inner: Int, _ out: UnsafeMutablePointer<T>) {
        for o in 0..<outer {
            for i in 0..<inner {
                let base = x + o * length * inner + i
                var best = base[0], bestIndex = 0
                for k in 1..<max(length, 1) where base[k * inner] > best {
                    best = base[k * inner]
                    bestIndex = k
                }
                out[o * inner + i] = T(bestIndex)
            }
        }
    }
}
