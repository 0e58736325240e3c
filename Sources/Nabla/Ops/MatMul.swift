/// Matrix products: vector·vector, matrix·vector, matrix·matrix and batched products whose batch
/// dimensions broadcast, all on the packed GEMM kernel.
extension Tensor {
    /// The matrix product, following NumPy's `matmul` rules:
    /// - vector · vector gives their dot product (a scalar tensor);
    /// - a vector on the left acts as a row, on the right as a column, and that axis is removed again;
    /// - tensors of rank above 2 are stacks of matrices whose leading (batch) dimensions broadcast.
    ///
    /// With `transposingSelf` / `transposingOther` the last two axes of that operand are swapped first,
    /// without a copy (the kernel reads the transposed layout directly).
    ///
    /// ```swift
    /// let y = x.matmul(w, transposingOther: true)   // x · Wᵀ, as in a dense layer
    /// ```
    public func matmul(_ other: Tensor, transposingSelf: Bool = false, transposingOther: Bool = false) -> Tensor {
        require(rank >= 1 && other.rank >= 1, "matmul: operands need at least one dimension, got shapes \(shape) and \(other.shape)")
        require(!(transposingSelf && rank < 2) && !(transposingOther && other.rank < 2),
                "matmul: a vector cannot be transposed (shapes \(shape) and \(other.shape))")
        // Checked here, before vectors become matrices, so that the message shows the shapes as given.
        let inner = shape[rank - (transposingSelf ? 2 : 1)]
        let otherInner = other.shape[other.rank == 1 ? 0 : other.rank - (transposingOther ? 1 : 2)]
        require(inner == otherInner, "matmul: shapes \(shape)\(transposingSelf ? "ᵀ" : "") and \(other.shape)\(transposingOther ? "ᵀ" : "") do not fit: inner dimensions \(inner) and \(otherInner) differ")
        let left = rank == 1 ? reshaped([1, shape[0]]) : self
        let right = other.rank == 1 ? other.reshaped([other.shape[0], 1]) : other
        let product: Tensor
        if left.rank > 2 && right.rank == 2 && !transposingSelf {
            // A stack of matrices times one matrix (a dense layer over [N, T, D]): the stack's batch
            // dimensions fold into the rows, so the forward pass is one GEMM and so is the weight's
            // gradient, instead of one per batch entry and a sum afterwards.
            let rows = left.reshaped([Shape.count(Array(left.shape.dropLast())), left.shape[left.rank - 1]])
            let folded = Tensor.product(rows, right, false, transposingOther)
            product = folded.reshaped(Array(left.shape.dropLast()) + [folded.shape[1]])
        } else {
            product = Tensor.product(left, right, transposingSelf, transposingOther)
        }
        var resultShape = product.shape
        if other.rank == 1 { resultShape.removeLast() }
        if rank == 1 { resultShape.remove(at: resultShape.count - (other.rank == 1 ? 1 : 2)) }
        return product.reshaped(resultShape)
    }

    /// `op(a) · op(b)` for tensors of rank ≥ 2, op being an optional transpose of the last two axes.
    /// Gradients, for C = A·B: ∂L/∂A = ∂L/∂C · Bᵀ and ∂L/∂B = Aᵀ · ∂L/∂C (the notes' δ·aᵀ); the
    /// transposed variants follow from (XY)ᵀ = YᵀXᵀ. Broadcast batch dimensions are summed back.
    static func product(_ a: Tensor, _ b: Tensor, _ transposeA: Bool, _ transposeB: Bool) -> Tensor {
        require(a.dtype == b.dtype, "matmul: element types \(a.dtype) and \(b.dtype) differ")
        a.dtype.requireFloatingPoint("matmul")
        let (m, k) = transposeA ? (a.shape[a.rank - 1], a.shape[a.rank - 2]) : (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (k2, n) = transposeB ? (b.shape[b.rank - 1], b.shape[b.rank - 2]) : (b.shape[b.rank - 2], b.shape[b.rank - 1])
        require(k == k2, "matmul: shapes \(a.shape)\(transposeA ? "ᵀ" : "") and \(b.shape)\(transposeB ? "ᵀ" : "") do not fit: inner dimensions \(k) and \(k2) differ")
        let aBatch = Array(a.shape.dropLast(2)), bBatch = Array(b.shape.dropLast(2))
        let batch = Shape.broadcast(aBatch, bBatch, operation: "matmul (batch dimensions)")
        let batchCount = Shape.count(batch)
        let aStrides = Shape.broadcastStrides(aBatch, to: batch), bStrides = Shape.broadcastStrides(bBatch, to: batch)
        let out = TensorStorage.backend.allocate(a.dtype, count: batchCount * m * n)
        for index in 0..<batchCount {
            // Offsets of this batch's matrices, in whole matrices, through the broadcast strides.
            var rest = index, aMatrix = 0, bMatrix = 0
            for axis in batch.indices.reversed() {
                let i = rest % batch[axis]
                rest /= batch[axis]
                aMatrix += i * aStrides[axis]
                bMatrix += i * bStrides[axis]
            }
            TensorStorage.backend.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                           a.storage, offset: aMatrix * m * k, b.storage, offset: bMatrix * k * n, into: out, offset: index * m * n,
                                           accumulating: false)
        }
        // Only the gradients that are needed are computed (the input batch of a first layer needs none).
        // Between two matrices the gradients are left as products for the engine to multiply straight
        // into the gradients gathered so far: a weight used at every time step allocates nothing.
        return record(.matmul(transposingLeft: transposeA, transposingRight: transposeB), storage: out, shape: batch + [m, n], inputs: [a, b],
                      sparseBackward: { [a = a.detached(), b = b.detached(), needsA = a.requiresGrad, needsB = b.requiresGrad] g in
            // Each gradient as (left, right, transposeLeft, transposeRight) of a product.
            let factorsA: (Tensor, Tensor, Bool, Bool), factorsB: (Tensor, Tensor, Bool, Bool)
            switch (transposeA, transposeB) {
            case (false, false): (factorsA, factorsB) = ((g, b, false, true), (a, g, true, false))
            case (true, false): (factorsA, factorsB) = ((b, g, false, true), (a, g, false, false))
            case (false, true): (factorsA, factorsB) = ((g, b, false, false), (g, a, true, false))
            case (true, true): (factorsA, factorsB) = ((b, g, true, true), (g, a, true, true))
            }
            func gradient(_ factors: (Tensor, Tensor, Bool, Bool), shape: [Int]) -> InputGradient {
                if factors.0.rank == 2 && factors.1.rank == 2 { return .product(factors.0, factors.1, transposingLeft: factors.2, transposingRight: factors.3) }
                return .dense(unbroadcast(product(factors.0, factors.1, factors.2, factors.3), to: shape))
            }
            return [needsA ? gradient(factorsA, shape: a.shape) : nil, needsB ? gradient(factorsB, shape: b.shape) : nil]
        })
    }
}
