/// Where tensor computations run: every kernel call of the operations goes through this protocol, and no
/// operation touches the memory behind a tensor itself.
///
/// A backend owns the memory of the storages it makes (`allocate`, `zeros`, …) and runs the kernels on
/// them. Operations do the shape logic (broadcasting rules, axes, checks, gradients) and call a backend
/// with storages and the sizes that describe them; storages are contiguous and row-major. Methods that
/// return a storage allocate it; methods that take `into:` write into an existing one, which the caller
/// owns exclusively. Element types must agree unless a method says otherwise; the operations check them
/// (with messages for the user) before calling. Methods that move elements (memory, transfers,
/// `stridedCopy`, `scatter`, rows, `gather`, `scatterAdd`) take every `DType`; arithmetic (the other
/// elementwise methods, reductions, products, updates) takes floating-point storage only. Values converted
/// to `int64` (in fills, transfers, `converted`) are truncated toward zero; NaN, infinities and values out
/// of range stop with a message.
///
/// `CPUBackend` is the only implementation; `TensorStorage.backend` is the one place that picks it.
/// `Backend/README.md` explains how a second backend would plug in.
protocol Backend: Sendable {
    // MARK: Memory and host transfers

    /// Uninitialised storage for `count` elements of `dtype`.
    func allocate(_ dtype: DType, count: Int) -> TensorStorage
    /// Storage of `count` zeros.
    func zeros(_ dtype: DType, count: Int) -> TensorStorage
    /// Storage of `count` elements equal to `value` (rounded to `dtype`).
    func filled(_ dtype: DType, count: Int, value: Double) -> TensorStorage
    /// Storage of `dtype` holding `values` (rounded to `dtype`).
    func storage(from values: [Double], as dtype: DType) -> TensorStorage
    /// Storage of `dtype` holding `values` (rounded to `dtype`).
    func storage(from values: [Float], as dtype: DType) -> TensorStorage
    /// Storage of `dtype` holding `values` (rounded to `dtype`).
    func storage(from values: [Int], as dtype: DType) -> TensorStorage
    /// Storage of `count` elements, the i-th being the i-th value `sample` returns (random tensors).
    func storage(_ dtype: DType, count: Int, generating sample: () -> Double) -> TensorStorage
    /// A copy of `storage`.
    func copy(_ storage: TensorStorage) -> TensorStorage
    /// `storage`'s values as `dtype` (a copy even when the type is the same).
    func converted(_ storage: TensorStorage, to dtype: DType) -> TensorStorage
    /// The element at `offset`, as `Double`.
    func scalar(_ storage: TensorStorage, at offset: Int) -> Double
    /// Sets the element at `offset` to `value` (rounded to the storage's type).
    func setScalar(_ storage: TensorStorage, at offset: Int, to value: Double)
    /// Runs `body` on the storage's bytes in host memory, which it may read and write. (A backend whose
    /// memory is elsewhere would copy the bytes to the host and back around the call.)
    func withHostMemory<Result>(_ storage: TensorStorage, _ body: (UnsafeMutableRawBufferPointer) throws -> Result) rethrows -> Result

    // MARK: Elementwise

    /// `op(a, b)` elementwise, `a` of `aShape` and `b` of `bShape` broadcast to `shape` (NumPy rules).
    func binary(_ op: BinaryOperation, _ a: TensorStorage, shape aShape: [Int], _ b: TensorStorage, shape bShape: [Int],
                resultShape shape: [Int]) -> TensorStorage
    /// `op(x)` elementwise.
    func unary(_ op: UnaryOperation, _ x: TensorStorage) -> TensorStorage
    /// Every element limited to `[low, high]` (NaN stays NaN).
    func clamp(_ x: TensorStorage, low: Double, high: Double) -> TensorStorage
    /// `a` where `condition` is non-zero, else `b`; all three of one length and type.
    func select(_ condition: TensorStorage, _ a: TensorStorage, _ b: TensorStorage) -> TensorStorage
    /// `target += source`, elementwise over equal lengths.
    func add(_ source: TensorStorage, into target: TensorStorage)

    // MARK: Reductions

    /// Reduces the middle axis of `x` viewed as `[outer, length, inner]` (`length` ≥ 1 for max and min),
    /// giving `[outer, inner]`.
    func reduce(_ kind: ReductionKernels.Kind, _ x: TensorStorage, outer: Int, length: Int, inner: Int) -> TensorStorage
    /// The position of the first largest element along the middle axis of `[outer, length, inner]`
    /// (NaN counts as largest), giving `[outer, inner]` in `int64`.
    func argmax(_ x: TensorStorage, outer: Int, length: Int, inner: Int) -> TensorStorage

    // MARK: Matrix products

    /// `C = op(A) · op(B)` for the row-major matrices starting at element `aOffset` of `a`, `bOffset` of
    /// `b` and `cOffset` of `c` (op(A) is `m × k`, op(B) `k × n`, C `m × n`; op transposes when asked).
    /// C is overwritten, never read, unless `accumulating`: then the product is added to C (how a
    /// weight's gradient gathers its uses).
    func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                  _ a: TensorStorage, offset aOffset: Int, _ b: TensorStorage, offset bOffset: Int,
                  into c: TensorStorage, offset cOffset: Int, accumulating: Bool)

    // MARK: Convolution and pooling

    /// The grouped convolution of the images `[batch, channels, height, width]` with `weight` `[outChannels,
    /// channels / groups, kernelHeight, kernelWidth]` plus `bias` `[outChannels]` if given, the window walking
    /// as `geometry` says, as rows `[outChannels, batch · outputArea]` (`ConvolutionKernels.forward`).
    func convolution(_ images: TensorStorage, weight: TensorStorage, bias: TensorStorage?, geometry: WindowGeometry,
                     outChannels: Int, groups: Int) -> TensorStorage
    /// The gradient of `convolution` with respect to its images, from the gradient of its rows.
    func convolutionImageGradient(_ rowsGradient: TensorStorage, weight: TensorStorage, geometry: WindowGeometry,
                                  outChannels: Int, groups: Int) -> TensorStorage
    /// The gradient of `convolution` with respect to its weight, from the gradient of its rows.
    func convolutionWeightGradient(_ rowsGradient: TensorStorage, images: TensorStorage, geometry: WindowGeometry,
                                   outChannels: Int, groups: Int) -> TensorStorage
    /// The gradients of a transposed convolution (`convolutionImageGradient` of its input rows `[channels
    /// of the input, batch · inputArea]`) from the gradient of its result, from one im2col
    /// (`ConvolutionKernels.transposedGradients`): the input's as rows (given `weight`) and the weight's
    /// (given `inputRows`); each is `nil` when its operand is.
    func transposedConvolutionGradients(_ gradient: TensorStorage, inputRows: TensorStorage?, weight: TensorStorage?, geometry: WindowGeometry,
                                        outChannels: Int, groups: Int) -> (inputRows: TensorStorage?, weight: TensorStorage?)
    /// A normalisation y = γ ⊙ x̂ + β, x̂ = (x - μ)/√(σ² + ε) with μ and σ² (biased) per group of `input`
    /// viewed as `layout` says (`NormalizationKernels.forward`): y, x̂, and μ, σ² and 1/√(σ² + ε), one per
    /// group; `scale` (γ) and `shift` (β) are `nil` where the layout has none.
    func normalizeForward(_ input: TensorStorage, scale: TensorStorage?, shift: TensorStorage?, epsilon: Double, layout: NormalizationKernels.Layout)
        -> (output: TensorStorage, normalized: TensorStorage, mean: TensorStorage, variance: TensorStorage, inverseDeviation: TensorStorage)
    /// The gradients of a normalisation y = γ ⊙ x̂ + β (`NormalizationKernels.backward`) from ∂L/∂y, x̂ and
    /// 1/σ per group, the input viewed as `layout` says: ∂L/∂x, and ∂L/∂γ and ∂L/∂β where the layout has
    /// γ (given as `scale`) and β.
    func normalizeBackward(_ gradient: TensorStorage, normalized: TensorStorage, inverseDeviation: TensorStorage, scale: TensorStorage?,
                           layout: NormalizationKernels.Layout) -> (input: TensorStorage, scale: TensorStorage?, shift: TensorStorage?)
    /// `kind` pooling of the images `[batch, channels, height, width]` over the windows of `geometry`,
    /// giving `[batch, channels, outputHeight, outputWidth]`, and for max pooling the position of each
    /// maximum in its input plane (`int64`, `h · width + w`). `countingPadding` (average pooling only)
    /// divides each sum by the window's positions in the padded image instead of its real pixels.
    func pool(_ kind: PoolingKind, _ images: TensorStorage, geometry: WindowGeometry, countingPadding: Bool) -> (values: TensorStorage, positions: TensorStorage?)
    /// The gradient of `pool` with respect to its images, from the gradient of its values; `images`,
    /// `values` and `positions` are those of the forward pass (each kind reads what it needs).
    func poolGradient(_ kind: PoolingKind, _ gradient: TensorStorage, images: TensorStorage, values: TensorStorage,
                      positions: TensorStorage?, geometry: WindowGeometry, countingPadding: Bool) -> TensorStorage

    /// Resampling of the planes `[planes, rows.inputSize, columns.inputSize]` by the taps of its two axes
    /// (`ResamplingKernels.forward`): upsampling, reflection and replication padding. Gives `[planes,
    /// rows.outputSize, columns.outputSize]`.
    func resample(_ images: TensorStorage, planes: Int, rows: ResamplingAxis, columns: ResamplingAxis) -> TensorStorage
    /// The gradient of `resample` with respect to its images, from the gradient of its output.
    func resampleGradient(_ gradient: TensorStorage, planes: Int, rows: ResamplingAxis, columns: ResamplingAxis) -> TensorStorage

    // MARK: Recurrent cells

    /// Runs `layout.cell` over the sequences of `inputs` (`RecurrentKernels.forward`): the outputs, the
    /// final states, and the activations and states the backward pass reads again.
    func recurrentForward(_ layout: RecurrentLayout, _ inputs: RecurrentOperands) -> RecurrentTrace
    /// Backpropagation through time for a run of `recurrentForward` (`RecurrentKernels.backward`): the
    /// gradients of all its inputs from those of its outputs `[N, T, H]` and final states `[N, H]`
    /// (`nil` for results that did not reach the loss).
    func recurrentBackward(_ layout: RecurrentLayout, _ inputs: RecurrentOperands, _ trace: RecurrentTrace, outputGradient: TensorStorage?,
                           finalHiddenGradient: TensorStorage?, finalCellGradient: TensorStorage?) -> RecurrentOperands

    // MARK: Moving elements

    /// The elements `source[offset + Σ indexᵢ·stridesᵢ]`, in row-major order of `shape`, as a new storage:
    /// permutes, broadcasts, slices.
    func stridedCopy(_ source: TensorStorage, offset: Int, shape: [Int], strides: [Int]) -> TensorStorage
    /// Writes `source` (row-major in `shape`) to the elements `target[offset + Σ indexᵢ·stridesᵢ]`, or
    /// adds it to them when `accumulate` is set: padding, joining, a slice's gradient.
    func scatter(_ source: TensorStorage, shape: [Int], into target: TensorStorage, offset: Int, strides: [Int], accumulate: Bool)
    /// Row r of the result is row `rows[r]` of `source` (rows of `rowLength` elements).
    func copyRows(_ source: TensorStorage, rows: [Int], rowLength: Int) -> TensorStorage
    /// Adds row r of `values` to row `rows[r]` of `target` (repeated rows add up).
    func addRows(_ values: TensorStorage, rows: [Int], rowLength: Int, into target: TensorStorage)
    /// `result[o][j][i] = source[o][positions[o][j][i]][i]`, `source` being `[outer, size, inner]` and the
    /// result `[outer, length, inner]`.
    func gather(_ source: TensorStorage, positions: [Int], outer: Int, size: Int, length: Int, inner: Int) -> TensorStorage
    /// `target[o][positions[o][j][i]][i] += values[o][j][i]`, the inverse of `gather`'s pattern.
    func scatterAdd(_ values: TensorStorage, positions: [Int], outer: Int, size: Int, length: Int, inner: Int, into target: TensorStorage)

    // MARK: Optimisers

    /// One step of `update` on `weights`, in place, with `gradient` and the rule's state buffers (`first`,
    /// `second`, `nil` where the rule has none), all of one length and type.
    func applyUpdate(_ update: OptimizerKernels.Update, weights: TensorStorage, gradient: TensorStorage,
                     first: TensorStorage?, second: TensorStorage?)
}

extension TensorStorage {
    /// The backend that makes every storage and runs every operation's kernels. This is the one place
    /// where it is chosen: the CPU for now. Callers see only the `Backend` protocol; the compiler sees
    /// the concrete type, so a call costs what a direct call to `CPUBackend` costs (it holds no state,
    /// so making one is free).
    static var backend: some Backend { CPUBackend() }
}
