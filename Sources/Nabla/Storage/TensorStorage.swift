/// A contiguous, 64-byte aligned block of scalars: the memory behind a tensor.
///
/// Storage is a reference type shared between tensor copies; `Tensor` gives it value semantics
/// by copying before a write when the storage is shared (copy-on-write).
final class TensorStorage {
    let dtype: DType
    let count: Int
    let base: UnsafeMutableRawPointer

    /// Allocates uninitialised storage for `count` scalars of `dtype`.
    init(dtype: DType, count: Int) {
        self.dtype = dtype
        self.count = count
        base = .allocate(byteCount: max(count, 1) * dtype.byteSize, alignment: 64)
    }

    /// Allocates storage filled with zeros.
    convenience init(zeros count: Int, dtype: DType) {
        self.init(dtype: dtype, count: count)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: count * dtype.byteSize)
    }

    deinit { base.deallocate() }

    /// A typed pointer to the scalars; `T` must match `dtype`.
    @inline(__always) func pointer<T: TensorScalar>(as _: T.Type) -> UnsafeMutablePointer<T> {
        assert(T.dtype == dtype, "storage holds \(dtype), not \(T.dtype)")
        return base.assumingMemoryBound(to: T.self)
    }

    /// A new storage with the same bytes.
    func copy() -> TensorStorage {
        let result = TensorStorage(dtype: dtype, count: count)
        result.base.copyMemory(from: base, byteCount: count * dtype.byteSize)
        return result
    }

    /// A new storage holding the same values converted to `newType`.
    func converted(to newType: DType) -> TensorStorage {
        if newType == dtype { return copy() }
        let result = TensorStorage(dtype: newType, count: count)
        switch dtype {
        case .float32:
            let source = pointer(as: Float.self), target = result.pointer(as: Double.self)
            for i in 0..<count { target[i] = Double(source[i]) }
        case .float64:
            let source = pointer(as: Double.self), target = result.pointer(as: Float.self)
            for i in 0..<count { target[i] = Float(source[i]) }
        }
        return result
    }
}
