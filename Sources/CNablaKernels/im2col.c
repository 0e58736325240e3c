/**
 * The unrolling of images into a convolution's column matrix (im2col) and its adjoint (col2im); the
 * layout is described with the Swift caller (Im2Col.swift).
 *
 * Each row of the column matrix is one (channel, kernel row, kernel column); for one sample it is the
 * output plane, row after row, each output row a stretch of one image row (every stride-th pixel),
 * with zeros where the kernel hangs over the padding. Which output rows and columns read real pixels
 * depends on the matrix row only, so it is worked out once per row, and each output row is then a
 * zero fill, a copy and a zero fill of a few tens of values. Calls to memcpy and memset are kept out:
 * for rows that short a call costs more than the copy. (About 0.13 ns a value for LeNet-5's first
 * convolution, 0.23 ns for its second, whose output rows are 10 values long; see BENCHMARKS.md.)
 */

#include "CNablaKernels.h"
#include "kernel_support.h"

#define IM_NO_LIBRARY_CALLS __attribute__((no_builtin("memcpy"), no_builtin("memmove"), no_builtin("memset")))

/* The outputs o in [0, count) whose input coordinate o * stride + offset lies in [0, size), as
   [*first, *last) (empty when *first >= *last). */
NABLA_INLINE void im_valid_outputs(int64_t offset, int64_t stride, int64_t size, int64_t count, int64_t *first, int64_t *last) {
    *first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
    const int64_t end = offset > size - 1 ? 0 : (size - 1 - offset) / stride + 1;
    *last = end < count ? end : count;
    if (*first > *last)
        *first = *last;
}

/* Where matrix row `row` reads: its channel, the shifts of its kernel offset (i·D - P, j·D - P) and the
   output rows and columns that fall inside the image. */
typedef struct {
    int64_t channel, row_shift, column_shift, first_row, last_row, first_column, last_column;
} im_row_walk;

NABLA_INLINE im_row_walk im_walk(const nabla_window_geometry *g, int64_t row) {
    const int64_t kernel_area = g->kernel_height * g->kernel_width;
    const int64_t i = (row / g->kernel_width) % g->kernel_height, j = row % g->kernel_width;
    im_row_walk walk = {.channel = row / kernel_area,
                        .row_shift = i * g->dilation_height - g->pad_top,
                        .column_shift = j * g->dilation_width - g->pad_left};
    im_valid_outputs(walk.row_shift, g->stride_height, g->height, g->output_height, &walk.first_row, &walk.last_row);
    im_valid_outputs(walk.column_shift, g->stride_width, g->width, g->output_width, &walk.first_column, &walk.last_column);
    return walk;
}

#define IM_DEFINE(suffix, real)                                                                                           \
    IM_NO_LIBRARY_CALLS void nabla_im2col_##suffix(const real *restrict image, nabla_window_geometry g, int64_t first_sample, \
                                                    int64_t sample_count, real *restrict columns) {                         \
        const int64_t output_width = g.output_width, output_area = g.output_height * g.output_width;                       \
        const int64_t input_area = g.height * g.width, stride = g.stride_width;                                            \
        for (int64_t row = 0; row < g.channels * g.kernel_height * g.kernel_width; row++) {                               \
            const im_row_walk walk = im_walk(&g, row);                                                                     \
            const int64_t valid = walk.last_column - walk.first_column;                                                    \
            for (int64_t s = 0; s < sample_count; s++) {                                                                   \
                real *target = columns + (row * sample_count + s) * output_area;                                          \
                const real *plane = image + ((first_sample + s) * g.channels + walk.channel) * input_area;                \
                for (int64_t o = 0; o < walk.first_row * output_width; o++)                                                \
                    target[o] = 0;                                                                                         \
                for (int64_t oh = walk.first_row; oh < walk.last_row; oh++) {                                              \
                    real *out = target + oh * output_width;                                                                \
                    for (int64_t o = 0; o < walk.first_column; o++)                                                        \
                        out[o] = 0;                                                                                        \
                    for (int64_t o = walk.last_column; o < output_width; o++)                                              \
                        out[o] = 0;                                                                                        \
                    if (valid == 0)                                                                                        \
                        continue;                                                                                          \
                    /* The pixel of the first valid output column, then every stride-th one. */                            \
                    const real *in = plane + (oh * g.stride_height + walk.row_shift) * g.width + walk.column_shift         \
                                     + walk.first_column * stride;                                                         \
                    out += walk.first_column;                                                                              \
                    if (stride == 1) {                                                                                     \
                        for (int64_t o = 0; o < valid; o++)                                                                \
                            out[o] = in[o];                                                                                \
                    } else {                                                                                               \
                        for (int64_t o = 0; o < valid; o++)                                                                \
                            out[o] = in[o * stride];                                                                       \
                    }                                                                                                      \
                }                                                                                                          \
                for (int64_t o = walk.last_row * output_width; o < output_area; o++)                                       \
                    target[o] = 0;                                                                                         \
            }                                                                                                              \
        }                                                                                                                  \
    }                                                                                                                      \
                                                                                                                           \
    IM_NO_LIBRARY_CALLS void nabla_col2im_##suffix(const real *restrict columns, nabla_window_geometry g, int64_t first_sample, \
                                                    int64_t sample_count, real *restrict image) {                           \
        const int64_t output_width = g.output_width, output_area = g.output_height * g.output_width;                       \
        const int64_t input_area = g.height * g.width, stride = g.stride_width;                                            \
        real *samples = image + first_sample * g.channels * input_area;                                                   \
        for (int64_t o = 0; o < sample_count * g.channels * input_area; o++)                                               \
            samples[o] = 0;                                                                                                \
        for (int64_t row = 0; row < g.channels * g.kernel_height * g.kernel_width; row++) {                               \
            const im_row_walk walk = im_walk(&g, row);                                                                     \
            const int64_t valid = walk.last_column - walk.first_column;                                                    \
            for (int64_t s = 0; s < sample_count; s++) {                                                                   \
                const real *source = columns + (row * sample_count + s) * output_area;                                    \
                real *plane = image + ((first_sample + s) * g.channels + walk.channel) * input_area;                      \
                for (int64_t oh = walk.first_row; oh < walk.last_row && valid > 0; oh++) {                                 \
                    const real *in = source + oh * output_width + walk.first_column;                                       \
                    real *out = plane + (oh * g.stride_height + walk.row_shift) * g.width + walk.column_shift              \
                                + walk.first_column * stride;                                                              \
                    if (stride == 1) {                                                                                     \
                        for (int64_t o = 0; o < valid; o++)                                                                \
                            out[o] += in[o];                                                                               \
                    } else {                                                                                               \
                        for (int64_t o = 0; o < valid; o++)                                                                \
                            out[o * stride] += in[o];                                                                      \
                    }                                                                                                      \
                }                                                                                                          \
            }                                                                                                              \
        }                                                                                                                  \
    }

IM_DEFINE(f32, float)
IM_DEFINE(f64, double)
