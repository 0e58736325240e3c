#ifndef CNABLA_KERNELS_H
#define CNABLA_KERNELS_H

/**
 * CNablaKernels: storage-level compute kernels for Nabla (no autodiff, no allocation per call
 * beyond a reused per-thread packing arena).
 *
 * Every kernel takes an instruction-set selector. NABLA_ISA_AUTO picks the best variant this CPU
 * supports at run time; the explicit values force one variant (used by the tests to cover each
 * code path). Forcing a variant the CPU lacks falls back to the best supported one.
 *
 * Matrices are row-major. GEMM splits large products into independent slabs of C run on a
 * persistent thread pool (see nabla_parallel_for); the vector functions are single-threaded.
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Instruction-set variants of the kernels. */
typedef enum nabla_isa {
    /** Best variant supported by the running CPU. */
    NABLA_ISA_AUTO = 0,
    /** Plain C with clang vector extensions: compiles for any CPU (SSE2 on x86-64, NEON on arm64). */
    NABLA_ISA_PORTABLE = 1,
    /** x86-64 AVX2 + FMA (256-bit vectors). */
    NABLA_ISA_AVX2 = 2,
    /** x86-64 AVX-512F (512-bit vectors). */
    NABLA_ISA_AVX512 = 3,
} nabla_isa;

/** The best variant supported by the running CPU (never NABLA_ISA_AUTO). */
nabla_isa nabla_isa_best(void);

/** Whether the running CPU (and OS) supports `isa`. AUTO and PORTABLE are always supported. */
int nabla_isa_is_supported(nabla_isa isa);

/** Resolves AUTO and unsupported requests to the variant that will actually run. */
nabla_isa nabla_isa_resolve(nabla_isa isa);

/** Human-readable name of a variant ("portable", "avx2", "avx512", "auto"). */
const char *nabla_isa_name(nabla_isa isa);

/** A task of nabla_parallel_for: called once for each index in [0, count). */
typedef void (*nabla_task)(void *context, int64_t index);

/**
 * Runs task(context, i) for every i in [0, count) on the calling thread and a persistent pool of
 * worker threads (by default one per usable core besides the caller, see nabla_usable_cores),
 * returning when all have finished. Tasks must be independent. If the pool is busy (another
 * thread's job, a nested call from a task, or a resize in progress), the tasks run inline on the
 * calling thread.
 */
void nabla_parallel_for(int64_t count, nabla_task task, void *context);

/** Number of pool worker threads (by default nabla_usable_cores() - 1), starting them on first use. */
int nabla_parallel_worker_count(void);

/**
 * Non-zero while the calling thread runs a task of a parallel job (on a worker or on the job's caller):
 * a nested nabla_parallel_for then runs inline, so code that would split its work (GEMM's slabs) can
 * keep it whole instead.
 */
int nabla_parallel_in_task(void);

/**
 * Resizes the worker pool to `workers` threads (at most 63; a negative value restores the default,
 * nabla_usable_cores() - 1) and returns the number now running, which is smaller only if threads
 * could not be created. It waits for a job in progress to finish; parallel calls made meanwhile
 * run inline. More workers than cores is allowed (the tests use it to provoke interleavings).
 * Must not be called from inside a task, which would wait for its own job.
 */
int nabla_thread_pool_set_workers(int workers);

/** Anomalies counted by nabla_thread_pool_check; all zero when the pool is correct. */
typedef struct nabla_thread_pool_check_result {
    /** Calls that returned before every one of their tasks had run. */
    int64_t early_returns;
    /** Extra runs of tasks that ran more than once in their call. */
    int64_t repeated_tasks;
    /** Task runs with a context that was not their own job's (another job's, or one no longer in use), or with an index outside the job. */
    int64_t foreign_calls;
} nabla_thread_pool_check_result;

/**
 * Diagnostic entry point for the tests: runs `jobs` calls of nabla_parallel_for back to back, call
 * j with task_counts[j % pattern_length] tasks (at most 64), alternating task functions and
 * contexts, and checks after each call that every task ran exactly once with its own job's
 * context before the call returned. Uses the pool as it is sized (see
 * nabla_thread_pool_set_workers).
 */
nabla_thread_pool_check_result nabla_thread_pool_check(int64_t jobs, const int64_t *task_counts, int64_t pattern_length);

/**
 * Number of cores this process may use: the online CPUs, limited by the CPU affinity mask and by
 * any cgroup CPU quota (quota / period rounded up), and at least 1. Computed on first use and then
 * fixed. It sizes the worker pool; the Swift side's default thread count is the same number.
 */
int nabla_usable_cores(void);

/**
 * The CPU limit set by the cgroup bandwidth quota of this process (cgroup v2 cpu.max, or v1
 * cpu.cfs_quota_us / cpu.cfs_period_us), in cores rounded up, over the process's cgroup and its
 * ancestors; 0 when there is none or it cannot be read. `root` is the directory that stands for
 * "/" when reading /proc/self/cgroup, /proc/self/mountinfo and the cgroup files: "/" normally,
 * a prepared directory tree in tests.
 */
int nabla_cgroup_cpu_limit(const char *root);

/**
 * GEMM splits a product among threads only when each thread gets at least this many
 * multiply-adds (2^22, about 20 us at 200 GFLOP/s), so that the hand-off (under a microsecond
 * with spinning workers) stays negligible; smaller products run inline.
 */
#define NABLA_GEMM_MIN_WORK_PER_THREAD 4194304

/**
 * Single-precision GEMM on row-major buffers: C = alpha * op(A) * op(B) + beta * C, where op(A) is
 * m x k (A itself is k x m when trans_a is non-zero), op(B) is k x n and C is m x n. lda, ldb and
 * ldc are row strides in elements. When beta == 0, C is not read (NaNs in C are overwritten).
 * At most `threads` threads work on the product; it is split only when each thread gets enough
 * work (NABLA_GEMM_MIN_WORK_PER_THREAD multiply-adds) to repay the hand-off, so small products
 * run inline.
 */
void nabla_sgemm(nabla_isa isa, int threads, int trans_a, int trans_b,
                 int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
                 float beta, float *c, int64_t ldc);

/** Double-precision GEMM, same contract as nabla_sgemm. */
void nabla_dgemm(nabla_isa isa, int threads, int trans_a, int trans_b,
                 int64_t m, int64_t n, int64_t k, double alpha, const double *a, int64_t lda, const double *b, int64_t ldb,
                 double beta, double *c, int64_t ldc);

/**
 * GEMM with a pre-packed B, for a matrix multiplied many times (a recurrent weight, once per time
 * step): nabla_sgemm_pack_b copies op(B) (k x n; B itself is n x k when trans_b is non-zero, row
 * stride ldb) into `packed`, which must hold nabla_sgemm_packed_b_size(isa, k, n) elements, in the
 * layout the micro-kernels read; nabla_sgemm_packed then computes C = alpha * A * op(B) + beta * C
 * (A not transposed, m x k, row stride lda) like nabla_sgemm without packing B again. Pack and
 * multiply with the same isa, k and n. With no packing to share out, the product is split among
 * threads from a quarter of NABLA_GEMM_MIN_WORK_PER_THREAD multiply-adds per thread.
 */
int64_t nabla_sgemm_packed_b_size(nabla_isa isa, int64_t k, int64_t n);
/** Packs op(B) for nabla_sgemm_packed; see nabla_sgemm_packed_b_size. */
void nabla_sgemm_pack_b(nabla_isa isa, int trans_b, int64_t k, int64_t n, const float *b, int64_t ldb, float *packed);
/** C = alpha * A * op(B) + beta * C with op(B) packed by nabla_sgemm_pack_b; otherwise as nabla_sgemm. */
void nabla_sgemm_packed(nabla_isa isa, int threads, int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                        int64_t lda, const float *packed_b, float beta, float *c, int64_t ldc);
/** Double-precision nabla_sgemm_packed_b_size. */
int64_t nabla_dgemm_packed_b_size(nabla_isa isa, int64_t k, int64_t n);
/** Double-precision nabla_sgemm_pack_b. */
void nabla_dgemm_pack_b(nabla_isa isa, int trans_b, int64_t k, int64_t n, const double *b, int64_t ldb, double *packed);
/** Double-precision nabla_sgemm_packed. */
void nabla_dgemm_packed(nabla_isa isa, int threads, int64_t m, int64_t n, int64_t k, double alpha, const double *a,
                        int64_t lda, const double *packed_b, double beta, double *c, int64_t ldc);
/** The width of one packed micro-panel of an op(B) n columns wide: a column range starting at a multiple
    of it can be computed on its own by nabla_sgemm_packed_columns. */
int64_t nabla_sgemm_packed_column_step(nabla_isa isa, int64_t n);
/** Columns [start, start + count) of what nabla_sgemm_packed computes for an op(B) packed n columns wide,
    on the calling thread (for a caller that splits the product among its own threads); start is a
    multiple of nabla_sgemm_packed_column_step(isa, n). */
void nabla_sgemm_packed_columns(nabla_isa isa, int64_t m, int64_t n, int64_t start, int64_t count, int64_t k, float alpha,
                                const float *a, int64_t lda, const float *packed_b, float beta, float *c, int64_t ldc);
/** Double-precision nabla_sgemm_packed_column_step. */
int64_t nabla_dgemm_packed_column_step(nabla_isa isa, int64_t n);
/** Double-precision nabla_sgemm_packed_columns. */
void nabla_dgemm_packed_columns(nabla_isa isa, int64_t m, int64_t n, int64_t start, int64_t count, int64_t k, double alpha,
                                const double *a, int64_t lda, const double *packed_b, double beta, double *c, int64_t ldc);

/**
 * Elementwise transcendental functions y[i] = f(x[i]) for i < count. x and y may be the same
 * buffer (exact aliasing); partially overlapping buffers are not supported.
 * Float variants are accurate to a few ulp (relative error below 1e-6), double variants to a
 * few ulp (below 1e-14). Infinities, NaN, overflow and underflow follow the C library.
 */
void nabla_vf32_exp(nabla_isa isa, const float *x, float *y, int64_t count);
/** Natural logarithm; log(0) = -inf, log(x < 0) = NaN. See nabla_vf32_exp. */
void nabla_vf32_log(nabla_isa isa, const float *x, float *y, int64_t count);
/** Hyperbolic tangent, saturating to +-1. See nabla_vf32_exp. */
void nabla_vf32_tanh(nabla_isa isa, const float *x, float *y, int64_t count);
/** Logistic sigmoid 1 / (1 + exp(-x)), saturating to 0 and 1. See nabla_vf32_exp. */
void nabla_vf32_sigmoid(nabla_isa isa, const float *x, float *y, int64_t count);
/** Double-precision exp. See nabla_vf32_exp. */
void nabla_vf64_exp(nabla_isa isa, const double *x, double *y, int64_t count);
/** Double-precision natural logarithm. See nabla_vf32_log. */
void nabla_vf64_log(nabla_isa isa, const double *x, double *y, int64_t count);
/** Double-precision hyperbolic tangent. See nabla_vf32_tanh. */
void nabla_vf64_tanh(nabla_isa isa, const double *x, double *y, int64_t count);
/** Double-precision logistic sigmoid. See nabla_vf32_sigmoid. */
void nabla_vf64_sigmoid(nabla_isa isa, const double *x, double *y, int64_t count);

/*
 * Fused optimiser updates (PyTorch's conventions): one pass over the weights w, their gradient
 * and the optimiser's state buffers, updating w and the state in place, for i < count. The
 * buffers must not overlap. The hyperparameters are given in double and rounded once to the
 * element type. Square roots and divisions are exact IEEE operations (no reciprocal estimates);
 * the AVX2 and AVX-512 variants may fuse a multiply and an add, so variants can differ in the
 * last bit.
 */

/** Hyperparameters of one SGD step. */
typedef struct nabla_sgd_hyperparameters {
    /** Learning rate η. */
    double learning_rate;
    /** Momentum μ; 0 means plain SGD, with no velocity buffer. */
    double momentum;
    /** Weight decay λ (L2 penalty added to the gradient). */
    double weight_decay;
    /** Non-zero for Nesterov momentum. */
    int nesterov;
    /** Non-zero on the optimiser's first step, when the velocity starts as the gradient. */
    int first_step;
} nabla_sgd_hyperparameters;

/**
 * SGD: g = grad + λw; with momentum, v = (first step ? g : μv + g) and
 * w -= η (nesterov ? g + μv : v); without momentum (velocity may be NULL), w -= η g.
 */
void nabla_sgd_step_f32(nabla_isa isa, nabla_sgd_hyperparameters h, float *w, const float *grad,
                        float *velocity, int64_t count);
/** Double-precision SGD step. See nabla_sgd_step_f32. */
void nabla_sgd_step_f64(nabla_isa isa, nabla_sgd_hyperparameters h, double *w, const double *grad,
                        double *velocity, int64_t count);

/** Hyperparameters of one Adam or AdamW step t, with the bias corrections folded into constants. */
typedef struct nabla_adam_hyperparameters {
    /** Decay rates β₁ and β₂ of the moment estimates. */
    double beta1, beta2;
    /** ε added to the denominator. */
    double epsilon;
    /** η / (1 - β₁ᵗ). */
    double step_size;
    /** 1 / √(1 - β₂ᵗ). */
    double inverse_root_correction2;
    /** λ added to the gradient as λw (Adam's L2 decay); 0 for AdamW. */
    double coupled_decay;
    /** Factor applied to the weights: 1 - ηλ for AdamW's decoupled decay, 1 for Adam. */
    double shrink;
} nabla_adam_hyperparameters;

/**
 * Adam / AdamW: g = grad + λ_coupled w; m = β₁m + (1-β₁)g; v = β₂v + (1-β₂)g²;
 * w = shrink w - step_size m / (√v inverse_root_correction2 + ε).
 */
void nabla_adam_step_f32(nabla_isa isa, nabla_adam_hyperparameters h, float *w, const float *grad,
                         float *m, float *v, int64_t count);
/** Double-precision Adam step. See nabla_adam_step_f32. */
void nabla_adam_step_f64(nabla_isa isa, nabla_adam_hyperparameters h, double *w, const double *grad,
                         double *m, double *v, int64_t count);

/** Hyperparameters of one RMSProp step. */
typedef struct nabla_rmsprop_hyperparameters {
    /** Learning rate η, smoothing constant α, ε added to the denominator, weight decay λ. */
    double learning_rate, alpha, epsilon, weight_decay;
} nabla_rmsprop_hyperparameters;

/** RMSProp: g = grad + λw; v = αv + (1-α)g²; w -= η g / (√v + ε). */
void nabla_rmsprop_step_f32(nabla_isa isa, nabla_rmsprop_hyperparameters h, float *w, const float *grad,
                            float *square_average, int64_t count);
/** Double-precision RMSProp step. See nabla_rmsprop_step_f32. */
void nabla_rmsprop_step_f64(nabla_isa isa, nabla_rmsprop_hyperparameters h, double *w, const double *grad,
                            double *square_average, int64_t count);

/** Hyperparameters of one Adagrad step. */
typedef struct nabla_adagrad_hyperparameters {
    /** Learning rate η, ε added to the denominator, weight decay λ. */
    double learning_rate, epsilon, weight_decay;
} nabla_adagrad_hyperparameters;

/** Adagrad: g = grad + λw; s += g²; w -= η g / (√s + ε). */
void nabla_adagrad_step_f32(nabla_isa isa, nabla_adagrad_hyperparameters h, float *w, const float *grad,
                            float *sum_of_squares, int64_t count);
/** Double-precision Adagrad step. See nabla_adagrad_step_f32. */
void nabla_adagrad_step_f64(nabla_isa isa, nabla_adagrad_hyperparameters h, double *w, const double *grad,
                            double *sum_of_squares, int64_t count);

/*
 * Recurrent cells (Elman, LSTM, GRU): the elementwise part of one time step for one sequence's row
 * of H units, forward and backward, around the GEMMs the caller runs for the whole batch (see
 * recurrent_cells_template.h for the equations). A gate row holds G blocks of H values; on entry
 * to a forward kernel it holds the recurrent part h_{t-1}·Wᵀ, which the kernel adds to the
 * projected input U x_t + b and replaces by the gate activations (saved for the backward pass).
 * Optional arguments are NULL when absent. The _f64 variants take double.
 */

/** next = (1 - mask)·prev + mask·new; output (if not NULL) = mask·new (may alias new);
    recurrent_next (if not NULL) = next ⊙ recurrent_mask. */
void nabla_recurrent_update_row_f32(int64_t hidden, float mask, const float *new_state, const float *prev_state,
                                    float *output, float *next_state, const float *recurrent_mask, float *recurrent_next);
/** Backward of nabla_recurrent_update_row: new_grad = mask·(state_grad + output_grad); state_grad
    becomes (1 - mask)·state_grad (the part carried to prev); adds ∂L/∂mask of the row to *mask_grad.
    output_grad and mask_grad may be NULL. */
void nabla_recurrent_update_backward_row_f32(int64_t hidden, float mask, const float *new_state, const float *prev_state,
                                             const float *output_grad, float *state_grad, float *new_grad, float *mask_grad);
/** Gradient through the recurrent input h_{t-1} ⊙ recurrent_mask: state_grad += input_grad ⊙ recurrent_mask
    and recurrent_mask_grad += input_grad ⊙ prev_state; without a mask (NULL) state_grad += input_grad. */
void nabla_recurrent_input_backward_row_f32(int64_t hidden, const float *input_grad, const float *recurrent_mask,
                                            const float *prev_state, float *state_grad, float *recurrent_mask_grad);
/** LSTM step: gates (4H in the order i, f, c̃, o; 3H f, c̃, o when coupled) become activations;
    writes c_t, tanh(c_t) and h_t = o ⊙ tanh(c_t). peepholes: [3, H] (i, f, o) or [2, H] (f, o). Works on
    `units` units (all H, or a slice of the units with every pointer moved to its first one). */
void nabla_lstm_forward_row_f32(int64_t hidden, int64_t units, int coupled, const float *peepholes, float *gates, const float *projected,
                                const float *cell_prev, float *cell_new, float *cell_tanh, float *hidden_new);
/** LSTM step backward: from ∂L/∂h_t and ∂L/∂c_t (carried) writes the gate deltas and adds ∂L/∂c_{t-1}
    to cell_prev_grad; on `units` units as nabla_lstm_forward_row. */
void nabla_lstm_backward_row_f32(int64_t hidden, int64_t units, int coupled, const float *peepholes, const float *gates,
                                 const float *cell_prev, const float *cell_tanh, const float *hidden_new_grad,
                                 const float *cell_new_grad, float *gate_grads, float *cell_prev_grad);
/** Adds one row's peephole gradients (δi ⊙ c_{t-1}, δf ⊙ c_{t-1}, δo ⊙ c_t) to peephole_grads. */
void nabla_lstm_peephole_gradient_row_f32(int64_t hidden, int coupled, const float *gate_grads, const float *cell_prev,
                                          const float *cell_new, float *peephole_grads);
/** GRU step, first half: gates blocks z, r (with W_zr h_{t-1}) become σ(·); reset_hidden = r ⊙ recurrent_input. */
void nabla_gru_forward_gates_row_f32(int64_t hidden, float *gates, const float *projected, const float *recurrent_input,
                                     float *reset_hidden);
/** GRU step, second half: block h̃ (holding W_h (r ⊙ h)) becomes tanh(·); hidden_new = z ⊙ h_{t-1} + (1 - z) ⊙ h̃. */
void nabla_gru_forward_candidate_row_f32(int64_t hidden, float *gates, const float *projected, const float *hidden_prev,
                                         float *hidden_new);
/** GRU backward, candidate part: writes δz and δh̃ and adds ∂L/∂h ⊙ z to hidden_prev_grad. */
void nabla_gru_backward_candidate_row_f32(int64_t hidden, const float *gates, const float *hidden_prev,
                                          const float *hidden_new_grad, float *gate_grads, float *hidden_prev_grad);
/** GRU backward, reset part: input_grad holds W_hᵀ δh̃; writes δr and turns input_grad into its part of
    ∂L/∂(recurrent input). */
void nabla_gru_backward_gates_row_f32(int64_t hidden, const float *gates, const float *recurrent_input,
                                      float *input_grad, float *gate_grads);
/** Elman step: gates (W h_{t-1}) become h_t = φ(· + projected), φ = ReLU when relu, else tanh. */
void nabla_elman_forward_row_f32(int64_t hidden, int relu, float *gates, const float *projected);
/** Elman step backward: gate_grads = ∂L/∂h_t ⊙ φ'. */
void nabla_elman_backward_row_f32(int64_t hidden, int relu, const float *gates, const float *hidden_new_grad,
                                  float *gate_grads);

/** Double-precision nabla_recurrent_update_row. */
void nabla_recurrent_update_row_f64(int64_t hidden, double mask, const double *new_state, const double *prev_state,
                                    double *output, double *next_state, const double *recurrent_mask, double *recurrent_next);
/** Double-precision nabla_recurrent_update_backward_row. */
void nabla_recurrent_update_backward_row_f64(int64_t hidden, double mask, const double *new_state, const double *prev_state,
                                             const double *output_grad, double *state_grad, double *new_grad, double *mask_grad);
/** Double-precision nabla_recurrent_input_backward_row. */
void nabla_recurrent_input_backward_row_f64(int64_t hidden, const double *input_grad, const double *recurrent_mask,
                                            const double *prev_state, double *state_grad, double *recurrent_mask_grad);
/** Double-precision nabla_lstm_forward_row. */
void nabla_lstm_forward_row_f64(int64_t hidden, int64_t units, int coupled, const double *peepholes, double *gates, const double *projected,
                                const double *cell_prev, double *cell_new, double *cell_tanh, double *hidden_new);
/** Double-precision nabla_lstm_backward_row. */
void nabla_lstm_backward_row_f64(int64_t hidden, int64_t units, int coupled, const double *peepholes, const double *gates,
                                 const double *cell_prev, const double *cell_tanh, const double *hidden_new_grad,
                                 const double *cell_new_grad, double *gate_grads, double *cell_prev_grad);
/** Double-precision nabla_lstm_peephole_gradient_row. */
void nabla_lstm_peephole_gradient_row_f64(int64_t hidden, int coupled, const double *gate_grads, const double *cell_prev,
                                          const double *cell_new, double *peephole_grads);
/** Double-precision nabla_gru_forward_gates_row. */
void nabla_gru_forward_gates_row_f64(int64_t hidden, double *gates, const double *projected, const double *recurrent_input,
                                     double *reset_hidden);
/** Double-precision nabla_gru_forward_candidate_row. */
void nabla_gru_forward_candidate_row_f64(int64_t hidden, double *gates, const double *projected, const double *hidden_prev,
                                         double *hidden_new);
/** Double-precision nabla_gru_backward_candidate_row. */
void nabla_gru_backward_candidate_row_f64(int64_t hidden, const double *gates, const double *hidden_prev,
                                          const double *hidden_new_grad, double *gate_grads, double *hidden_prev_grad);
/** Double-precision nabla_gru_backward_gates_row. */
void nabla_gru_backward_gates_row_f64(int64_t hidden, const double *gates, const double *recurrent_input,
                                      double *input_grad, double *gate_grads);
/** Double-precision nabla_elman_forward_row. */
void nabla_elman_forward_row_f64(int64_t hidden, int relu, double *gates, const double *projected);
/** Double-precision nabla_elman_backward_row. */
void nabla_elman_backward_row_f64(int64_t hidden, int relu, const double *gates, const double *hidden_new_grad,
                                  double *gate_grads);

/** How γ or β of a normalisation is laid out over the input viewed as [outer, groups, inner]. */
typedef enum nabla_normalize_parameter {
    /** No such parameter. */
    NABLA_NORMALIZE_ABSENT = 0,
    /** One value per group (batch normalisation's per-channel γ and β). */
    NABLA_NORMALIZE_PER_GROUP = 1,
    /** One value per inner position, shared by every group (layer normalisation's γ and β). */
    NABLA_NORMALIZE_PER_POSITION = 2,
} nabla_normalize_parameter;

/**
 * The input of a normalisation viewed as [outer, groups, inner], each group normalised over its
 * outer * inner elements, and the layout of its γ (`scale`) and β (`shift`). A β per group needs a γ
 * that is absent or per group.
 */
typedef struct nabla_normalize_layout {
    int64_t outer, groups, inner;
    nabla_normalize_parameter scale, shift;
} nabla_normalize_layout;

/**
 * Normalises the groups first_group..<end_group of `input` (outer * groups * inner elements): per group
 * g, μ_g = mean(x) and σ²_g = mean((x - μ_g)²) over its outer * inner elements, written to `mean`,
 * `variance` and `inverse_deviation` (1/√(σ²_g + ε)), one each per group; then
 *   normalized = x̂ = (x - μ_g) / √(σ²_g + ε) and output = γ ⊙ x̂ + β,
 * γ (`scale`) and β (`shift`) as the layout says (NULL when absent). Groups are independent: disjoint
 * ranges may run on different threads.
 */
void nabla_normalize_forward_f32(nabla_isa isa, nabla_normalize_layout layout, int64_t first_group, int64_t end_group, const float *input,
                                 const float *scale, const float *shift, float epsilon, float *output, float *normalized, float *mean,
                                 float *variance, float *inverse_deviation);
/** Double-precision counterpart of nabla_normalize_forward_f32. */
void nabla_normalize_forward_f64(nabla_isa isa, nabla_normalize_layout layout, int64_t first_group, int64_t end_group, const double *input,
                                 const double *scale, const double *shift, double epsilon, double *output, double *normalized, double *mean,
                                 double *variance, double *inverse_deviation);

/**
 * The gradients of y = γ ⊙ x̂ + β, x̂ = (x - μ_g) / σ_g, for the groups first_group..<end_group: from
 * ∂L/∂y (`gradient`), x̂ (`normalized`, both outer * groups * inner elements) and 1/σ_g
 * (`inverse_deviation`, one per group), writes
 *   input_gradient = (1/σ_g) (d - mean_g(d) - x̂ ⊙ mean_g(d ⊙ x̂)), d = γ ⊙ ∂L/∂y,
 *   scale_gradient = Σ ∂L/∂y ⊙ x̂ and shift_gradient = Σ ∂L/∂y over the elements sharing each γ, β
 * (one per group or per inner position, as the layout says; NULL when absent; `scale` is NULL when γ is).
 * One pass for the sums and one for ∂L/∂x per group. Per-position gradients are zeroed and summed over
 * the range, so a layout with a per-position γ or β takes all groups in one call; without them,
 * disjoint ranges may run on different threads.
 */
void nabla_normalize_backward_f32(nabla_isa isa, nabla_normalize_layout layout, int64_t first_group, int64_t end_group, const float *gradient,
                                  const float *normalized, const float *inverse_deviation, const float *scale, float *input_gradient,
                                  float *scale_gradient, float *shift_gradient);
/** Double-precision counterpart of nabla_normalize_backward_f32. */
void nabla_normalize_backward_f64(nabla_isa isa, nabla_normalize_layout layout, int64_t first_group, int64_t end_group, const double *gradient,
                                  const double *normalized, const double *inverse_deviation, const double *scale, double *input_gradient,
                                  double *scale_gradient, double *shift_gradient);

/**
 * How a convolution's window walks over images [batch, channels, height, width] (WindowGeometry.swift):
 * output (oh, ow) and kernel offset (i, j) read row oh * stride_height - pad_top + i * dilation_height and
 * column ow * stride_width - pad_left + j * dilation_width, zero outside the image.
 */
typedef struct nabla_window_geometry {
    int64_t batch, channels, height, width;
    int64_t kernel_height, kernel_width, stride_height, stride_width, dilation_height, dilation_width;
    int64_t pad_top, pad_left, output_height, output_width;
} nabla_window_geometry;

/**
 * The column matrix of samples [first_sample, first_sample + sample_count) of `image`: row (c, i, j)
 * (channels * kernel_height * kernel_width rows), column (sample, oh, ow), the pixel that kernel offset
 * (i, j) of channel c reads at output (oh, ow), 0 in the padding. On the calling thread.
 */
void nabla_im2col_f32(const float *image, nabla_window_geometry geometry, int64_t first_sample, int64_t sample_count, float *columns);
/** Double-precision nabla_im2col_f32. */
void nabla_im2col_f64(const double *image, nabla_window_geometry geometry, int64_t first_sample, int64_t sample_count, double *columns);

/**
 * The adjoint of nabla_im2col_f32: the planes of samples [first_sample, first_sample + sample_count) of
 * `image` are overwritten with the sum, at each pixel, of the column-matrix entries read from it; the
 * other samples' planes are not touched. On the calling thread.
 */
void nabla_col2im_f32(const float *columns, nabla_window_geometry geometry, int64_t first_sample, int64_t sample_count, float *image);
/** Double-precision nabla_col2im_f32. */
void nabla_col2im_f64(const double *columns, nabla_window_geometry geometry, int64_t first_sample, int64_t sample_count, double *image);

/**
 * Max pooling of one plane whose windows all lie inside it (no padding, no window cut off): the largest
 * value of each window into `output` (output_height x output_width) and its position in the plane
 * (h * width + w) into `positions`; NaN counts as largest, the first maximum wins on ties.
 */
void nabla_max_pool_plane_f32(const float *plane, int64_t width, int64_t output_height, int64_t output_width,
                              int64_t kernel_height, int64_t kernel_width, int64_t stride_height, int64_t stride_width,
                              float *output, int64_t *positions);
/** Double-precision nabla_max_pool_plane_f32. */
void nabla_max_pool_plane_f64(const double *plane, int64_t width, int64_t output_height, int64_t output_width,
                              int64_t kernel_height, int64_t kernel_width, int64_t stride_height, int64_t stride_width,
                              double *output, int64_t *positions);

#ifdef __cplusplus
}
#endif

#endif
