import CNablaKernels

/// The C kernels of one sequence's row of one recurrent step (`recurrent_cells_template.h`), as
/// static functions of the element type, so that `RecurrentKernels` is written once for `Float` and
/// `Double`. Each mirrors the C function of the same name; pointers that may be absent are optional.
/// The LSTM kernels take `units` of the `hidden` units (blocks stay `hidden` apart), so that a thread
/// can run its slice of every row.
protocol RecurrentRowKernels {
    static func updateRow(
        hidden: Int, mask: Self, new: UnsafePointer<Self>, previous: UnsafePointer<Self>, output: UnsafeMutablePointer<Self>?,
        next: UnsafeMutablePointer<Self>, recurrentMask: UnsafePointer<Self>?, recurrentNext: UnsafeMutablePointer<Self>?
    )
    static func updateBackwardRow(
        hidden: Int, mask: Self, new: UnsafePointer<Self>, previous: UnsafePointer<Self>, outputGradient: UnsafePointer<Self>?,
        stateGradient: UnsafeMutablePointer<Self>, newGradient: UnsafeMutablePointer<Self>, maskGradient: UnsafeMutablePointer<Self>?
    )
    static func recurrentInputBackwardRow(
        hidden: Int, inputGradient: UnsafePointer<Self>, recurrentMask: UnsafePointer<Self>?, previous: UnsafePointer<Self>,
        stateGradient: UnsafeMutablePointer<Self>, recurrentMaskGradient: UnsafeMutablePointer<Self>?
    )
    static func lstmForwardRow(
        hidden: Int, units: Int, coupled: Bool, peepholes: UnsafePointer<Self>?, gates: UnsafeMutablePointer<Self>, projected: UnsafePointer<Self>,
        cellPrevious: UnsafePointer<Self>, cellNew: UnsafeMutablePointer<Self>, cellTanh: UnsafeMutablePointer<Self>,
        hiddenNew: UnsafeMutablePointer<Self>
    )
    static func lstmBackwardRow(
        hidden: Int, units: Int, coupled: Bool, peepholes: UnsafePointer<Self>?, gates: UnsafePointer<Self>, cellPrevious: UnsafePointer<Self>,
        cellTanh: UnsafePointer<Self>, hiddenNewGradient: UnsafePointer<Self>, cellNewGradient: UnsafePointer<Self>,
        gateGradients: UnsafeMutablePointer<Self>, cellPreviousGradient: UnsafeMutablePointer<Self>
    )
    static func lstmPeepholeGradientRow(
        hidden: Int, coupled: Bool, gateGradients: UnsafePointer<Self>, cellPrevious: UnsafePointer<Self>, cellNew: UnsafePointer<Self>,
        peepholeGradients: UnsafeMutablePointer<Self>
    )
    static func gruForwardGatesRow(
        hidden: Int, gates: UnsafeMutablePointer<Self>, projected: UnsafePointer<Self>, recurrentInput: UnsafePointer<Self>,
        resetHidden: UnsafeMutablePointer<Self>
    )
    static func gruForwardCandidateRow(
        hidden: Int, gates: UnsafeMutablePointer<Self>, projected: UnsafePointer<Self>, hiddenPrevious: UnsafePointer<Self>,
        hiddenNew: UnsafeMutablePointer<Self>
    )
    static func gruBackwardCandidateRow(
        hidden: Int, gates: UnsafePointer<Self>, hiddenPrevious: UnsafePointer<Self>, hiddenNewGradient: UnsafePointer<Self>,
        gateGradients: UnsafeMutablePointer<Self>, hiddenPreviousGradient: UnsafeMutablePointer<Self>
    )
    static func gruBackwardGatesRow(
        hidden: Int, gates: UnsafePointer<Self>, recurrentInput: UnsafePointer<Self>, inputGradient: UnsafeMutablePointer<Self>,
        gateGradients: UnsafeMutablePointer<Self>
    )
    static func elmanForwardRow(hidden: Int, relu: Bool, gates: UnsafeMutablePointer<Self>, projected: UnsafePointer<Self>)
    static func elmanBackwardRow(
        hidden: Int, relu: Bool, gates: UnsafePointer<Self>, hiddenNewGradient: UnsafePointer<Self>, gateGradients: UnsafeMutablePointer<Self>
    )
}

extension Float: RecurrentRowKernels {
    static func updateRow(
        hidden: Int, mask: Float, new: UnsafePointer<Float>, previous: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>?,
        next: UnsafeMutablePointer<Float>, recurrentMask: UnsafePointer<Float>?, recurrentNext: UnsafeMutablePointer<Float>?
    ) {
        nabla_recurrent_update_row_f32(Int64(hidden), mask, new, previous, output, next, recurrentMask, recurrentNext)
    }

    static func updateBackwardRow(
        hidden: Int, mask: Float, new: UnsafePointer<Float>, previous: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>?,
        stateGradient: UnsafeMutablePointer<Float>, newGradient: UnsafeMutablePointer<Float>, maskGradient: UnsafeMutablePointer<Float>?
    ) {
        nabla_recurrent_update_backward_row_f32(Int64(hidden), mask, new, previous, outputGradient, stateGradient, newGradient, maskGradient)
    }

    static func recurrentInputBackwardRow(
        hidden: Int, inputGradient: UnsafePointer<Float>, recurrentMask: UnsafePointer<Float>?, previous: UnsafePointer<Float>,
        stateGradient: UnsafeMutablePointer<Float>, recurrentMaskGradient: UnsafeMutablePointer<Float>?
    ) {
        nabla_recurrent_input_backward_row_f32(Int64(hidden), inputGradient, recurrentMask, previous, stateGradient, recurrentMaskGradient)
    }

    static func lstmForwardRow(
        hidden: Int, units: Int, coupled: Bool, peepholes: UnsafePointer<Float>?, gates: UnsafeMutablePointer<Float>, projected: UnsafePointer<Float>,
        cellPrevious: UnsafePointer<Float>, cellNew: UnsafeMutablePointer<Float>, cellTanh: UnsafeMutablePointer<Float>,
        hiddenNew: UnsafeMutablePointer<Float>
    ) {
        nabla_lstm_forward_row_f32(Int64(hidden), Int64(units), coupled ? 1 : 0, peepholes, gates, projected, cellPrevious, cellNew, cellTanh, hiddenNew)
    }

    static func lstmBackwardRow(
        hidden: Int, units: Int, coupled: Bool, peepholes: UnsafePointer<Float>?, gates: UnsafePointer<Float>, cellPrevious: UnsafePointer<Float>,
        cellTanh: UnsafePointer<Float>, hiddenNewGradient: UnsafePointer<Float>, cellNewGradient: UnsafePointer<Float>,
        gateGradients: UnsafeMutablePointer<Float>, cellPreviousGradient: UnsafeMutablePointer<Float>
    ) {
        nabla_lstm_backward_row_f32(
            Int64(hidden), Int64(units), coupled ? 1 : 0, peepholes, gates, cellPrevious, cellTanh, hiddenNewGradient, cellNewGradient, gateGradients,
            cellPreviousGradient
        )
    }

    static func lstmPeepholeGradientRow(
        hidden: Int, coupled: Bool, gateGradients: UnsafePointer<Float>, cellPrevious: UnsafePointer<Float>, cellNew: UnsafePointer<Float>,
        peepholeGradients: UnsafeMutablePointer<Float>
    ) {
        nabla_lstm_peephole_gradient_row_f32(Int64(hidden), coupled ? 1 : 0, gateGradients, cellPrevious, cellNew, peepholeGradients)
    }

    static func gruForwardGatesRow(
        hidden: Int, gates: UnsafeMutablePointer<Float>, projected: UnsafePointer<Float>, recurrentInput: UnsafePointer<Float>,
        resetHidden: UnsafeMutablePointer<Float>
    ) {
        nabla_gru_forward_gates_row_f32(Int64(hidden), gates, projected, recurrentInput, resetHidden)
    }

    static func gruForwardCandidateRow(
        hidden: Int, gates: UnsafeMutablePointer<Float>, projected: UnsafePointer<Float>, hiddenPrevious: UnsafePointer<Float>,
        hiddenNew: UnsafeMutablePointer<Float>
    ) {
        nabla_gru_forward_candidate_row_f32(Int64(hidden), gates, projected, hiddenPrevious, hiddenNew)
    }

    static func gruBackwardCandidateRow(
        hidden: Int, gates: UnsafePointer<Float>, hiddenPrevious: UnsafePointer<Float>, hiddenNewGradient: UnsafePointer<Float>,
        gateGradients: UnsafeMutablePointer<Float>, hiddenPreviousGradient: UnsafeMutablePointer<Float>
    ) {
        nabla_gru_backward_candidate_row_f32(Int64(hidden), gates, hiddenPrevious, hiddenNewGradient, gateGradients, hiddenPreviousGradient)
    }

    static func gruBackwardGatesRow(
        hidden: Int, gates: UnsafePointer<Float>, recurrentInput: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>,
        gateGradients: UnsafeMutablePointer<Float>
    ) {
        nabla_gru_backward_gates_row_f32(Int64(hidden), gates, recurrentInput, inputGradient, gateGradients)
    }

    static func elmanForwardRow(hidden: Int, relu: Bool, gates: UnsafeMutablePointer<Float>, projected: UnsafePointer<Float>) {
        nabla_elman_forward_row_f32(Int64(hidden), relu ? 1 : 0, gates, projected)
    }

    static func elmanBackwardRow(
        hidden: Int, relu: Bool, gates: UnsafePointer<Float>, hiddenNewGradient: UnsafePointer<Float>, gateGradients: UnsafeMutablePointer<Float>
    ) {
        nabla_elman_backward_row_f32(Int64(hidden), relu ? 1 : 0, gates, hiddenNewGradient, gateGradients)
    }
}

extension Double: RecurrentRowKernels {
    static func updateRow(
        hidden: Int, mask: Double, new: UnsafePointer<Double>, previous: UnsafePointer<Double>, output: UnsafeMutablePointer<Double>?,
        next: UnsafeMutablePointer<Double>, recurrentMask: UnsafePointer<Double>?, recurrentNext: UnsafeMutablePointer<Double>?
    ) {
        nabla_recurrent_update_row_f64(Int64(hidden), mask, new, previous, output, next, recurrentMask, recurrentNext)
    }

    static func updateBackwardRow(
        hidden: Int, mask: Double, new: UnsafePointer<Double>, previous: UnsafePointer<Double>, outputGradient: UnsafePointer<Double>?,
        stateGradient: UnsafeMutablePointer<Double>, newGradient: UnsafeMutablePointer<Double>, maskGradient: UnsafeMutablePointer<Double>?
    ) {
        nabla_recurrent_update_backward_row_f64(Int64(hidden), mask, new, previous, outputGradient, stateGradient, newGradient, maskGradient)
    }

    static func recurrentInputBackwardRow(
        hidden: Int, inputGradient: UnsafePointer<Double>, recurrentMask: UnsafePointer<Double>?, previous: UnsafePointer<Double>,
        stateGradient: UnsafeMutablePointer<Double>, recurrentMaskGradient: UnsafeMutablePointer<Double>?
    ) {
        nabla_recurrent_input_backward_row_f64(Int64(hidden), inputGradient, recurrentMask, previous, stateGradient, recurrentMaskGradient)
    }

    static func lstmForwardRow(
        hidden: Int, units: Int, coupled: Bool, peepholes: UnsafePointer<Double>?, gates: UnsafeMutablePointer<Double>, projected: UnsafePointer<Double>,
        cellPrevious: UnsafePointer<Double>, cellNew: UnsafeMutablePointer<Double>, cellTanh: UnsafeMutablePointer<Double>,
        hiddenNew: UnsafeMutablePointer<Double>
    ) {
        nabla_lstm_forward_row_f64(Int64(hidden), Int64(units), coupled ? 1 : 0, peepholes, gates, projected, cellPrevious, cellNew, cellTanh, hiddenNew)
    }

    static func lstmBackwardRow(
        hidden: Int, units: Int, coupled: Bool, peepholes: UnsafePointer<Double>?, gates: UnsafePointer<Double>, cellPrevious: UnsafePointer<Double>,
        cellTanh: UnsafePointer<Double>, hiddenNewGradient: UnsafePointer<Double>, cellNewGradient: UnsafePointer<Double>,
        gateGradients: UnsafeMutablePointer<Double>, cellPreviousGradient: UnsafeMutablePointer<Double>
    ) {
        nabla_lstm_backward_row_f64(
            Int64(hidden), Int64(units), coupled ? 1 : 0, peepholes, gates, cellPrevious, cellTanh, hiddenNewGradient, cellNewGradient, gateGradients,
            cellPreviousGradient
        )
    }

    static func lstmPeepholeGradientRow(
        hidden: Int, coupled: Bool, gateGradients: UnsafePointer<Double>, cellPrevious: UnsafePointer<Double>, cellNew: UnsafePointer<Double>,
        peepholeGradients: UnsafeMutablePointer<Double>
    ) {
        nabla_lstm_peephole_gradient_row_f64(Int64(hidden), coupled ? 1 : 0, gateGradients, cellPrevious, cellNew, peepholeGradients)
    }

    static func gruForwardGatesRow(
        hidden: Int, gates: UnsafeMutablePointer<Double>, projected: UnsafePointer<Double>, recurrentInput: UnsafePointer<Double>,
        resetHidden: UnsafeMutablePointer<Double>
    ) {
        nabla_gru_forward_gates_row_f64(Int64(hidden), gates, projected, recurrentInput, resetHidden)
    }

    static func gruForwardCandidateRow(
        hidden: Int, gates: UnsafeMutablePointer<Double>, projected: UnsafePointer<Double>, hiddenPrevious: UnsafePointer<Double>,
        hiddenNew: UnsafeMutablePointer<Double>
    ) {
        nabla_gru_forward_candidate_row_f64(Int64(hidden), gates, projected, hiddenPrevious, hiddenNew)
    }

    static func gruBackwardCandidateRow(
        hidden: Int, gates: UnsafePointer<Double>, hiddenPrevious: UnsafePointer<Double>, hiddenNewGradient: UnsafePointer<Double>,
        gateGradients: UnsafeMutablePointer<Double>, hiddenPreviousGradient: UnsafeMutablePointer<Double>
    ) {
        nabla_gru_backward_candidate_row_f64(Int64(hidden), gates, hiddenPrevious, hiddenNewGradient, gateGradients, hiddenPreviousGradient)
    }

    static func gruBackwardGatesRow(
        hidden: Int, gates: UnsafePointer<Double>, recurrentInput: UnsafePointer<Double>, inputGradient: UnsafeMutablePointer<Double>,
        gateGradients: UnsafeMutablePointer<Double>
    ) {
        nabla_gru_backward_gates_row_f64(Int64(hidden), gates, recurrentInput, inputGradient, gateGradients)
    }

    static func elmanForwardRow(hidden: Int, relu: Bool, gates: UnsafeMutablePointer<Double>, projected: UnsafePointer<Double>) {
        nabla_elman_forward_row_f64(Int64(hidden), relu ? 1 : 0, gates, projected)
    }

    static func elmanBackwardRow(
        hidden: Int, relu: Bool, gates: UnsafePointer<Double>, hiddenNewGradient: UnsafePointer<Double>, gateGradients: UnsafeMutablePointer<Double>
    ) {
        nabla_elman_backward_row_f64(Int64(hidden), relu ? 1 : 0, gates, hiddenNewGradient, gateGradients)
    }
}
