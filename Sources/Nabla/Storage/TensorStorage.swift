/// A contiguous, 64-byte aligned block of scalars: the memory behind a tensor.
///
/// Storage is a reference type shared between tensor copies; `Tensor` gives it value semantics
/// by copying before a write when the storage is shared (copy-on-write). Storages are made, filled and
/// read by the backend (`TensorStorage.backend`); only the backend looks at their memory.
final class TensorStorage {
    let dtype: DType
    let count: Int
    let base: UnsafeMutableRawPointer
    /// The size of the block behind `base`, which `MemoryCache` may have rounded up.
    private let blockByteCount: Int

    /// Allocates uninitialised storage for `count` scalars of `dtype`.
    init(dtype: DType, count: Int) {
        self.dtype = dtype
        self.count = count
        (base, blockByteCount) = MemoryCache.allocate(byteCount: max(count, 1) * dtype.byteSize)
    }

    deinit { MemoryCache.release(base, byteCount: blockByteCount) }

    /// The size of the elements in bytes.
    var byteCount: Int { count * dtype.byteSize }

    /// A typed pointer to the scalars; `T` must match `dtype`.
    @inline(__always) func pointer<T: TensorElement>(as _: T.Type) -> UnsafeMutablePointer<T> {
        assert(T.dtype == dtype, "storage holds \(dtype), not \(T.dtype)")
        return base.assumingMemoryBound(to: T.self)
    }
}
