/// The backend that computes on the host CPU, with Nabla's own kernels (`Kernels/` in Swift, the packed
/// GEMM, vector math and optimiser updates of `CNablaKernels` in C).
///
/// Each method states its work once, as a local function generic over the element type, and one of two
/// helpers calls it with the Swift type of the storage's `DType`: `withElementType` (`Float`, `Double` or
/// `Int64`) for work that moves, adds or converts elements, `withScalarType` (`Float` or `Double`) for
/// arithmetic. They are the only places where the CPU backend turns an element type into code. The
/// compiler specialises the generic body for each type (the existential type passed in is opened at a
/// known concrete type), so the loops run as if written for each type by hand.
struct CPUBackend: Backend {
    /// Calls `body` with the Swift type of `dtype`'s elements.
    @inline(__always)
    static func withElementType<Result>(_ dtype: DType, _ body: (any KernelElement.Type) -> Result) -> Result {
        switch dtype {
        case .float32: return body(Float.self)
        case .float64: return body(Double.self)
        case .int64: return body(Int64.self)
        }
    }

    /// Calls `body` with the floating-point type of `dtype`'s elements. Operations check that they compute
    /// on floating-point tensors before calling the backend, so an integer type here is a bug in Nabla.
    @inline(__always)
    static func withScalarType<Result>(_ dtype: DType, _ body: (any KernelScalar.Type) -> Result) -> Result {
        switch dtype {
        case .float32: return body(Float.self)
        case .float64: return body(Double.self)
        case .int64: fatalError("internal: a floating-point kernel was called on int64 storage without a check of the element type")
        }
    }

    // MARK: Memory and host transfers

    func allocate(_ dtype: DType, count: Int) -> TensorStorage {
        TensorStorage(dtype: dtype, count: count)
    }

    func zeros(_ dtype: DType, count: Int) -> TensorStorage {
        let out = allocate(dtype, count: count)
        out.base.initializeMemory(as: UInt8.self, repeating: 0, count: out.byteCount)
        return out
    }

    func filled(_ dtype: DType, count: Int, value: Double) -> TensorStorage {
        let out = allocate(dtype, count: count)
        func run<T: KernelElement>(_: T.Type) { out.pointer(as: T.self).initialize(repeating: T(converting: value), count: count) }
        Self.withElementType(dtype) { run($0) }
        return out
    }

    func storage(from values: [Double], as dtype: DType) -> TensorStorage {
        let out = allocate(dtype, count: values.count)
        func run<T: KernelElement>(_: T.Type) {
            let target = out.pointer(as: T.self)
            values.withUnsafeBufferPointer { for (i, value) in $0.enumerated() { target[i] = T(converting: value) } }
        }
        Self.withElementType(dtype) { run($0) }
        return out
    }

    func storage(from values: [Float], as dtype: DType) -> TensorStorage {
        let out = allocate(dtype, count: values.count)
        func run<T: KernelElement>(_: T.Type) {
            let target = out.pointer(as: T.self)
            values.withUnsafeBufferPointer { for (i, value) in $0.enumerated() { target[i] = T(converting: Double(value)) } }
        }
        Self.withElementType(dtype) { run($0) }
        return out
    }

    func storage(from values: [Int], as dtype: DType) -> TensorStorage {
        let integers = allocate(.int64, count: values.count)
        let target = integers.pointer(as: Int64.self)
        values.withUnsafeBufferPointer { for (i, value) in $0.enumerated() { target[i] = Int64(value) } }
        return dtype == .int64 ? integers : converted(integers, to: dtype)
    }

    func storage(_ dtype: DType, count: Int, generating sample: () -> Double) -> TensorStorage {
        let out = allocate(dtype, count: count)
        func run<T: KernelElement>(_: T.Type) {
            let target = out.pointer(as: T.self)
            for i in 0..<count { target[i] = T(converting: sample()) }
        }
        Self.withElementType(dtype) { run($0) }
        return out
    }

    func copy(_ storage: TensorStorage) -> TensorStorage {
        let out = allocate(storage.dtype, count: storage.count)
        out.base.copyMemory(from: storage.base, byteCount: storage.byteCount)
        return out
    }

    /// Floating-point values are rounded to the nearest of the target type; converted to `int64` they are
    /// truncated toward zero, and NaN, infinities and values out of range stop with a message.
    func converted(_ storage: TensorStorage, to dtype: DType) -> TensorStorage {
        if dtype == storage.dtype { return copy(storage) }
        let out = allocate(dtype, count: storage.count), count = storage.count
        func floatingToFloating<Source: KernelScalar, Target: KernelScalar>(_: Source.Type, _: Target.Type) {
            let source = storage.pointer(as: Source.self), target = out.pointer(as: Target.self)
            for i in 0..<count { target[i] = Target(source[i]) }
        }
        func integerToFloating<Target: KernelScalar>(_: Target.Type) {
            let source = storage.pointer(as: Int64.self), target = out.pointer(as: Target.self)
            for i in 0..<count { target[i] = Target(source[i]) }
        }
        func floatingToInteger<Source: KernelScalar>(_: Source.Type) {
            let source = storage.pointer(as: Source.self), target = out.pointer(as: Int64.self)
            for i in 0..<count { target[i] = Int64(converting: source[i].doubleValue) }
        }
        switch (storage.dtype.isFloatingPoint, dtype.isFloatingPoint) {
        case (true, true): Self.withScalarType(storage.dtype) { source in Self.withScalarType(dtype) { floatingToFloating(source, $0) } }
        case (false, _): Self.withScalarType(dtype) { integerToFloating($0) }
        case (true, false): Self.withScalarType(storage.dtype) { floatingToInteger($0) }
        }
        return out
    }

    func scalar(_ storage: TensorStorage, at offset: Int) -> Double {
        func run<T: KernelElement>(_: T.Type) -> Double { storage.pointer(as: T.self)[offset].doubleValue }
        return Self.withElementType(storage.dtype) { run($0) }
    }

    func setScalar(_ storage: TensorStorage, at offset: Int, to value: Double) {
        func run<T: KernelElement>(_: T.Type) { storage.pointer(as: T.self)[offset] = T(converting: value) }
        Self.withElementType(storage.dtype) { run($0) }
    }

    func withHostMemory<Result>(_ storage: TensorStorage, _ body: (UnsafeMutableRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeMutableRawBufferPointer(start: storage.base, count: storage.byteCount))
    }

    // MARK: Elementwise

    func binary(_ op: BinaryOperation, _ a: TensorStorage, shape aShape: [Int], _ b: TensorStorage, shape bShape: [Int],
                resultShape shape: [Int]) -> TensorStorage {
        let out = allocate(a.dtype, count: Shape.count(shape))
        func run<T: KernelScalar>(_: T.Type) {
            ElementwiseKernels.broadcastBinary(op, a.pointer(as: T.self), aShape, b.pointer(as: T.self), bShape, out.pointer(as: T.self), shape)
        }
        Self.withScalarType(a.dtype) { run($0) }
        return out
    }

    func unary(_ op: UnaryOperation, _ x: TensorStorage) -> TensorStorage {
        let out = allocate(x.dtype, count: x.count)
        func run<T: KernelScalar>(_: T.Type) { ElementwiseKernels.unary(op, x.pointer(as: T.self), out.pointer(as: T.self), x.count) }
        Self.withScalarType(x.dtype) { run($0) }
        return out
    }

    func clamp(_ x: TensorStorage, low: Double, high: Double) -> TensorStorage {
        let out = allocate(x.dtype, count: x.count)
        func run<T: KernelScalar>(_: T.Type) {
            ElementwiseKernels.clamp(x.pointer(as: T.self), out.pointer(as: T.self), x.count, low: T(low), high: T(high))
        }
        Self.withScalarType(x.dtype) { run($0) }
        return out
    }

    func select(_ condition: TensorStorage, _ a: TensorStorage, _ b: TensorStorage) -> TensorStorage {
        let out = allocate(a.dtype, count: a.count)
        func run<T: KernelScalar>(_: T.Type) {
            ElementwiseKernels.select(condition.pointer(as: T.self), a.pointer(as: T.self), b.pointer(as: T.self), out.pointer(as: T.self), a.count)
        }
        Self.withScalarType(a.dtype) { run($0) }
        return out
    }

    func add(_ source: TensorStorage, into target: TensorStorage) {
        func run<T: KernelScalar>(_: T.Type) {
            let x = target.pointer(as: T.self)
            ElementwiseKernels.binary(.add, x, 1, source.pointer(as: T.self), 1, x, target.count)
        }
        Self.withScalarType(target.dtype) { run($0) }
    }

    // MARK: Reductions

    func reduce(_ kind: ReductionKernels.Kind, _ x: TensorStorage, outer: Int, length: Int, inner: Int) -> TensorStorage {
        if length == 0 { return zeros(x.dtype, count: outer * inner) }
        let out = allocate(x.dtype, count: outer * inner)
        func run<T: KernelScalar>(_: T.Type) {
            ReductionKernels.reduce(kind, x.pointer(as: T.self), outer: outer, length: length, inner: inner, out.pointer(as: T.self))
        }
        Self.withScalarType(x.dtype) { run($0) }
        return out
    }

    func argmax(_ x: TensorStorage, outer: Int, length: Int, inner: Int) -> TensorStorage {
        let out = allocate(.int64, count: outer * inner)
        func run<T: KernelScalar>(_: T.Type) {
            ReductionKernels.argmax(x.pointer(as: T.self), outer: outer, length: length, inner: inner, out.pointer(as: Int64.self))
        }
        Self.withScalarType(x.dtype) { run($0) }
        return out
    }

    // MARK: Matrix products

    func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                  _ a: TensorStorage, offset aOffset: Int, _ b: TensorStorage, offset bOffset: Int,
                  into c: TensorStorage, offset cOffset: Int, accumulating: Bool) {
        func run<T: KernelScalar>(_: T.Type) {
            T.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                       a: a.pointer(as: T.self) + aOffset, lda: transposeA ? m : k,
                       b: b.pointer(as: T.self) + bOffset, ldb: transposeB ? k : n,
                       c: c.pointer(as: T.self) + cOffset, ldc: n, accumulating: accumulating)
        }
        Self.withScalarType(c.dtype) { run($0) }
    }

    // MARK: Convolution and pooling

    func convolution(_ images: TensorStorage, weight: TensorStorage, bias: TensorStorage?, geometry: WindowGeometry,
                     outChannels: Int, groups: Int) -> TensorStorage {
        let layout = ConvolutionKernels.Layout(geometry: geometry, outChannels: outChannels, groups: groups)
        let out = allocate(images.dtype, count: outChannels * layout.columnCount)
        func run<T: KernelScalar>(_: T.Type) {
            ConvolutionKernels.forward(images.pointer(as: T.self), weight: weight.pointer(as: T.self), bias: bias.map { UnsafePointer($0.pointer(as: T.self)) },
                                       layout, rows: out.pointer(as: T.self))
        }
        Self.withScalarType(images.dtype) { run($0) }
        return out
    }

    func convolutionImageGradient(_ rowsGradient: TensorStorage, weight: TensorStorage, geometry: WindowGeometry,
                                  outChannels: Int, groups: Int) -> TensorStorage {
        let layout = ConvolutionKernels.Layout(geometry: geometry, outChannels: outChannels, groups: groups)
        let out = allocate(weight.dtype, count: geometry.batch * geometry.channels * geometry.inputArea)
        func run<T: KernelScalar>(_: T.Type) {
            ConvolutionKernels.imageGradient(rowsGradient.pointer(as: T.self), weight: weight.pointer(as: T.self), layout, images: out.pointer(as: T.self))
        }
        Self.withScalarType(weight.dtype) { run($0) }
        return out
    }

    func convolutionWeightGradient(_ rowsGradient: TensorStorage, images: TensorStorage, geometry: WindowGeometry,
                                   outChannels: Int, groups: Int) -> TensorStorage {
        let layout = ConvolutionKernels.Layout(geometry: geometry, outChannels: outChannels, groups: groups)
        let out = allocate(images.dtype, count: outChannels * layout.rowsPerGroup)
        func run<T: KernelScalar>(_: T.Type) {
            ConvolutionKernels.weightGradient(rowsGradient.pointer(as: T.self), images: images.pointer(as: T.self), layout, weight: out.pointer(as: T.self))
        }
        Self.withScalarType(images.dtype) { run($0) }
        return out
    }

    func transposedConvolutionGradients(_ gradient: TensorStorage, inputRows: TensorStorage?, weight: TensorStorage?, geometry: WindowGeometry,
                                        outChannels: Int, groups: Int) -> (inputRows: TensorStorage?, weight: TensorStorage?) {
        let layout = ConvolutionKernels.Layout(geometry: geometry, outChannels: outChannels, groups: groups)
        let rowsGradient = weight.map { allocate($0.dtype, count: outChannels * layout.columnCount) }
        let weightGradient = inputRows.map { allocate($0.dtype, count: outChannels * layout.rowsPerGroup) }
        func run<T: KernelScalar>(_: T.Type) {
            ConvolutionKernels.transposedGradients(gradient.pointer(as: T.self), inputRows: inputRows.map { UnsafePointer($0.pointer(as: T.self)) },
                                                   weight: weight.map { UnsafePointer($0.pointer(as: T.self)) }, layout,
                                                   inputRowsGradient: rowsGradient?.pointer(as: T.self), weightGradient: weightGradient?.pointer(as: T.self))
        }
        Self.withScalarType(gradient.dtype) { run($0) }
        return (rowsGradient, weightGradient)
    }

    func normalizeForward(_ input: TensorStorage, scale: TensorStorage?, shift: TensorStorage?, epsilon: Double, layout: NormalizationKernels.Layout)
        -> (output: TensorStorage, normalized: TensorStorage, mean: TensorStorage, variance: TensorStorage, inverseDeviation: TensorStorage) {
        let dtype = input.dtype
        let output = allocate(dtype, count: input.count), normalized = allocate(dtype, count: input.count)
        let mean = allocate(dtype, count: layout.groups), variance = allocate(dtype, count: layout.groups)
        let inverseDeviation = allocate(dtype, count: layout.groups)
        func run<T: KernelScalar>(_: T.Type) {
            NormalizationKernels.inGroupRanges(layout, splitting: true) { groups in
                T.normalizeForward(layout, groups: groups, input: input.pointer(as: T.self), scale: scale.map { UnsafePointer($0.pointer(as: T.self)) },
                                   shift: shift.map { UnsafePointer($0.pointer(as: T.self)) }, epsilon: epsilon, output: output.pointer(as: T.self),
                                   normalized: normalized.pointer(as: T.self), mean: mean.pointer(as: T.self),
                                   variance: variance.pointer(as: T.self), inverseDeviation: inverseDeviation.pointer(as: T.self),
                                   variant: .automatic)
            }
        }
        Self.withScalarType(dtype) { run($0) }
        return (output, normalized, mean, variance, inverseDeviation)
    }

    func normalizeBackward(_ gradient: TensorStorage, normalized: TensorStorage, inverseDeviation: TensorStorage, scale: TensorStorage?,
                           layout: NormalizationKernels.Layout) -> (input: TensorStorage, scale: TensorStorage?, shift: TensorStorage?) {
        let dtype = gradient.dtype
        let input = allocate(dtype, count: gradient.count)
        func parameterCount(_ parameter: NormalizationKernels.Parameter) -> Int? {
            switch parameter {
            case .absent: nil
            case .perGroup: layout.groups
            case .perPosition: layout.inner
            }
        }
        let scaleGradient = parameterCount(layout.scale).map { allocate(dtype, count: $0) }
        let shiftGradient = parameterCount(layout.shift).map { allocate(dtype, count: $0) }
        func run<T: KernelScalar>(_: T.Type) {
            NormalizationKernels.inGroupRanges(layout, splitting: NormalizationKernels.backwardSplitsByGroup(layout)) { groups in
                T.normalizeBackward(layout, groups: groups, gradient: gradient.pointer(as: T.self), normalized: normalized.pointer(as: T.self),
                                    inverseDeviation: inverseDeviation.pointer(as: T.self), scale: scale.map { UnsafePointer($0.pointer(as: T.self)) },
                                    inputGradient: input.pointer(as: T.self), scaleGradient: scaleGradient?.pointer(as: T.self),
                                    shiftGradient: shiftGradient?.pointer(as: T.self))
            }
        }
        Self.withScalarType(dtype) { run($0) }
        return (input, scaleGradient, shiftGradient)
    }

    func pool(_ kind: PoolingKind, _ images: TensorStorage, geometry: WindowGeometry, countingPadding: Bool) -> (values: TensorStorage, positions: TensorStorage?) {
        let count = geometry.batch * geometry.channels * geometry.outputArea
        let values = allocate(images.dtype, count: count)
        let positions = kind == .max ? allocate(.int64, count: count) : nil
        func run<T: KernelScalar>(_: T.Type) {
            let input = images.pointer(as: T.self), output = values.pointer(as: T.self)
            switch kind {
            case .max: PoolingKernels.maxForward(input, geometry, output, positions!.pointer(as: Int64.self))
            case .average: PoolingKernels.averageForward(input, geometry, countingPadding: countingPadding, output)
            case .l2: PoolingKernels.l2Forward(input, geometry, output)
            }
        }
        Self.withScalarType(images.dtype) { run($0) }
        return (values, positions)
    }

    func poolGradient(_ kind: PoolingKind, _ gradient: TensorStorage, images: TensorStorage, values: TensorStorage,
                      positions: TensorStorage?, geometry: WindowGeometry, countingPadding: Bool) -> TensorStorage {
        let out = allocate(gradient.dtype, count: geometry.batch * geometry.channels * geometry.inputArea)
        func run<T: KernelScalar>(_: T.Type) {
            let outputGradient = gradient.pointer(as: T.self), inputGradient = out.pointer(as: T.self)
            switch kind {
            case .max: PoolingKernels.maxBackward(outputGradient, positions!.pointer(as: Int64.self), geometry, inputGradient)
            case .average: PoolingKernels.averageBackward(outputGradient, geometry, countingPadding: countingPadding, inputGradient)
            case .l2: PoolingKernels.l2Backward(outputGradient, images.pointer(as: T.self), values.pointer(as: T.self), geometry, inputGradient)
            }
        }
        Self.withScalarType(gradient.dtype) { run($0) }
        return out
    }

    func resample(_ images: TensorStorage, planes: Int, rows: ResamplingAxis, columns: ResamplingAxis) -> TensorStorage {
        let out = allocate(images.dtype, count: planes * rows.outputSize * columns.outputSize)
        func run<T: KernelScalar>(_: T.Type) {
            ResamplingKernels.forward(images.pointer(as: T.self), planes: planes, rows: rows, columns: columns, out.pointer(as: T.self))
        }
        Self.withScalarType(images.dtype) { run($0) }
        return out
    }

    func resampleGradient(_ gradient: TensorStorage, planes: Int, rows: ResamplingAxis, columns: ResamplingAxis) -> TensorStorage {
        let out = allocate(gradient.dtype, count: planes * rows.inputSize * columns.inputSize)
        func run<T: KernelScalar>(_: T.Type) {
            ResamplingKernels.backward(gradient.pointer(as: T.self), planes: planes, rows: rows, columns: columns, out.pointer(as: T.self))
        }
        Self.withScalarType(gradient.dtype) { run($0) }
        return out
    }

    // MARK: Recurrent cells

    func recurrentForward(_ layout: RecurrentLayout, _ inputs: RecurrentOperands) -> RecurrentTrace {
        let dtype = inputs.projectedInput.dtype
        let (sequence, gateCount) = (layout.batchSize * layout.steps * layout.hiddenSize, layout.batchSize * layout.steps * layout.gateWidth)
        func buffer(_ count: Int) -> TensorStorage { allocate(dtype, count: count) }
        let gates = buffer(gateCount)
        // An Elman cell's activations are its new states.
        let hiddenNew: TensorStorage
        if case .elman = layout.cell { hiddenNew = gates } else { hiddenNew = buffer(sequence) }
        let lstm = layout.cell.hasCellState
        let trace = RecurrentTrace(
            outputs: inputs.mask == nil ? hiddenNew : buffer(sequence),
            finalHidden: buffer(layout.batchSize * layout.hiddenSize), finalCell: lstm ? buffer(layout.batchSize * layout.hiddenSize) : nil,
            gates: gates, hiddenNew: hiddenNew, previousHidden: buffer(sequence), recurrentInput: inputs.recurrentMask == nil ? nil : buffer(sequence),
            cellNew: lstm ? buffer(sequence) : nil, cellTanh: lstm ? buffer(sequence) : nil, previousCell: lstm ? buffer(sequence) : nil,
            resetHidden: layout.cell == .gru ? buffer(sequence) : nil)
        func run<T: KernelScalar>(_: T.Type) { RecurrentKernels.forward(layout, inputs, trace, as: T.self) }
        Self.withScalarType(dtype) { run($0) }
        return trace
    }

    func recurrentBackward(_ layout: RecurrentLayout, _ inputs: RecurrentOperands, _ trace: RecurrentTrace, outputGradient: TensorStorage?,
                           finalHiddenGradient: TensorStorage?, finalCellGradient: TensorStorage?) -> RecurrentOperands {
        let dtype = inputs.projectedInput.dtype
        let state = layout.batchSize * layout.hiddenSize
        let gradients = RecurrentOperands(
            projectedInput: allocate(dtype, count: layout.batchSize * layout.steps * layout.gateWidth),
            recurrentWeight: allocate(dtype, count: layout.gateWidth * layout.hiddenSize),
            initialHidden: allocate(dtype, count: state), initialCell: inputs.initialCell == nil ? nil : allocate(dtype, count: state),
            peepholes: inputs.peepholes.map { allocate(dtype, count: $0.count) }, mask: inputs.mask.map { zeros(dtype, count: $0.count) },
            recurrentMask: inputs.recurrentMask == nil ? nil : allocate(dtype, count: state))
        func run<T: KernelScalar>(_: T.Type) {
            RecurrentKernels.backward(layout, inputs, trace, outputGradient: outputGradient, finalHiddenGradient: finalHiddenGradient,
                                      finalCellGradient: finalCellGradient, into: gradients, as: T.self)
        }
        Self.withScalarType(dtype) { run($0) }
        return gradients
    }

    // MARK: Moving elements

    func stridedCopy(_ source: TensorStorage, offset: Int, shape: [Int], strides: [Int]) -> TensorStorage {
        let out = allocate(source.dtype, count: Shape.count(shape))
        func run<T: KernelElement>(_: T.Type) {
            StridedCopy.copy(from: source.pointer(as: T.self), offset: offset, shape: shape, strides: strides, to: out.pointer(as: T.self))
        }
        Self.withElementType(source.dtype) { run($0) }
        return out
    }

    func scatter(_ source: TensorStorage, shape: [Int], into target: TensorStorage, offset: Int, strides: [Int], accumulate: Bool) {
        func run<T: KernelElement>(_: T.Type) {
            StridedCopy.scatter(from: source.pointer(as: T.self), shape: shape, to: target.pointer(as: T.self),
                                offset: offset, strides: strides, accumulate: accumulate)
        }
        Self.withElementType(target.dtype) { run($0) }
    }

    func copyRows(_ source: TensorStorage, rows: [Int], rowLength: Int) -> TensorStorage {
        let out = allocate(source.dtype, count: rows.count * rowLength)
        func run<T: KernelElement>(_: T.Type) {
            IndexKernels.copyRows(source.pointer(as: T.self), rows: rows, rowLength: rowLength, out.pointer(as: T.self))
        }
        Self.withElementType(source.dtype) { run($0) }
        return out
    }

    func addRows(_ values: TensorStorage, rows: [Int], rowLength: Int, into target: TensorStorage) {
        func run<T: KernelElement>(_: T.Type) {
            IndexKernels.addRows(values.pointer(as: T.self), rows: rows, rowLength: rowLength, target.pointer(as: T.self))
        }
        Self.withElementType(target.dtype) { run($0) }
    }

    func gather(_ source: TensorStorage, positions: [Int], outer: Int, size: Int, length: Int, inner: Int) -> TensorStorage {
        let out = allocate(source.dtype, count: outer * length * inner)
        func run<T: KernelElement>(_: T.Type) {
            IndexKernels.gather(source.pointer(as: T.self), positions, out.pointer(as: T.self),
                                outer: outer, size: size, length: length, inner: inner)
        }
        Self.withElementType(source.dtype) { run($0) }
        return out
    }

    func scatterAdd(_ values: TensorStorage, positions: [Int], outer: Int, size: Int, length: Int, inner: Int, into target: TensorStorage) {
        func run<T: KernelElement>(_: T.Type) {
            IndexKernels.scatterAdd(values.pointer(as: T.self), positions, target.pointer(as: T.self),
                                    outer: outer, size: size, length: length, inner: inner)
        }
        Self.withElementType(target.dtype) { run($0) }
    }

    // MARK: Optimisers

    func applyUpdate(_ update: OptimizerKernels.Update, weights: TensorStorage, gradient: TensorStorage,
                     first: TensorStorage?, second: TensorStorage?) {
        func run<T: KernelScalar>(_: T.Type) {
            T.apply(update, weights: weights.pointer(as: T.self), gradient: gradient.pointer(as: T.self),
                    first: first?.pointer(as: T.self), second: second?.pointer(as: T.self), count: weights.count)
        }
        Self.withScalarType(weights.dtype) { run($0) }
    }
}
