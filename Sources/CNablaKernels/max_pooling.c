/**
 * Max pooling over windows that lie inside the image (no padding, no window cut off), the common case
 * of a 2 x 2 pooling layer. Which position of a window holds its maximum is as good as random, so a
 * branch on "larger" mispredicts about once per window, which costs more than the comparisons; the
 * maximum and its position are therefore chosen with selects. NaN counts as largest and the first
 * maximum wins on ties, as in the general loop (PoolingKernels.swift).
 *
 * The 2 x 2 windows of stride 2 (the usual pooling layer) are taken four at a time: eight values of
 * each of the two rows, split into their even and odd columns, give the four candidates of four
 * windows in vector lanes, and the choice is made with lane masks (the compiler turned the scalar
 * selects into branches, about 8 ns a window). A row of 5 or 7 windows ends with four that overlap
 * the ones before, so that no window is left to the scalar loop.
 */

#include "CNablaKernels.h"
#include "kernel_support.h"

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

/* In vector lanes: takes `value` (from window offset `offset`) where it is larger than `best` or the
   first NaN. `larger` is a lane mask (all ones or zero); the bit operations select without a branch. */
#define MP_TAKE_LANES(value, offset)                                                                                  \
    do {                                                                                                              \
        const __typeof__(offsets) larger = (value > best) | ((value != value) & (best == best));                      \
        best = (__typeof__(best))(((__typeof__(offsets))(value) & larger) | ((__typeof__(offsets))best & ~larger));   \
        offsets = ((offset) & larger) | (offsets & ~larger);                                                          \
    } while (0)

/* Four 2 x 2 windows of stride 2 from `top` and `bottom` (the window rows, at the first window's corner),
   whose corner lies at `corner` in the plane: their maxima into output[0..3], positions into positions[0..3].
   `wide`: eight lanes; `half`: four lanes of the same element type; `mask`: four lanes of the integer
   type of the element's size (what a lane comparison gives). All loads and stores are unaligned. */
typedef int64_t mp_i64x4u __attribute__((ext_vector_type(4), aligned(8)));

#define MP_DEFINE_QUAD(name, real, wide, half, mask)                                                                  \
    NABLA_INLINE void name(const real *top, const real *bottom, int64_t width, int64_t corner, real *output,          \
                           int64_t *positions) {                                                                      \
        const wide upper = *(const wide *)top, lower = *(const wide *)bottom;                                         \
        half best = __builtin_shufflevector(upper, upper, 0, 2, 4, 6);                                                \
        const half upper_right = __builtin_shufflevector(upper, upper, 1, 3, 5, 7);                                   \
        const half lower_left = __builtin_shufflevector(lower, lower, 0, 2, 4, 6);                                    \
        const half lower_right = __builtin_shufflevector(lower, lower, 1, 3, 5, 7);                                   \
        mask offsets = 0;                                                                                             \
        MP_TAKE_LANES(upper_right, (mask)1);                                                                          \
        MP_TAKE_LANES(lower_left, (mask)width);                                                                       \
        MP_TAKE_LANES(lower_right, (mask)(width + 1));                                                                \
        *(half *)output = best;                                                                                       \
        const mp_i64x4u corners = (mp_i64x4u){0, 2, 4, 6} + corner;                                                   \
        *(mp_i64x4u *)positions = corners + __builtin_convertvector(offsets, mp_i64x4u);                              \
    }

MP_DEFINE_QUAD(mp_quad_f32, float, nabla_f32x8u, nabla_f32x4u, nabla_i32x4)
MP_DEFINE_QUAD(mp_quad_f64, double, nabla_f64x8u, nabla_f64x4u, nabla_i64x4)

#define MP_DEFINE(name, real, quad)                                                                                   \
    void name(const real *plane, int64_t width, int64_t output_height, int64_t output_width, int64_t kernel_height,   \
              int64_t kernel_width, int64_t stride_height, int64_t stride_width, real *output, int64_t *positions) {  \
        if (kernel_height == 2 && kernel_width == 2) {                                                                \
            /* The usual pooling layer: four fixed positions, no loop over the window. */                             \
            for (int64_t oh = 0; oh < output_height; oh++) {                                                          \
                int64_t ow = 0;                                                                                       \
                if (stride_width == 2 && output_width >= 4) {                                                         \
                    const real *top = plane + oh * stride_height * width;                                             \
                    for (;; ow += 4) {                                                                                \
                        /* The last four windows end the row, overlapping ones already taken. */                      \
                        ow = ow + 4 <= output_width ? ow : output_width - 4;                                          \
                        quad(top + 2 * ow, top + width + 2 * ow, width, oh * stride_height * width + 2 * ow,          \
                             output + oh * output_width + ow, positions + oh * output_width + ow);                    \
                        if (ow + 4 == output_width)                                                                   \
                            break;                                                                                    \
                    }                                                                                                 \
                    continue;                                                                                         \
                }                                                                                                     \
                for (; ow < output_width; ow++) {                                                                     \
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

MP_DEFINE(nabla_max_pool_plane_f32, float, mp_quad_f32)
MP_DEFINE(nabla_max_pool_plane_f64, double, mp_quad_f64)
