/**
 * Recurrent cell kernels, one sequence's row of one time step at a time, included by
 * recurrent_cells.c with:
 *   RC_REAL     element type            RC_NAME(x)   x with the type's suffix (_f32, _f64)
 *   RC_SIGMOID  in-place vector sigmoid RC_TANH      in-place vector tanh
 *   RC_CLONES   attributes of every entry point (the instruction sets it is compiled for)
 *
 * Notation (the notes'): a row holds H units; the gate row holds G blocks of H values, first the
 * recurrent part h_{t-1}·Wᵀ written by a GEMM, then (after the forward kernel) the gate activations.
 * σ' = y(1 - y) and tanh' = 1 - y², written in terms of the saved activation y. Loops are plain and
 * independent per unit, so the compiler vectorises them; the transcendentals run on the vector math
 * kernels.
 */

/* next = (1 - m)·prev + m·new: the state carries over where the mask m is 0. */
RC_CLONES void RC_NAME(nabla_recurrent_update_row)(int64_t hidden, RC_REAL mask, const RC_REAL *new_state,
                                         const RC_REAL *prev_state, RC_REAL *output, RC_REAL *next_state,
                                         const RC_REAL *recurrent_mask, RC_REAL *recurrent_next) {
    if (mask == 1) {
        for (int64_t j = 0; j < hidden; j++)
            next_state[j] = new_state[j];
    } else {
        const RC_REAL keep = 1 - mask;
        for (int64_t j = 0; j < hidden; j++)
            next_state[j] = keep * prev_state[j] + mask * new_state[j];
    }
    if (output != NULL)
        for (int64_t j = 0; j < hidden; j++)
            output[j] = mask * new_state[j];
    if (recurrent_next != NULL)
        for (int64_t j = 0; j < hidden; j++)
            recurrent_next[j] = next_state[j] * recurrent_mask[j];
}

RC_CLONES void RC_NAME(nabla_recurrent_update_backward_row)(int64_t hidden, RC_REAL mask, const RC_REAL *new_state,
                                                  const RC_REAL *prev_state, const RC_REAL *output_grad,
                                                  RC_REAL *state_grad, RC_REAL *new_grad, RC_REAL *mask_grad) {
    /* ∂L/∂m = Σ ∂L/∂output ⊙ new + ∂L/∂next ⊙ (new - prev), added to *mask_grad when wanted. */
    if (mask_grad != NULL) {
        RC_REAL sum = 0;
        for (int64_t j = 0; j < hidden; j++)
            sum += (output_grad != NULL ? output_grad[j] * new_state[j] : 0) + state_grad[j] * (new_state[j] - prev_state[j]);
        *mask_grad += sum;
    }
    /* ∂L/∂new = m (∂L/∂next + ∂L/∂output); ∂L/∂prev (carried) = (1 - m) ∂L/∂next. */
    const RC_REAL keep = 1 - mask;
    if (output_grad != NULL) {
        for (int64_t j = 0; j < hidden; j++) {
            new_grad[j] = mask * (state_grad[j] + output_grad[j]);
            state_grad[j] *= keep;
        }
    } else {
        for (int64_t j = 0; j < hidden; j++) {
            new_grad[j] = mask * state_grad[j];
            state_grad[j] *= keep;
        }
    }
}

RC_CLONES void RC_NAME(nabla_recurrent_input_backward_row)(int64_t hidden, const RC_REAL *input_grad,
                                                  const RC_REAL *recurrent_mask, const RC_REAL *prev_state,
                                                  RC_REAL *state_grad, RC_REAL *recurrent_mask_grad) {
    /* The recurrent input is r = h_{t-1} ⊙ d: ∂L/∂h_{t-1} += ∂L/∂r ⊙ d, ∂L/∂d += ∂L/∂r ⊙ h_{t-1}. */
    if (recurrent_mask == NULL) {
        for (int64_t j = 0; j < hidden; j++)
            state_grad[j] += input_grad[j];
        return;
    }
    for (int64_t j = 0; j < hidden; j++) {
        state_grad[j] += input_grad[j] * recurrent_mask[j];
        recurrent_mask_grad[j] += input_grad[j] * prev_state[j];
    }
}

RC_CLONES void RC_NAME(nabla_lstm_forward_row)(int64_t hidden, int64_t units, int coupled, const RC_REAL *peepholes, RC_REAL *gates,
                                     const RC_REAL *projected, const RC_REAL *cell_prev, RC_REAL *cell_new,
                                     RC_REAL *cell_tanh, RC_REAL *hidden_new) {
    /* `units` units from the pointers on, in blocks `hidden` apart (a slice of the row, or all of it). */
    for (int64_t block = 0; block < (coupled ? 3 : 4); block++)
        for (int64_t j = 0; j < units; j++)
            gates[block * hidden + j] += projected[block * hidden + j];
    /* Blocks: (i, f, c̃, o), or (f, c̃, o) when coupled; peepholes (i, f, o), or (f, o). */
    RC_REAL *input = coupled ? NULL : gates;
    RC_REAL *forget = coupled ? gates : gates + hidden;
    RC_REAL *candidate = forget + hidden;
    RC_REAL *output = candidate + hidden;
    if (peepholes != NULL) {
        const RC_REAL *forget_peephole = coupled ? peepholes : peepholes + hidden;
        for (int64_t j = 0; j < units; j++)
            forget[j] += forget_peephole[j] * cell_prev[j];
        if (!coupled)
            for (int64_t j = 0; j < units; j++)
                input[j] += peepholes[j] * cell_prev[j];
    }
    /* The input and forget gates are adjacent: over the whole row one sigmoid call covers both. */
    if (coupled || units == hidden) {
        RC_SIGMOID(coupled ? forget : input, (coupled ? 1 : 2) * units);
    } else {
        RC_SIGMOID(input, units);
        RC_SIGMOID(forget, units);
    }
    RC_TANH(candidate, units);
    if (coupled) {
        for (int64_t j = 0; j < units; j++)
            cell_new[j] = forget[j] * cell_prev[j] + (1 - forget[j]) * candidate[j];
    } else {
        for (int64_t j = 0; j < units; j++)
            cell_new[j] = forget[j] * cell_prev[j] + input[j] * candidate[j];
    }
    if (peepholes != NULL) {
        const RC_REAL *output_peephole = peepholes + (coupled ? 1 : 2) * hidden;
        for (int64_t j = 0; j < units; j++)
            output[j] += output_peephole[j] * cell_new[j];
    }
    RC_SIGMOID(output, units);
    for (int64_t j = 0; j < units; j++)
        cell_tanh[j] = cell_new[j];
    RC_TANH(cell_tanh, units);
    for (int64_t j = 0; j < units; j++)
        hidden_new[j] = output[j] * cell_tanh[j];
}

/* The units of nabla_lstm_backward_row, with `coupled` and `peepholes` constant where it is inlined, so
   that every variant is a branch-free loop the compiler vectorises (the buffers never overlap). */
NABLA_INLINE void RC_NAME(lstm_backward_units)(int64_t hidden, int64_t units, int coupled, int peepholes,
                                              const RC_REAL *restrict peephole_weights, const RC_REAL *restrict gates,
                                              const RC_REAL *restrict cell_prev, const RC_REAL *restrict cell_tanh,
                                              const RC_REAL *restrict hidden_new_grad, const RC_REAL *restrict cell_new_grad,
                                              RC_REAL *restrict gate_grads, RC_REAL *restrict cell_prev_grad) {
    const RC_REAL *input = coupled ? NULL : gates;
    const RC_REAL *forget = coupled ? gates : gates + hidden;
    const RC_REAL *candidate = forget + hidden, *output = candidate + hidden;
    RC_REAL *input_delta = coupled ? NULL : gate_grads;
    RC_REAL *forget_delta = coupled ? gate_grads : gate_grads + hidden;
    RC_REAL *candidate_delta = forget_delta + hidden, *output_delta = candidate_delta + hidden;
    const RC_REAL *input_peephole = NULL, *forget_peephole = NULL, *output_peephole = NULL;
    if (peepholes) {
        input_peephole = coupled ? NULL : peephole_weights;
        forget_peephole = coupled ? peephole_weights : peephole_weights + hidden;
        output_peephole = forget_peephole + hidden;
    }
    for (int64_t j = 0; j < units; j++) {
        const RC_REAL o = output[j], f = forget[j], g = candidate[j], tc = cell_tanh[j];
        /* h = o ⊙ tanh(c): δo = ∂L/∂h ⊙ tanh(c) ⊙ σ'(o). */
        const RC_REAL do_ = hidden_new_grad[j] * tc * o * (1 - o);
        output_delta[j] = do_;
        /* ∂L/∂c = ∂L/∂c (carried) + ∂L/∂h ⊙ o ⊙ tanh'(c) + δo ⊙ p_o. */
        RC_REAL dc = cell_new_grad[j] + hidden_new_grad[j] * o * (1 - tc * tc);
        if (peepholes)
            dc += do_ * output_peephole[j];
        RC_REAL prev_grad = dc * f;
        if (coupled) {
            /* c = f ⊙ c_{t-1} + (1 - f) ⊙ c̃: δf = ∂L/∂c ⊙ (c_{t-1} - c̃) ⊙ σ'(f), δc̃ = ∂L/∂c ⊙ (1 - f) ⊙ tanh'(c̃). */
            const RC_REAL df = dc * (cell_prev[j] - g) * f * (1 - f);
            forget_delta[j] = df;
            candidate_delta[j] = dc * (1 - f) * (1 - g * g);
            if (peepholes)
                prev_grad += df * forget_peephole[j];
        } else {
            /* c = f ⊙ c_{t-1} + i ⊙ c̃: δi = ∂L/∂c ⊙ c̃ ⊙ σ'(i), δf = ∂L/∂c ⊙ c_{t-1} ⊙ σ'(f), δc̃ = ∂L/∂c ⊙ i ⊙ tanh'(c̃). */
            const RC_REAL i = input[j];
            const RC_REAL di = dc * g * i * (1 - i), df = dc * cell_prev[j] * f * (1 - f);
            input_delta[j] = di;
            forget_delta[j] = df;
            candidate_delta[j] = dc * i * (1 - g * g);
            if (peepholes)
                prev_grad += di * input_peephole[j] + df * forget_peephole[j];
        }
        /* ∂L/∂c_{t-1} = ∂L/∂c ⊙ f (+ the peephole paths), added to what the mask carried over. */
        cell_prev_grad[j] += prev_grad;
    }
}

RC_CLONES void RC_NAME(nabla_lstm_backward_row)(int64_t hidden, int64_t units, int coupled, const RC_REAL *peepholes, const RC_REAL *gates,
                                      const RC_REAL *cell_prev, const RC_REAL *cell_tanh, const RC_REAL *hidden_new_grad,
                                      const RC_REAL *cell_new_grad, RC_REAL *gate_grads, RC_REAL *cell_prev_grad) {
#define RC_LSTM_BACKWARD_UNITS(coupled_, peepholes_)                                                                 \
    RC_NAME(lstm_backward_units)(hidden, units, coupled_, peepholes_, peepholes, gates, cell_prev, cell_tanh, \
                                 hidden_new_grad, cell_new_grad, gate_grads, cell_prev_grad)
    if (coupled) {
        if (peepholes != NULL) RC_LSTM_BACKWARD_UNITS(1, 1); else RC_LSTM_BACKWARD_UNITS(1, 0);
    } else {
        if (peepholes != NULL) RC_LSTM_BACKWARD_UNITS(0, 1); else RC_LSTM_BACKWARD_UNITS(0, 0);
    }
#undef RC_LSTM_BACKWARD_UNITS
}

RC_CLONES void RC_NAME(nabla_lstm_peephole_gradient_row)(int64_t hidden, int coupled, const RC_REAL *gate_grads,
                                               const RC_REAL *cell_prev, const RC_REAL *cell_new,
                                               RC_REAL *peephole_grads) {
    /* ∂L/∂p_i += δi ⊙ c_{t-1}, ∂L/∂p_f += δf ⊙ c_{t-1}, ∂L/∂p_o += δo ⊙ c_t. */
    const int64_t looking_back = coupled ? 1 : 2;
    for (int64_t block = 0; block < looking_back; block++)
        for (int64_t j = 0; j < hidden; j++)
            peephole_grads[block * hidden + j] += gate_grads[block * hidden + j] * cell_prev[j];
    const RC_REAL *output_delta = gate_grads + (looking_back + 1) * hidden;
    RC_REAL *output_grad = peephole_grads + looking_back * hidden;
    for (int64_t j = 0; j < hidden; j++)
        output_grad[j] += output_delta[j] * cell_new[j];
}

RC_CLONES void RC_NAME(nabla_gru_forward_gates_row)(int64_t hidden, RC_REAL *gates, const RC_REAL *projected,
                                          const RC_REAL *recurrent_input, RC_REAL *reset_hidden) {
    /* z, r = σ(U x + b + W h): blocks 0 and 1; then r ⊙ h_{t-1}, the input of W_h. */
    for (int64_t k = 0; k < 2 * hidden; k++)
        gates[k] += projected[k];
    RC_SIGMOID(gates, 2 * hidden);
    const RC_REAL *reset = gates + hidden;
    for (int64_t j = 0; j < hidden; j++)
        reset_hidden[j] = reset[j] * recurrent_input[j];
}

RC_CLONES void RC_NAME(nabla_gru_forward_candidate_row)(int64_t hidden, RC_REAL *gates, const RC_REAL *projected,
                                              const RC_REAL *hidden_prev, RC_REAL *hidden_new) {
    /* h̃ = tanh(U_h x + b_h + W_h (r ⊙ h_{t-1})), h = z ⊙ h_{t-1} + (1 - z) ⊙ h̃. */
    const RC_REAL *update = gates;
    RC_REAL *candidate = gates + 2 * hidden;
    for (int64_t j = 0; j < hidden; j++)
        candidate[j] += projected[2 * hidden + j];
    RC_TANH(candidate, hidden);
    for (int64_t j = 0; j < hidden; j++)
        hidden_new[j] = update[j] * hidden_prev[j] + (1 - update[j]) * candidate[j];
}

RC_CLONES void RC_NAME(nabla_gru_backward_candidate_row)(int64_t hidden, const RC_REAL *gates, const RC_REAL *hidden_prev,
                                               const RC_REAL *hidden_new_grad, RC_REAL *gate_grads,
                                               RC_REAL *hidden_prev_grad) {
    const RC_REAL *update = gates, *candidate = gates + 2 * hidden;
    for (int64_t j = 0; j < hidden; j++) {
        const RC_REAL z = update[j], c = candidate[j], dh = hidden_new_grad[j];
        /* δz = ∂L/∂h ⊙ (h_{t-1} - h̃) ⊙ σ'(z), δh̃ = ∂L/∂h ⊙ (1 - z) ⊙ tanh'(h̃), ∂L/∂h_{t-1} += ∂L/∂h ⊙ z. */
        gate_grads[j] = dh * (hidden_prev[j] - c) * z * (1 - z);
        gate_grads[2 * hidden + j] = dh * (1 - z) * (1 - c * c);
        hidden_prev_grad[j] += dh * z;
    }
}

RC_CLONES void RC_NAME(nabla_gru_backward_gates_row)(int64_t hidden, const RC_REAL *gates, const RC_REAL *recurrent_input,
                                           RC_REAL *input_grad, RC_REAL *gate_grads) {
    /* input_grad holds ∂L/∂(r ⊙ h) = W_hᵀ δh̃: δr = ∂L/∂(r ⊙ h) ⊙ h ⊙ σ'(r), and it becomes
       ∂L/∂h through this path, ∂L/∂(r ⊙ h) ⊙ r. */
    const RC_REAL *reset = gates + hidden;
    for (int64_t j = 0; j < hidden; j++) {
        const RC_REAL r = reset[j], d = input_grad[j];
        gate_grads[hidden + j] = d * recurrent_input[j] * r * (1 - r);
        input_grad[j] = d * r;
    }
}

RC_CLONES void RC_NAME(nabla_elman_forward_row)(int64_t hidden, int relu, RC_REAL *gates, const RC_REAL *projected) {
    /* h = φ(U x + b + W h_{t-1}). */
    for (int64_t j = 0; j < hidden; j++)
        gates[j] += projected[j];
    if (relu) {
        for (int64_t j = 0; j < hidden; j++)
            gates[j] = gates[j] > 0 ? gates[j] : 0;
    } else {
        RC_TANH(gates, hidden);
    }
}

RC_CLONES void RC_NAME(nabla_elman_backward_row)(int64_t hidden, int relu, const RC_REAL *gates,
                                       const RC_REAL *hidden_new_grad, RC_REAL *gate_grads) {
    /* δ = ∂L/∂h ⊙ φ'(a): tanh' = 1 - h², ReLU' = 1 where h > 0. */
    if (relu) {
        for (int64_t j = 0; j < hidden; j++)
            gate_grads[j] = gates[j] > 0 ? hidden_new_grad[j] : 0;
    } else {
        for (int64_t j = 0; j < hidden; j++)
            gate_grads[j] = hidden_new_grad[j] * (1 - gates[j] * gates[j]);
    }
}

#undef RC_REAL
#undef RC_NAME
#undef RC_SIGMOID
#undef RC_TANH
