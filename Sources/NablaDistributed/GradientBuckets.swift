import Nabla

/// The gradients of a model's parameters packed into flat buffers of about `capacity` bytes each
/// (one element type per bucket), summed over all ranks with one all-reduce per bucket, one after
/// the other. (Blocking calls: Open MPI 4.1's non-blocking all-reduce, which could overlap buckets,
/// took 2 to 6 times as long for the MLP's 0.94 MB between two processes here; see BENCHMARKS.md.)
///
/// Buckets follow the parameters in reverse order, the order in which `backward()` completes their
/// gradients (the last layer's first). A parameter without a gradient in a batch (unused by it)
/// counts as zeros, so that every rank sends buffers of the same length.
final class GradientBuckets {
    /// The parameters of one bucket, all of one element type, and their total element count.
    private struct Bucket {
        let dtype: DType
        let parameters: [Parameter]
        let count: Int
    }

    private let buckets: [Bucket]
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
        floatBuffers = buckets.map { [Float](repeating: 0, count: $0.dtype == .float32 ? $0.count : 0) }
        doubleBuffers = buckets.map { [Double](repeating: 0, count: $0.dtype == .float64 ? $0.count : 0) }
        byteCount = buckets.reduce(0) { $0 + $1.count * $1.dtype.byteSize }
    }

    /// The number of buckets.
    var bucketCount: Int { buckets.count }

    /// Replaces every parameter's gradient g by Σ_r scale_r · g_r, the sum over all ranks of their
    /// gradients times their own `scale`.
    func allReduce(scale: Double, over communicator: Communicator) {
        for index in buckets.indices {
            switch buckets[index].dtype {
            case .float32:
                pack(buckets[index], into: &floatBuffers[index], scale: Float(scale))
                communicator.allReduceSum(&floatBuffers[index])
                unpack(buckets[index], from: floatBuffers[index])
            default:
                pack(buckets[index], into: &doubleBuffers[index], scale: scale)
                communicator.allReduceSum(&doubleBuffers[index])
                unpack(buckets[index], from: doubleBuffers[index])
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

    private func unpack<Element: TensorScalar>(_ bucket: Bucket, from buffer: [Element]) {
        var offset = 0
        for parameter in bucket.parameters {
            let count = parameter.value.count
            var gradient = Tensor.zeros(like: parameter.value)
            gradient.withUnsafeMutableBufferPointer(as: Element.self) { target in
                _ = target.update(fromContentsOf: buffer[offset..<(offset + count)])
            }
            parameter.value.grad = gradient
            offset += count
        }
    }
}
