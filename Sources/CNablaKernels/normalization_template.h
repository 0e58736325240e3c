/**
 * The forward and backward passes of normalisation (batch and layer normalisation) for one element type
 * and one ISA, included by normalization.c with:
 *   NB_SUFFIX  name suffix of the generated function   NB_TARGET  function attribute (or empty)
 *   NB_SCALAR  element type (float or double)          NB_VECU    vector of NB_SCALAR, element-aligned
 *   NB_LANES   lane count
 *
 * The input is viewed as [outer, groups, inner]; group g's statistics were taken over its outer * inner
 * elements (n of them). With x̂ the normalised input, 1/σ_g the inverse deviation and d = γ ⊙ ∂L/∂y:
 *   ∂L/∂x = (1/σ_g) (d - mean_g(d) - x̂ ⊙ mean_g(d ⊙ x̂)),
 *   ∂L/∂γ = Σ ∂L/∂y ⊙ x̂ and ∂L/∂β = Σ ∂L/∂y over the elements that share a γ (a β).
 * γ and β are each absent, one per group (batch normalisation) or one per inner position (layer
 * normalisation), except that a β per group needs a γ that is not per position (the
 * group's Σ ∂L/∂y is then the unweighted sum of pass 1). Each group takes two passes over its elements: one for the two sums (and the
 * per-position parameter gradients), one writing ∂L/∂x. Whole vectors first, then the last
 * inner % NB_LANES elements of each row one at a time. The backward pass takes the groups
 * first_group..<end_group; per-position gradients are zeroed and summed over that range, so with such
 * a γ or β it must be all groups, while without them disjoint ranges may run on different threads.
 */

#define NB_NAME MK_PASTE(normalize_backward, NB_SUFFIX)
#define NB_FORWARD_NAME MK_PASTE(normalize_forward, NB_SUFFIX)
#define NB_LOAD(p) (*(const NB_VECU *)(p))
#define NB_STORE(p, x) (*(NB_VECU *)(p) = (x))

/* The sum of a vector's lanes. */
NB_TARGET NABLA_INLINE NB_SCALAR MK_PASTE(nb_lane_sum, NB_SUFFIX)(NB_VECU v) {
    NB_SCALAR sum = 0;
    for (int lane = 0; lane < NB_LANES; lane++)
        sum += v[lane];
    return sum;
}

/*
 * The forward pass for the groups first_group..<end_group: per group g, three passes over its elements,
 *   μ_g = mean(x), σ²_g = mean((x - μ_g)²) (the biased variance, two passes so that no large sums of
 *   squares cancel), then x̂ = (x - μ_g) / √(σ²_g + ε) and y = γ ⊙ x̂ + β,
 * with γ and β per group, per inner position or absent (then 1 and 0). Groups are independent, so
 * disjoint ranges may run on different threads.
 */
NB_TARGET static void NB_FORWARD_NAME(nabla_normalize_layout layout, int64_t first_group, int64_t end_group, const NB_SCALAR *input,
                                      const NB_SCALAR *scale, const NB_SCALAR *shift, NB_SCALAR epsilon, NB_SCALAR *output,
                                      NB_SCALAR *normalized, NB_SCALAR *mean, NB_SCALAR *variance, NB_SCALAR *inverse_deviation) {
    const int64_t outer = layout.outer, groups = layout.groups, inner = layout.inner;
    const int64_t vector_end = inner - inner % NB_LANES;
    const NB_SCALAR count = (NB_SCALAR)(outer * inner);
    const int scale_per_position = layout.scale == NABLA_NORMALIZE_PER_POSITION;
    const int shift_per_position = layout.shift == NABLA_NORMALIZE_PER_POSITION;
    for (int64_t g = first_group; g < end_group; g++) {
        /* Pass 1: the mean. */
        NB_VECU sum_vector = (NB_VECU)0;
        NB_SCALAR sum = 0;
        for (int64_t a = 0; a < outer; a++) {
            const NB_SCALAR *x = input + (a * groups + g) * inner;
            int64_t b = 0;
            for (; b < vector_end; b += NB_LANES)
                sum_vector += NB_LOAD(x + b);
            for (; b < inner; b++)
                sum += x[b];
        }
        const NB_SCALAR group_mean = (sum + MK_PASTE(nb_lane_sum, NB_SUFFIX)(sum_vector)) / count;
        /* Pass 2: the mean of the squared deviations. */
        NB_VECU square_vector = (NB_VECU)0;
        NB_SCALAR squares = 0;
        for (int64_t a = 0; a < outer; a++) {
            const NB_SCALAR *x = input + (a * groups + g) * inner;
            int64_t b = 0;
            for (; b < vector_end; b += NB_LANES) {
                const NB_VECU deviation = NB_LOAD(x + b) - group_mean;
                square_vector += deviation * deviation;
            }
            for (; b < inner; b++)
                squares += (x[b] - group_mean) * (x[b] - group_mean);
        }
        const NB_SCALAR group_variance = (squares + MK_PASTE(nb_lane_sum, NB_SUFFIX)(square_vector)) / count;
        const NB_SCALAR inverse = (NB_SCALAR)1 / __builtin_sqrt(group_variance + epsilon);
        mean[g] = group_mean;
        variance[g] = group_variance;
        inverse_deviation[g] = inverse;
        /* Pass 3: x̂ and y. */
        const NB_SCALAR group_scale = layout.scale == NABLA_NORMALIZE_PER_GROUP ? scale[g] : 1;
        const NB_SCALAR group_shift = layout.shift == NABLA_NORMALIZE_PER_GROUP ? shift[g] : 0;
        for (int64_t a = 0; a < outer; a++) {
            const int64_t row = (a * groups + g) * inner;
            const NB_SCALAR *x = input + row;
            NB_SCALAR *xhat = normalized + row, *y = output + row;
            int64_t b = 0;
            for (; b < vector_end; b += NB_LANES) {
                const NB_VECU position = (NB_LOAD(x + b) - group_mean) * inverse;
                NB_STORE(xhat + b, position);
                const NB_VECU scaled = scale_per_position ? position * NB_LOAD(scale + b) : position * group_scale;
                NB_STORE(y + b, shift_per_position ? scaled + NB_LOAD(shift + b) : scaled + group_shift);
            }
            for (; b < inner; b++) {
                const NB_SCALAR position = (x[b] - group_mean) * inverse;
                xhat[b] = position;
                y[b] = (scale_per_position ? position * scale[b] : position * group_scale) + (shift_per_position ? shift[b] : group_shift);
            }
        }
    }
}

NB_TARGET static void NB_NAME(nabla_normalize_layout layout, int64_t first_group, int64_t end_group, const NB_SCALAR *gradient, const NB_SCALAR *normalized,
                              const NB_SCALAR *inverse_deviation, const NB_SCALAR *scale, NB_SCALAR *input_gradient,
                              NB_SCALAR *scale_gradient, NB_SCALAR *shift_gradient) {
    const int64_t outer = layout.outer, groups = layout.groups, inner = layout.inner;
    const int64_t vector_end = inner - inner % NB_LANES;
    const NB_SCALAR count = (NB_SCALAR)(outer * inner);
    const int scale_per_position = layout.scale == NABLA_NORMALIZE_PER_POSITION;
    const int shift_per_position = layout.shift == NABLA_NORMALIZE_PER_POSITION;
    if (scale_per_position)
        for (int64_t b = 0; b < inner; b++)
            scale_gradient[b] = 0;
    if (shift_per_position)
        for (int64_t b = 0; b < inner; b++)
            shift_gradient[b] = 0;

    for (int64_t g = first_group; g < end_group; g++) {
        /* Pass 1: Σ γ_b dy and Σ γ_b dy x̂ (γ_b = 1 unless per position), and the per-position gradients. */
        NB_VECU sum_vector = (NB_VECU)0, product_vector = (NB_VECU)0;
        NB_SCALAR sum = 0, product = 0;
        for (int64_t a = 0; a < outer; a++) {
            const int64_t row = (a * groups + g) * inner;
            const NB_SCALAR *dy = gradient + row, *xhat = normalized + row;
            int64_t b = 0;
            for (; b < vector_end; b += NB_LANES) {
                const NB_VECU upstream = NB_LOAD(dy + b), position = NB_LOAD(xhat + b);
                const NB_VECU weighted = scale_per_position ? upstream * NB_LOAD(scale + b) : upstream;
                sum_vector += weighted;
                product_vector += weighted * position;
                if (scale_per_position)
                    NB_STORE(scale_gradient + b, NB_LOAD(scale_gradient + b) + upstream * position);
                if (shift_per_position)
                    NB_STORE(shift_gradient + b, NB_LOAD(shift_gradient + b) + upstream);
            }
            for (; b < inner; b++) {
                const NB_SCALAR weighted = scale_per_position ? dy[b] * scale[b] : dy[b];
                sum += weighted;
                product += weighted * xhat[b];
                if (scale_per_position)
                    scale_gradient[b] += dy[b] * xhat[b];
                if (shift_per_position)
                    shift_gradient[b] += dy[b];
            }
        }
        sum += MK_PASTE(nb_lane_sum, NB_SUFFIX)(sum_vector);
        product += MK_PASTE(nb_lane_sum, NB_SUFFIX)(product_vector);
        /* Per group, γ_g factors out of the sums: Σ dy and Σ dy x̂ are also ∂L/∂β_g and ∂L/∂γ_g. */
        const NB_SCALAR group_scale = layout.scale == NABLA_NORMALIZE_PER_GROUP ? scale[g] : 1;
        if (layout.scale == NABLA_NORMALIZE_PER_GROUP)
            scale_gradient[g] = product;
        if (layout.shift == NABLA_NORMALIZE_PER_GROUP)
            shift_gradient[g] = sum;

        /* Pass 2: ∂L/∂x = (1/σ_g)(γ dy - mean(d) - x̂ mean(d x̂)), γ = γ_g · γ_b. */
        const NB_SCALAR inverse = inverse_deviation[g];
        const NB_SCALAR mean = group_scale * sum / count, mean_product = group_scale * product / count;
        const NB_SCALAR gain = inverse * group_scale;
        for (int64_t a = 0; a < outer; a++) {
            const int64_t row = (a * groups + g) * inner;
            const NB_SCALAR *dy = gradient + row, *xhat = normalized + row;
            NB_SCALAR *dx = input_gradient + row;
            int64_t b = 0;
            for (; b < vector_end; b += NB_LANES) {
                const NB_VECU upstream = scale_per_position ? NB_LOAD(dy + b) * NB_LOAD(scale + b) : NB_LOAD(dy + b);
                NB_STORE(dx + b, gain * upstream - inverse * (mean + NB_LOAD(xhat + b) * mean_product));
            }
            for (; b < inner; b++) {
                const NB_SCALAR upstream = scale_per_position ? dy[b] * scale[b] : dy[b];
                dx[b] = gain * upstream - inverse * (mean + xhat[b] * mean_product);
            }
        }
    }
}

#undef NB_NAME
#undef NB_FORWARD_NAME
#undef NB_LOAD
#undef NB_STORE
#undef NB_SUFFIX
#undef NB_TARGET
#undef NB_SCALAR
#undef NB_VECU
#undef NB_LANES
