/**
 * Max pooling over windows that lie inside the image (no padding, no window cut off), the common case
 * of a 2 x 2 pooling layer. Which position of a window holds its maximum is as good as random, so a
 * branch on "larger" mispredicts about once per window, which costs more than the comparisons; the
 * maximum and its position are therefore chosen with selects. NaN counts as largest and the first
 * maximum wins on ties, as in the general loop (PoolingKernels.swift).
 */

#include "CNablaKernels.h"

/* Takes `plane[position]` as the window's maximum if it is larger than `best` or the first NaN. Bitwise,
   not short-circuit, so that the compiler has no branch to keep. */
#define MP_TAKE(position)                                                                                             \
    do {                                                                                                              \
        const int64_t candidate = (position);                                                                         \
        const __typeof__(best) value = plane[candidate];                                                              \
        const int larger = (value > best) | ((value != value) & (best == best));                                      \
        best_position = larger ? candidate : best_position;                                                           \
        best = larger ? value : best;                                                                                 \
    } while (0)

#define MP_DEFINE(name, real)                                                                                         \
    void name(const real *plane, int64_t width, int64_t output_height, int64_t output_width, int64_t kernel_height,   \
              int64_t kernel_width, int64_t stride_height, int64_t stride_width, real *output, int64_t *positions) {  \
        if (kernel_height == 2 && kernel_width == 2) {                                                                \
            /* The usual pooling layer: four fixed positions, no loop over the window. */                             \
            for (int64_t oh = 0; oh < output_height; oh++) {                                                          \
                for (int64_t ow = 0; ow < output_width; ow++) {                                                       \
                    const int64_t corner = oh * stride_height * width + ow * stride_width;                            \
                    real best = plane[corner];                                                                        \
                    int64_t best_position = corner;                                                                   \
                    MP_TAKE(corner + 1);                                                                              \
                    MP_TAKE(corner + width);                                                                          \
                    MP_TAKE(corner + width + 1);                                                                      \
                    output[oh * output_width + ow] = best;                                                            \
                    positions[oh * output_width + ow] = best_position;                                                \
                }                                                                                                     \
            }                                                                                                         \
            return;                                                                                                   \
        }                                                                                                             \
        for (int64_t oh = 0; oh < output_height; oh++) {                                                              \
            for (int64_t ow = 0; ow < output_width; ow++) {                                                           \
                const int64_t corner = oh * stride_height * width + ow * stride_width;                                \
                real best = plane[corner];                                                                            \
                int64_t best_position = corner;                                                                       \
                for (int64_t i = 0; i < kernel_height; i++) {                                                         \
                    for (int64_t j = 0; j < kernel_width; j++)                                                        \
                        MP_TAKE(corner + i * width + j);                                                              \
                }                                                                                                     \
                output[oh * output_width + ow] = best;                                                                \
                positions[oh * output_width + ow] = best_position;                                                    \
            }                                                                                                         \
        }                                                                                                             \
    }

MP_DEFINE(nabla_max_pool_plane_f32, float)
MP_DEFINE(nabla_max_pool_plane_f64, double)
