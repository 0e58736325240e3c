import Nabla

/// The gradients of a model's parameters packed into flat buffers of about `capacity` bytes each
/// (one element type per bucket), summed over all ranks with one all-reduce per bucket, one after
/// the other. (Blocking calls: Open MPI 4.1's non-blocking all-reduce, which could overlap buckets,
/// took 1.6 to 6 times as long for the MLP's 0.94 MB between two processes here; see BENCHMARKS.md.)
///
/// Buckets follow the parameters in reverse order, the order in which `backward()` completes their
/// gradients (the last layer's first). A parameter without a gradient on a rank (unused by its part of
/// the batch, or a rank without samples) counts as zeros there, so that every rank sends buffers of
/// the same length; a flag per parameter, summed over the ranks in one more small all-reduce, says
/// whether any rank had a gradient, and where none had, the gradient stays `nil`, so that the
/// optimiser leaves the parameter alone (no momentum, no weight decay) as it would in one process.
final class GradientBuckets {
    /// The parameters of one bucket, all of one element type, and their total element count.
    private struct Bucket {
        let dtype: DType
        let parameters: [Parameter]
        let count: Int
    }

    private let buckets: [Bucket]
    /// Every bucket's parameters, in bucket order: the order of the has-gradient flags.
    private let parameters: [Parameter]
    /// Per bucket, the position of its first parameter in `parameters`.
    private let firstFlags: [Int]
    /// Per parameter, the number of ranks holding a gradient for it (1 or 0 before the all-reduce).
    private var ranksWithGradient: [Int64]
    private var floatBuffers: [[Float]]
    private var doubleBuffers: [[Double]]

    /// The number of gradient bytes sent per step.
    let byteCount: Int

    /// Buckets over `parameters` (floating-point ones only) of at most `capacity` bytes, or one
    /// parameter where a single one is larger.
    init(_ parameters: [Parameter], capacity: Int) {
        var buckets: [Bucket] = []
        for dtype in [DType.float32, .float64] {
            var current: [Parameter] = []
            var bytes = 0
            for parameter in parameters.reversed() where parameter.value.dtype == dtype {
                if !current.isEmpty && bytes + parameter.value.count * dtype.byteSize > capacity {
                    buckets.append(Bucket(dtype: dtype, parameters: current, count: bytes / dtype.byteSize))
                    (current, bytes) = ([], 0)
                }
                current.append(parameter)
                bytes += parameter.value.count * dtype.byteSize
            }
            if !current.isEmpty { buckets.append(Bucket(dtype: dtype, parameters: current, count: bytes / dtype.byteSize)) }
        }
        self.buckets = buckets
        self.parameters = buckets.flatMap(\.parameters)
        firstFlags = buckets.indices.map { index in buckets[..<index].reduce(0) { $0 + $1.parameters.count } }
        ranksWithGradient = [Int64](repeating: 0, count: self.parameters.count)
        floatBuffers = buckets.map { [Float](repeating: 0, count: $0.dtype == .float32 ? $0.count : 0) }
        doubleBuffers = buckets.map { [Double](repeating: 0, count: $0.dtype == .float64 ? $0.count : 0) }
        byteCount = buckets.reduce(0) { $0 + $1.count * $1.dtype.byteSize }
    }

    /// The number of buckets.
    var bucketCount: Int { buckets.count }

    /// Replaces every parameter's gradient g by Σ_r scale_r · g_r, the sum over all ranks of their
    /// gradients times their own `scale` (a rank without a gradient adding zeros), or by `nil` where no
    /// rank has a gradient.
    func allReduce(scale: Double, over communicator: Communicator) {
        for (index, parameter) in parameters.enumerated() { ranksWithGradient[index] = parameter.grad == nil ? 0 : 1 }
        communicator.allReduceSum(&ranksWithGradient)
        for index in buckets.indices {
            switch buckets[index].dtype {
            case .float32:
                pack(buckets[index], into: &floatBuffers[index], scale: Float(scale))
                communicator.allReduceSum(&floatBuffers[index])
                unpack(buckets[index], from: floatBuffers[index], firstFlag: firstFlags[index])
            default:
                pack(buckets[index], into: &doubleBuffers[index], scale: scale)
                communicator.allReduceSum(&doubleBuffers[index])
                unpack(buckets[index], from: doubleBuffers[index], firstFlag: firstFlags[index])
            }
        }
    }

    private func pack<Element: TensorScalar>(_ bucket: Bucket, into buffer: inout [Element], scale: Element) {
        var offset = 0
        for parameter in bucket.parameters {
            let count = parameter.value.count
            if let gradient = parameter.grad {
                gradient.withUnsafeBufferPointer(as: Element.self) { source in
                    for index in 0..<count { buffer[offset + index] = source[index] * scale }
                }
            } else {
                for index in offset..<(offset + count) { buffer[index] = 0 }
            }
            offset += count
        }
    }

    /// Sets the gradients of `bucket`'s parameters from the summed `buffer`, or to `nil` where no rank
    /// had one (flags from `firstFlag` on).
    private func unpack<Element: TensorScalar>(_ bucket: Bucket, from buffer: [Element], firstFlag: Int) {
        var offset = 0
        for (position, parameter) in bucket.parameters.enumerated() {
            let count = parameter.value.count
            defer { offset += count }
            guard ranksWithGradient[firstFlag + position] > 0 else {
                parameter.value.grad = nil
                continue
            }
            var gradient = Tensor.zeros(like: parameter.value)
            gradient.withUnsafeMutableBufferPointer(as: Element.self) { target in
                _ = target.update(fromContentsOf: buffer[offset..<(offset + count)])
            }
            parameter.value.grad = gradient
        }
    }
}
