/// Copies a strided view of a buffer into contiguous memory: the kernel behind permute, broadcast,
/// slicing and padding. Adjacent dimensions that are contiguous in the source are merged first, so
/// common cases become a few long runs.
enum StridedCopy {
    /// Writes, in row-major order of `shape`, the elements `source[offset + Σ indexᵢ·stridesᵢ]` to `destination`.
    static func copy<T>(
        from source: UnsafePointer<T>, offset: Int = 0, shape: [Int], strides: [Int],
        to destination: UnsafeMutablePointer<T>
    ) {
        let (dims, steps) = merged(shape: shape, strides: strides)
        let total = dims.reduce(1, *)
        if total == 0 { return }
        let rank = dims.count
        if rank == 0 { destination[0] = source[offset]; return }
        let inner = dims[rank - 1], innerStride = steps[rank - 1]
        var written = 0
        StridedWalk.forEachRow(shape: dims, strides: [steps], start: [offset]) { offsets in
            let from = source + offsets[0], to = destination + written
            if innerStride == 1 {
                to.update(from: from, count: inner)
            } else if innerStride == 0 {
                to.update(repeating: from[0], count: inner)
            } else {
                for j in 0..<inner { to[j] = from[j * innerStride] }
            }
            written += inner
        }
    }

    /// Merges dimension pairs whose strides make them one run, and drops dimensions of size 1.
    static func merged(shape: [Int], strides: [Int]) -> ([Int], [Int]) {
        var dims: [Int] = [], steps: [Int] = []
        for (size, stride) in zip(shape, strides) where size != 1 {
            if let lastStride = steps.last, lastStride == stride * size {
                dims[dims.count - 1] *= size
                steps[steps.count - 1] = stride
            } else {
                dims.append(size)
                steps.append(stride)
            }
        }
        return (dims, steps)
    }
}

extension StridedCopy {
    /// The reverse of `copy`: writes contiguous `source` (row-major in `shape`) to the elements
    /// `destination[offset + Σ indexᵢ·stridesᵢ]`, adding to what is there when `accumulate` is set (how
    /// the gradient of a slice joins its input's gradient in place).
    static func scatter<T: AdditiveArithmetic>(
        from source: UnsafePointer<T>, shape: [Int], to destination: UnsafeMutablePointer<T>,
        offset: Int = 0, strides: [Int], accumulate: Bool = false
    ) {
        let total = shape.reduce(1, *)
        if total == 0 { return }
        let rank = shape.count
        if rank == 0 {
            destination[offset] = accumulate ? destination[offset] + source[0] : source[0]
            return
        }
        // Dimensions that are one run in the destination are merged (the source is contiguous), so a
        // slice of whole rows is a few long runs.
        let (dims, steps) = merged(shape: shape, strides: strides)
        let inner = dims.last ?? 1, innerStride = steps.last ?? 1
        var read = 0
        StridedWalk.forEachRow(shape: dims.isEmpty ? [1] : dims, strides: [steps.isEmpty ? [1] : steps], start: [offset]) { offsets in
            let from = source + read, to = destination + offsets[0]
            if accumulate && innerStride == 1 {
                for j in 0..<inner { to[j] += from[j] }   // unit stride: vectorised
            } else if accumulate {
                for j in 0..<inner { to[j * innerStride] += from[j] }
            } else if innerStride == 1 {
                to.update(from: from, count: inner)
            } else {
                for j in 0..<inner { to[j * innerStride] = from[j] }
            }
            read += inner
        }
    }
}
