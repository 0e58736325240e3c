/**
 * Fused optimiser updates for one element type and one ISA, included by optimizer_updates.c with:
 *   OU_SUFFIX  name suffix of the generated functions    OU_TARGET  function attribute (or empty)
 *   OU_SCALAR  element type (float or double)            OU_VECU    vector of OU_SCALAR, element-aligned
 *   OU_LANES   lane count
 *
 * Each rule is written once, for OU_LANES elements at a time (the *_lanes functions: load, update,
 * store). The array functions run it over whole vectors, then over the last count % OU_LANES
 * elements copied into zero-filled vector-sized buffers, so every element goes through the same
 * instructions. The hyperparameters are rounded to OU_SCALAR once per call.
 *
 * An optimiser step reads and writes every weight and state element once and does a handful of
 * arithmetic operations on each, so it is limited by memory bandwidth; the point of fusing is to
 * make that single pass (an unfused version would stream the arrays once per operation).
 */

#define OU_NAME(name) MK_PASTE(name, OU_SUFFIX)

/* Vector load and store at an element-aligned address. */
#define OU_LOAD(p) (*(const OU_VECU *)(p))
#define OU_STORE(p, x) (*(OU_VECU *)(p) = (x))

/** Element-wise square root of a vector, the exact IEEE operation (sqrtps / sqrtpd). */
#define OU_SQRT(x) __builtin_elementwise_sqrt(x)

/* The rules' constants, rounded to the element type. */
struct OU_NAME(sgd_constants) { OU_SCALAR eta, mu, lambda; int nesterov, first_step; };
struct OU_NAME(adam_constants) { OU_SCALAR beta1, one_minus_beta1, beta2, one_minus_beta2, epsilon,
                                 step_size, inverse_root_correction2, coupled_decay, shrink; };
struct OU_NAME(rmsprop_constants) { OU_SCALAR eta, alpha, one_minus_alpha, epsilon, lambda; };
struct OU_NAME(adagrad_constants) { OU_SCALAR eta, epsilon, lambda; };

/* ---- One vector of each rule ---- */

/* SGD with momentum: g = grad + λw; v = first ? g : μv + g; w -= η (nesterov ? g + μv : v). */
OU_TARGET NABLA_INLINE void OU_NAME(sgd_momentum_lanes)(const struct OU_NAME(sgd_constants) *c,
                                                        OU_SCALAR *w, const OU_SCALAR *grad, OU_SCALAR *velocity) {
    OU_VECU weights = OU_LOAD(w);
    OU_VECU g = OU_LOAD(grad) + c->lambda * weights;
    OU_VECU v = c->first_step ? g : c->mu * OU_LOAD(velocity) + g;
    OU_VECU direction = c->nesterov ? g + c->mu * v : v;
    OU_STORE(velocity, v);
    OU_STORE(w, weights - c->eta * direction);
}

/* Plain SGD: g = grad + λw; w -= η g. */
OU_TARGET NABLA_INLINE void OU_NAME(sgd_plain_lanes)(const struct OU_NAME(sgd_constants) *c,
                                                     OU_SCALAR *w, const OU_SCALAR *grad) {
    OU_VECU weights = OU_LOAD(w);
    OU_VECU g = OU_LOAD(grad) + c->lambda * weights;
    OU_STORE(w, weights - c->eta * g);
}

/* Adam: g = grad + λw; m = β₁m + (1-β₁)g; v = β₂v + (1-β₂)g²;
   w = shrink w - step_size m / (√v inverse_root_correction2 + ε). */
OU_TARGET NABLA_INLINE void OU_NAME(adam_lanes)(const struct OU_NAME(adam_constants) *c,
                                                OU_SCALAR *w, const OU_SCALAR *grad, OU_SCALAR *first, OU_SCALAR *second) {
    OU_VECU weights = OU_LOAD(w);
    OU_VECU g = OU_LOAD(grad) + c->coupled_decay * weights;
    OU_VECU m = c->beta1 * OU_LOAD(first) + c->one_minus_beta1 * g;
    OU_VECU v = c->beta2 * OU_LOAD(second) + c->one_minus_beta2 * (g * g);
    OU_VECU denominator = OU_SQRT(v) * c->inverse_root_correction2 + c->epsilon;
    OU_STORE(first, m);
    OU_STORE(second, v);
    OU_STORE(w, c->shrink * weights - c->step_size * m / denominator);
}

/* RMSProp: g = grad + λw; v = αv + (1-α)g²; w -= η g / (√v + ε). */
OU_TARGET NABLA_INLINE void OU_NAME(rmsprop_lanes)(const struct OU_NAME(rmsprop_constants) *c,
                                                   OU_SCALAR *w, const OU_SCALAR *grad, OU_SCALAR *square_average) {
    OU_VECU weights = OU_LOAD(w);
    OU_VECU g = OU_LOAD(grad) + c->lambda * weights;
    OU_VECU v = c->alpha * OU_LOAD(square_average) + c->one_minus_alpha * (g * g);
    OU_STORE(square_average, v);
    OU_STORE(w, weights - c->eta * g / (OU_SQRT(v) + c->epsilon));
}

/* Adagrad: g = grad + λw; s += g²; w -= η g / (√s + ε). */
OU_TARGET NABLA_INLINE void OU_NAME(adagrad_lanes)(const struct OU_NAME(adagrad_constants) *c,
                                                   OU_SCALAR *w, const OU_SCALAR *grad, OU_SCALAR *sum_of_squares) {
    OU_VECU weights = OU_LOAD(w);
    OU_VECU g = OU_LOAD(grad) + c->lambda * weights;
    OU_VECU s = OU_LOAD(sum_of_squares) + g * g;
    OU_STORE(sum_of_squares, s);
    OU_STORE(w, weights - c->eta * g / (OU_SQRT(s) + c->epsilon));
}

/* ---- Tails: the last count % OU_LANES elements, through vector-sized buffers ---- */

/* Copies n < OU_LANES elements of `source` into `lanes`, filling the rest with zeros. */
OU_TARGET NABLA_INLINE void OU_NAME(tail_in)(OU_SCALAR *lanes, const OU_SCALAR *source, int64_t n) {
    for (int64_t j = 0; j < OU_LANES; j++)
        lanes[j] = j < n ? source[j] : 0;
}

/* Copies the first n elements of `lanes` back to `target`. */
OU_TARGET NABLA_INLINE void OU_NAME(tail_out)(OU_SCALAR *target, const OU_SCALAR *lanes, int64_t n) {
    for (int64_t j = 0; j < n; j++)
        target[j] = lanes[j];
}

/* ---- Array functions ---- */

OU_TARGET static void OU_NAME(sgd)(nabla_sgd_hyperparameters h, OU_SCALAR *w, const OU_SCALAR *grad,
                                   OU_SCALAR *velocity, int64_t count) {
    const struct OU_NAME(sgd_constants) c = {
        (OU_SCALAR)h.learning_rate, (OU_SCALAR)h.momentum, (OU_SCALAR)h.weight_decay, h.nesterov, h.first_step,
    };
    const int momentum = h.momentum != 0;
    int64_t i = 0;
    if (momentum) {
        for (; i + OU_LANES <= count; i += OU_LANES)
            OU_NAME(sgd_momentum_lanes)(&c, w + i, grad + i, velocity + i);
    } else {
        for (; i + OU_LANES <= count; i += OU_LANES)
            OU_NAME(sgd_plain_lanes)(&c, w + i, grad + i);
    }
    if (i < count) {
        const int64_t n = count - i;
        OU_SCALAR tw[OU_LANES], tg[OU_LANES], tv[OU_LANES];
        OU_NAME(tail_in)(tw, w + i, n);
        OU_NAME(tail_in)(tg, grad + i, n);
        if (momentum) {
            OU_NAME(tail_in)(tv, velocity + i, n);
            OU_NAME(sgd_momentum_lanes)(&c, tw, tg, tv);
            OU_NAME(tail_out)(velocity + i, tv, n);
        } else {
            OU_NAME(sgd_plain_lanes)(&c, tw, tg);
        }
        OU_NAME(tail_out)(w + i, tw, n);
    }
}

OU_TARGET static void OU_NAME(adam)(nabla_adam_hyperparameters h, OU_SCALAR *w, const OU_SCALAR *grad,
                                    OU_SCALAR *m, OU_SCALAR *v, int64_t count) {
    const struct OU_NAME(adam_constants) c = {
        (OU_SCALAR)h.beta1, (OU_SCALAR)(1 - h.beta1), (OU_SCALAR)h.beta2, (OU_SCALAR)(1 - h.beta2),
        (OU_SCALAR)h.epsilon, (OU_SCALAR)h.step_size, (OU_SCALAR)h.inverse_root_correction2,
        (OU_SCALAR)h.coupled_decay, (OU_SCALAR)h.shrink,
    };
    int64_t i = 0;
    for (; i + OU_LANES <= count; i += OU_LANES)
        OU_NAME(adam_lanes)(&c, w + i, grad + i, m + i, v + i);
    if (i < count) {
        const int64_t n = count - i;
        OU_SCALAR tw[OU_LANES], tg[OU_LANES], tm[OU_LANES], tv[OU_LANES];
        OU_NAME(tail_in)(tw, w + i, n);
        OU_NAME(tail_in)(tg, grad + i, n);
        OU_NAME(tail_in)(tm, m + i, n);
        OU_NAME(tail_in)(tv, v + i, n);
        OU_NAME(adam_lanes)(&c, tw, tg, tm, tv);
        OU_NAME(tail_out)(w + i, tw, n);
        OU_NAME(tail_out)(m + i, tm, n);
        OU_NAME(tail_out)(v + i, tv, n);
    }
}

OU_TARGET static void OU_NAME(rmsprop)(nabla_rmsprop_hyperparameters h, OU_SCALAR *w, const OU_SCALAR *grad,
                                       OU_SCALAR *square_average, int64_t count) {
    const struct OU_NAME(rmsprop_constants) c = {
        (OU_SCALAR)h.learning_rate, (OU_SCALAR)h.alpha, (OU_SCALAR)(1 - h.alpha), (OU_SCALAR)h.epsilon,
        (OU_SCALAR)h.weight_decay,
    };
    int64_t i = 0;
    for (; i + OU_LANES <= count; i += OU_LANES)
        OU_NAME(rmsprop_lanes)(&c, w + i, grad + i, square_average + i);
    if (i < count) {
        const int64_t n = count - i;
        OU_SCALAR tw[OU_LANES], tg[OU_LANES], tv[OU_LANES];
        OU_NAME(tail_in)(tw, w + i, n);
        OU_NAME(tail_in)(tg, grad + i, n);
        OU_NAME(tail_in)(tv, square_average + i, n);
        OU_NAME(rmsprop_lanes)(&c, tw, tg, tv);
        OU_NAME(tail_out)(w + i, tw, n);
        OU_NAME(tail_out)(square_average + i, tv, n);
    }
}

OU_TARGET static void OU_NAME(adagrad)(nabla_adagrad_hyperparameters h, OU_SCALAR *w, const OU_SCALAR *grad,
                                       OU_SCALAR *sum_of_squares, int64_t count) {
    const struct OU_NAME(adagrad_constants) c = {
        (OU_SCALAR)h.learning_rate, (OU_SCALAR)h.epsilon, (OU_SCALAR)h.weight_decay,
    };
    int64_t i = 0;
    for (; i + OU_LANES <= count; i += OU_LANES)
        OU_NAME(adagrad_lanes)(&c, w + i, grad + i, sum_of_squares + i);
    if (i < count) {
        const int64_t n = count - i;
        OU_SCALAR tw[OU_LANES], tg[OU_LANES], ts[OU_LANES];
        OU_NAME(tail_in)(tw, w + i, n);
        OU_NAME(tail_in)(tg, grad + i, n);
        OU_NAME(tail_in)(ts, sum_of_squares + i, n);
        OU_NAME(adagrad_lanes)(&c, tw, tg, ts);
        OU_NAME(tail_out)(w + i, tw, n);
        OU_NAME(tail_out)(sum_of_squares + i, ts, n);
    }
}

#undef OU_NAME
#undef OU_LOAD
#undef OU_STORE
#undef OU_SQRT
#undef OU_SUFFIX
#undef OU_TARGET
#undef OU_SCALAR
#undef OU_VECU
#undef OU_LANES
