/// Recurrent cells run over whole sequences: per step one GEMM for all gates of all sequences
/// (G = P_t + h_{t-1}·Wᵀ; two for the GRU, whose reset gate sits before W_h), then the C row kernels
/// for the nonlinearities and the state update; backward in reverse time (BPTT), with one GEMM per
/// step for ∂L/∂h_{t-1} = δ_t·W and one GEMM over all steps at the end for ∂L/∂W = Σ_t δ_tᵀ·h_{t-1}.
///
/// Buffers are batch-first `[N, T, X]`: step t of sequence n starts at (n·T + t)·X, so the rows of one
/// step are X·T apart, which the GEMM takes as its leading dimension, and the per-step gate deltas,
/// stored in place, are the projected input's gradient `[N, T, G·H]` without a copy.
enum RecurrentKernels {
    /// What one gate value costs a row kernel, in `ParallelLoop` elements: several passes over the row
    /// and a transcendental function, so that a batch of 32 rows of 256 units goes to the threads.
    private static let rowWork = 4

    /// Runs the cell over the sequence, writing `trace` (allocated by the caller, see `RecurrentTrace`).
    static func forward<T: KernelScalar>(_ layout: RecurrentLayout, _ inputs: RecurrentOperands, _ trace: RecurrentTrace, as _: T.Type) {
        let (n, steps, h, gw) = (layout.batchSize, layout.steps, layout.hiddenSize, layout.gateWidth)
        let projected = inputs.projectedInput.pointer(as: T.self), weight = inputs.recurrentWeight.pointer(as: T.self)
        let mask = inputs.mask?.pointer(as: T.self), recurrentMask = inputs.recurrentMask?.pointer(as: T.self)
        let peepholes = inputs.peepholes.map { UnsafePointer($0.pointer(as: T.self)) }
        let gates = trace.gates.pointer(as: T.self), hiddenNew = trace.hiddenNew.pointer(as: T.self)
        let previousHidden = trace.previousHidden.pointer(as: T.self)
        let recurrentInput = (trace.recurrentInput ?? trace.previousHidden).pointer(as: T.self)
        let outputs = mask == nil ? nil : trace.outputs.pointer(as: T.self)
        let finalHidden = trace.finalHidden.pointer(as: T.self), finalCell = trace.finalCell?.pointer(as: T.self)
        let cellNew = trace.cellNew?.pointer(as: T.self), cellTanh = trace.cellTanh?.pointer(as: T.self)
        let previousCell = trace.previousCell?.pointer(as: T.self), resetHidden = trace.resetHidden?.pointer(as: T.self)
        let initialHidden = inputs.initialHidden.pointer(as: T.self), initialCell = inputs.initialCell?.pointer(as: T.self)
        if steps == 0 {
            finalHidden.update(from: initialHidden, count: n * h)
            if let finalCell, let initialCell { finalCell.update(from: initialCell, count: n * h) }
            return
        }
        // Slot 0 of the "previous" buffers: the initial states.
        for row in 0..<n {
            let slot = row * steps * h
            (previousHidden + slot).update(from: initialHidden + row * h, count: h)
            if let previousCell, let initialCell { (previousCell + slot).update(from: initialCell + row * h, count: h) }
            if let recurrentMask {
                for j in 0..<h { recurrentInput[slot + j] = initialHidden[row * h + j] * recurrentMask[row * h + j] }
            }
        }
        /// C = A_t · W[block]ᵀ: the recurrent part of every sequence's gates at one step, `columns` wide.
        func recurrentProduct(_ a: UnsafePointer<T>, _ packed: UnsafePointer<T>, columns: Int, into c: UnsafeMutablePointer<T>) {
            T.multiply(m: n, n: columns, k: h, a: a, lda: steps * h, packedB: packed, c: c, ldc: steps * gw, accumulating: false)
        }
        let blocks = layout.cell == .gru ? [0..<(2 * h), (2 * h)..<(3 * h)] : [0..<gw]
        let slices = unitSlices(layout, as: T.self)
        withPackedWeight(weight, hiddenSize: h, blocks: blocks, transposed: true) { packed in
            for step in 0..<steps {
                let last = step == steps - 1
                /// Row `row` of step `step` in a buffer with `width` values per step.
                func at(_ base: UnsafeMutablePointer<T>, _ row: Int, _ width: Int) -> UnsafeMutablePointer<T> { base + (row * steps + step) * width }
                /// The destinations of the next state: slot step + 1, or the final state after the last step.
                func next(_ base: UnsafeMutablePointer<T>, final: UnsafeMutablePointer<T>, _ row: Int) -> UnsafeMutablePointer<T> {
                    last ? final + row * h : base + (row * steps + step + 1) * h
                }
                /// The new hidden state of `row` on the units `units` (all of them unless a thread runs a slice).
                func updateHidden(_ row: Int, _ units: Range<Int> = 0..<h) {
                    let u = units.lowerBound
                    T.updateRow(hidden: units.count, mask: mask.map { $0[row * steps + step] } ?? 1, new: at(hiddenNew, row, h) + u,
                                previous: at(previousHidden, row, h) + u, output: outputs.map { at($0, row, h) + u },
                                next: next(previousHidden, final: finalHidden, row) + u, recurrentMask: recurrentMask.map { UnsafePointer($0 + row * h + u) },
                                recurrentNext: recurrentMask == nil || last ? nil : recurrentInput + (row * steps + step + 1) * h + u)
                }
                let stepInput = recurrentInput + step * h, stepGates = gates + step * gw
                switch layout.cell {
                case let .lstm(_, coupled):
                    let (cellNew, cellTanh, previousCell, finalCell) = (cellNew!, cellTanh!, previousCell!, finalCell!)
                    /// The gates and new states of `row` on the units `units`.
                    func lstmRow(_ row: Int, _ units: Range<Int>) {
                        let u = units.lowerBound
                        T.lstmForwardRow(hidden: h, units: units.count, coupled: coupled, peepholes: peepholes.map { $0 + u },
                                         gates: at(gates, row, gw) + u, projected: at(projected, row, gw) + u, cellPrevious: at(previousCell, row, h) + u,
                                         cellNew: at(cellNew, row, h) + u, cellTanh: at(cellTanh, row, h) + u, hiddenNew: at(hiddenNew, row, h) + u)
                        updateHidden(row, units)
                        T.updateRow(hidden: units.count, mask: mask.map { $0[row * steps + step] } ?? 1, new: at(cellNew, row, h) + u,
                                    previous: at(previousCell, row, h) + u, output: nil, next: next(previousCell, final: finalCell, row) + u,
                                    recurrentMask: nil, recurrentNext: nil)
                    }
                    if slices.count > 1 {
                        // One hand-off per step: each thread computes every gate block's columns of its units, then their rows.
                        ParallelLoop.run(count: slices.count, workPerIteration: ParallelLoop.minimumParallelWork) { part in
                            let units = slices[part]
                            for block in 0..<layout.cell.gateCount {
                                T.multiply(m: n, columns: (block * h + units.lowerBound)..<(block * h + units.upperBound), of: gw, k: h, a: stepInput,
                                           lda: steps * h, packedB: packed[0], c: stepGates, ldc: steps * gw, accumulating: false)
                            }
                            for row in 0..<n { lstmRow(row, units) }
                        }
                    } else {
                        recurrentProduct(stepInput, packed[0], columns: gw, into: stepGates)
                        ParallelLoop.run(count: n, workPerIteration: rowWork * gw) { row in lstmRow(row, 0..<h) }
                    }
                case .gru:
                    let resetHidden = resetHidden!
                    recurrentProduct(stepInput, packed[0], columns: 2 * h, into: stepGates)
                    ParallelLoop.run(count: n, workPerIteration: rowWork * 2 * h) { row in
                        T.gruForwardGatesRow(hidden: h, gates: at(gates, row, gw), projected: at(projected, row, gw),
                                             recurrentInput: at(recurrentInput, row, h), resetHidden: at(resetHidden, row, h))
                    }
                    recurrentProduct(resetHidden + step * h, packed[1], columns: h, into: stepGates + 2 * h)
                    ParallelLoop.run(count: n, workPerIteration: rowWork * 2 * h) { row in
                        T.gruForwardCandidateRow(hidden: h, gates: at(gates, row, gw), projected: at(projected, row, gw),
                                                 hiddenPrevious: at(previousHidden, row, h), hiddenNew: at(hiddenNew, row, h))
                        updateHidden(row)
                    }
                case let .elman(activation):
                    recurrentProduct(stepInput, packed[0], columns: h, into: stepGates)
                    ParallelLoop.run(count: n, workPerIteration: rowWork * h) { row in
                        T.elmanForwardRow(hidden: h, relu: activation == .relu, gates: at(gates, row, h), projected: at(projected, row, h))
                        updateHidden(row)
                    }
                }
            }
        }
    }

    /// Backpropagation through time: the gradients of every input from those of the outputs `[N, T, H]`
    /// and of the final states `[N, H]` (`nil` where an output was not used).
    static func backward<T: KernelScalar>(
        _ layout: RecurrentLayout, _ inputs: RecurrentOperands, _ trace: RecurrentTrace,
        outputGradient: TensorStorage?, finalHiddenGradient: TensorStorage?, finalCellGradient: TensorStorage?, into gradients: RecurrentOperands,
        as _: T.Type
    ) {
        let (n, steps, h, gw) = (layout.batchSize, layout.steps, layout.hiddenSize, layout.gateWidth)
        let weight = inputs.recurrentWeight.pointer(as: T.self)
        let mask = inputs.mask?.pointer(as: T.self), recurrentMask = inputs.recurrentMask?.pointer(as: T.self)
        let peepholes = inputs.peepholes.map { UnsafePointer($0.pointer(as: T.self)) }
        let gates = trace.gates.pointer(as: T.self), hiddenNew = trace.hiddenNew.pointer(as: T.self)
        let previousHidden = trace.previousHidden.pointer(as: T.self)
        let recurrentInput = (trace.recurrentInput ?? trace.previousHidden).pointer(as: T.self)
        let cellNew = trace.cellNew?.pointer(as: T.self), cellTanh = trace.cellTanh?.pointer(as: T.self)
        let previousCell = trace.previousCell?.pointer(as: T.self), resetHidden = trace.resetHidden?.pointer(as: T.self)
        let outputGradient = outputGradient.map { UnsafePointer($0.pointer(as: T.self)) }
        // δ of every gate of every step, which is also ∂L/∂projectedInput.
        let deltas = gradients.projectedInput.pointer(as: T.self)
        // ∂L/∂h and ∂L/∂c of the state the current step produced, running back to the initial states.
        let hiddenGradient = gradients.initialHidden.pointer(as: T.self), cellGradient = gradients.initialCell?.pointer(as: T.self)
        let maskGradient = gradients.mask?.pointer(as: T.self), recurrentMaskGradient = gradients.recurrentMask?.pointer(as: T.self)
        /// Starts a state's gradient at that of the final state, or at zero when it was not used.
        func start(_ gradient: UnsafeMutablePointer<T>, from final: TensorStorage?) {
            if let final { gradient.update(from: final.pointer(as: T.self), count: n * h) } else { gradient.update(repeating: .zero, count: n * h) }
        }
        start(hiddenGradient, from: finalHiddenGradient)
        if let cellGradient { start(cellGradient, from: finalCellGradient) }
        recurrentMaskGradient?.update(repeating: .zero, count: n * h)
        Workspace.shared.withBuffer(of: T.self, count: 3 * n * h) { scratch in
            // ∂L/∂h_t and ∂L/∂c_t of the new states before the mask, and ∂L/∂(recurrent input).
            let hiddenNewGradient = scratch, cellNewGradient = scratch + n * h, inputGradient = scratch + 2 * n * h
            // W_h, then W_zr for the GRU (their gradients flow back one after the other); the whole W otherwise.
            let blocks = layout.cell == .gru ? [(2 * h)..<(3 * h), 0..<(2 * h)] : [0..<gw]
            // The per-step product goes straight into ∂L/∂h (no recurrent mask) and no two threads add to one
            // row's ∂L/∂m (no mask gradient): the threads can split the units.
            let slices = unitSlices(layout, as: T.self)
            let fusedBackward = slices.count > 1 && recurrentMask == nil && maskGradient == nil
            withPackedWeight(weight, hiddenSize: h, blocks: blocks, transposed: false) { packed in
                for step in (0..<steps).reversed() {
                    func at<P: Strideable>(_ base: P, _ row: Int, _ width: Int) -> P where P.Stride == Int {
                        base.advanced(by: (row * steps + step) * width)
                    }
                    /// ∂L/∂new and the carried ∂L/∂h of the hidden state; adds to ∂L/∂m of the row.
                    func hiddenUpdateBackward(_ row: Int, _ units: Range<Int> = 0..<h) {
                        let u = units.lowerBound
                        T.updateBackwardRow(hidden: units.count, mask: mask.map { $0[row * steps + step] } ?? 1, new: at(hiddenNew, row, h) + u,
                                            previous: at(previousHidden, row, h) + u,
                                            outputGradient: outputGradient.map { at($0, row, h) + u }, stateGradient: hiddenGradient + row * h + u,
                                            newGradient: hiddenNewGradient + row * h + u, maskGradient: maskGradient.map { $0 + row * steps + step })
                    }
                    /// ∂L/∂h_{t-1} += δ[block]·W[block] through the recurrent input (times the recurrent mask), the
                    /// block's δ starting `deltasOffset` into the step's gate row, `k` wide.
                    func backThroughWeight(_ packedBlock: UnsafePointer<T>, k: Int, deltasOffset: Int, accumulating: Bool) {
                        let direct = recurrentMask == nil && layout.cell != .gru
                        T.multiply(m: n, n: h, k: k, a: deltas + step * gw + deltasOffset, lda: steps * gw, packedB: packedBlock,
                                   c: direct ? hiddenGradient : inputGradient, ldc: h, accumulating: direct || accumulating)
                    }
                    func recurrentInputBackward() {
                        ParallelLoop.run(count: n, workPerIteration: rowWork * h) { row in
                            T.recurrentInputBackwardRow(hidden: h, inputGradient: inputGradient + row * h,
                                                        recurrentMask: recurrentMask.map { UnsafePointer($0 + row * h) },
                                                        previous: at(previousHidden, row, h), stateGradient: hiddenGradient + row * h,
                                                        recurrentMaskGradient: recurrentMaskGradient.map { $0 + row * h })
                        }
                    }
                    switch layout.cell {
                    case let .lstm(_, coupled):
                        let (cellNew, cellTanh, previousCell, cellGradient) = (cellNew!, cellTanh!, previousCell!, cellGradient!)
                        /// The gate deltas of `row` on the units `units`, and the carried ∂L/∂c_{t-1}.
                        func lstmRowBackward(_ row: Int, _ units: Range<Int>) {
                            let u = units.lowerBound
                            hiddenUpdateBackward(row, units)
                            T.updateBackwardRow(hidden: units.count, mask: mask.map { $0[row * steps + step] } ?? 1, new: at(cellNew, row, h) + u,
                                                previous: at(previousCell, row, h) + u, outputGradient: nil, stateGradient: cellGradient + row * h + u,
                                                newGradient: cellNewGradient + row * h + u, maskGradient: maskGradient.map { $0 + row * steps + step })
                            T.lstmBackwardRow(hidden: h, units: units.count, coupled: coupled, peepholes: peepholes.map { $0 + u },
                                              gates: at(gates, row, gw) + u, cellPrevious: at(previousCell, row, h) + u, cellTanh: at(cellTanh, row, h) + u,
                                              hiddenNewGradient: hiddenNewGradient + row * h + u, cellNewGradient: cellNewGradient + row * h + u,
                                              gateGradients: at(deltas, row, gw) + u, cellPreviousGradient: cellGradient + row * h + u)
                        }
                        if fusedBackward {
                            // One hand-off per step: each thread finishes ∂L/∂h_t += δ_{t+1}·W on its units' columns (the
                            // step after this one left it), then runs those units of every row.
                            ParallelLoop.run(count: slices.count, workPerIteration: ParallelLoop.minimumParallelWork) { part in
                                let units = slices[part]
                                if step + 1 < steps {
                                    T.multiply(m: n, columns: units, of: h, k: gw, a: deltas + (step + 1) * gw, lda: steps * gw, packedB: packed[0],
                                               c: hiddenGradient, ldc: h, accumulating: true)
                                }
                                for row in 0..<n { lstmRowBackward(row, units) }
                            }
                            if step == 0 { backThroughWeight(packed[0], k: gw, deltasOffset: 0, accumulating: false) }
                        } else {
                            ParallelLoop.run(count: n, workPerIteration: rowWork * gw) { row in lstmRowBackward(row, 0..<h) }
                            backThroughWeight(packed[0], k: gw, deltasOffset: 0, accumulating: false)
                            if recurrentMask != nil { recurrentInputBackward() }
                        }
                    case .gru:
                        ParallelLoop.run(count: n, workPerIteration: rowWork * 2 * h) { row in
                            hiddenUpdateBackward(row)
                            T.gruBackwardCandidateRow(hidden: h, gates: at(gates, row, gw), hiddenPrevious: at(previousHidden, row, h),
                                                      hiddenNewGradient: hiddenNewGradient + row * h, gateGradients: at(deltas, row, gw),
                                                      hiddenPreviousGradient: hiddenGradient + row * h)
                        }
                        // ∂L/∂(r ⊙ h_{t-1}) = δh̃·W_h, then δr, then ∂L/∂(recurrent input) += [δz, δr]·W_zr.
                        backThroughWeight(packed[0], k: h, deltasOffset: 2 * h, accumulating: false)
                        ParallelLoop.run(count: n, workPerIteration: rowWork * 2 * h) { row in
                            T.gruBackwardGatesRow(hidden: h, gates: at(gates, row, gw), recurrentInput: at(recurrentInput, row, h),
                                                  inputGradient: inputGradient + row * h, gateGradients: at(deltas, row, gw))
                        }
                        backThroughWeight(packed[1], k: 2 * h, deltasOffset: 0, accumulating: true)
                        recurrentInputBackward()
                    case let .elman(activation):
                        ParallelLoop.run(count: n, workPerIteration: rowWork * h) { row in
                            hiddenUpdateBackward(row)
                            T.elmanBackwardRow(hidden: h, relu: activation == .relu, gates: at(gates, row, h), hiddenNewGradient: hiddenNewGradient + row * h,
                                               gateGradients: at(deltas, row, h))
                        }
                        backThroughWeight(packed[0], k: h, deltasOffset: 0, accumulating: false)
                        if recurrentMask != nil { recurrentInputBackward() }
                    }
                }
            }
        }
        // ∂L/∂W = Σ_t δ_tᵀ · (recurrent input of step t), all steps and sequences in one product.
        let weightGradient = gradients.recurrentWeight.pointer(as: T.self)
        let rows = n * steps
        if case .gru = layout.cell {
            T.multiply(transposeA: true, transposeB: false, m: 2 * h, n: h, k: rows, a: deltas, lda: gw, b: recurrentInput, ldb: h,
                       c: weightGradient, ldc: h, accumulating: false)
            T.multiply(transposeA: true, transposeB: false, m: h, n: h, k: rows, a: deltas + 2 * h, lda: gw, b: resetHidden!, ldb: h,
                       c: weightGradient + 2 * h * h, ldc: h, accumulating: false)
        } else {
            T.multiply(transposeA: true, transposeB: false, m: gw, n: h, k: rows, a: deltas, lda: gw, b: recurrentInput, ldb: h,
                       c: weightGradient, ldc: h, accumulating: false)
        }
        if case let .lstm(_, coupled) = layout.cell, let peepholeGradient = gradients.peepholes?.pointer(as: T.self) {
            // ∂L/∂p = Σ over sequences and steps of δ ⊙ the cell state each gate looked at.
            peepholeGradient.update(repeating: .zero, count: (coupled ? 2 : 3) * h)
            for row in 0..<rows {
                T.lstmPeepholeGradientRow(hidden: h, coupled: coupled, gateGradients: deltas + row * gw, cellPrevious: previousCell! + row * h,
                                          cellNew: cellNew! + row * h, peepholeGradients: peepholeGradient)
            }
        }
    }
    /// The slices of the units that the threads of one LSTM step take: as many as its product
    /// (N × G·H × H) is worth threads, each a whole number of packed micro-panels wide in both the forward
    /// (G·H columns) and the backward (H columns) product; all units in one slice for other cells, for a
    /// product that stays on one thread, or when H does not split so.
    private static func unitSlices<T: KernelScalar>(_ layout: RecurrentLayout, as _: T.Type) -> [Range<Int>] {
        let (h, gw) = (layout.hiddenSize, layout.gateWidth)
        guard case .lstm = layout.cell, h > 0 else { return [0..<h] }
        let (forwardStep, backwardStep) = (T.packedColumnStep(n: gw), T.packedColumnStep(n: h))
        let step = max(forwardStep, backwardStep)
        let threads = min(ThreadPool.workerCount + 1, layout.batchSize * gw * h / (GEMM.minimumWorkPerThread / 4))
        guard step % forwardStep == 0, step % backwardStep == 0, h % step == 0, threads > 1 else { return [0..<h] }
        let panels = h / step, parts = min(threads, panels)
        guard parts > 1 else { return [0..<h] }
        return (0..<parts).map { part in (part * panels / parts * step)..<((part + 1) * panels / parts * step) }
    }

    /// Runs `body` with the row blocks `blocks` of W `[G·H, H]` packed once for the per-step products,
    /// as op(B) = W[block]ᵀ when `transposed` (forward: h_{t-1}·Wᵀ) or W[block] (backward: δ·W).
    private static func withPackedWeight<T: KernelScalar>(
        _ weight: UnsafePointer<T>, hiddenSize h: Int, blocks: [Range<Int>], transposed: Bool, _ body: ([UnsafePointer<T>]) -> Void
    ) {
        let counts = blocks.map { transposed ? T.packedCount(k: h, n: $0.count) : T.packedCount(k: $0.count, n: h) }
        Workspace.shared.withBuffer(of: T.self, count: counts.reduce(0, +)) { base in
            var offset = 0
            let packed = zip(blocks, counts).map { block, count -> UnsafePointer<T> in
                let destination = base + offset
                offset += count
                T.pack(transposeB: transposed, k: transposed ? h : block.count, n: transposed ? block.count : h, b: weight + block.lowerBound * h,
                       ldb: h, into: destination)
                return UnsafePointer(destination)
            }
            body(packed)
        }
    }
}
