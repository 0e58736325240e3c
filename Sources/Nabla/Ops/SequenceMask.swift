/// The mask of a batch of sequences of different lengths padded at the end.
extension Tensor {
    /// `[N, steps]` with 1 at the first `lengths[n]` steps of sequence n and 0 after them: what the
    /// recurrent ops and layers take as `mask`.
    ///
    /// ```swift
    /// Tensor.sequenceMask(lengths: [3, 1], steps: 3)   // [[1, 1, 1], [1, 0, 0]]
    /// ```
    public static func sequenceMask(lengths: [Int], steps: Int, dtype: DType = .float32) -> Tensor {
        require(steps >= 0, "sequenceMask: steps must not be negative, got \(steps)")
        let bad = lengths.first { !(0...steps).contains($0) }
        require(bad == nil, "sequenceMask: length \(bad ?? 0) is outside 0...\(steps) (the sequences have \(steps) steps); lengths \(lengths)")
        let values = lengths.flatMap { length in (0..<steps).map { $0 < length ? 1.0 : 0.0 } }
        return Tensor(values, shape: [lengths.count, steps], dtype: dtype)
    }
}
