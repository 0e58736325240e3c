/**
 * The backward pass of normalisation: instantiates normalization_template.h for float and double on
 * each ISA and dispatches the public entry points (see CNablaKernels.h) on the resolved ISA.
 */

#include "CNablaKernels.h"
#include "kernel_support.h"

#define NB_SUFFIX _f32_portable
#define NB_TARGET
#define NB_SCALAR float
#define NB_VECU nabla_f32x4u
#define NB_LANES 4
#include "normalization_template.h"

#define NB_SUFFIX _f64_portable
#define NB_TARGET
#define NB_SCALAR double
#define NB_VECU nabla_f64x2u
#define NB_LANES 2
#include "normalization_template.h"

#if NABLA_HAVE_X86
#define NB_SUFFIX _f32_avx2
#define NB_TARGET NABLA_TARGET_AVX2
#define NB_SCALAR float
#define NB_VECU nabla_f32x8u
#define NB_LANES 8
#include "normalization_template.h"

#define NB_SUFFIX _f64_avx2
#define NB_TARGET NABLA_TARGET_AVX2
#define NB_SCALAR double
#define NB_VECU nabla_f64x4u
#define NB_LANES 4
#include "normalization_template.h"

#define NB_SUFFIX _f32_avx512
#define NB_TARGET NABLA_TARGET_AVX512
#define NB_SCALAR float
#define NB_VECU nabla_f32x16u
#define NB_LANES 16
#include "normalization_template.h"

#define NB_SUFFIX _f64_avx512
#define NB_TARGET NABLA_TARGET_AVX512
#define NB_SCALAR double
#define NB_VECU nabla_f64x8u
#define NB_LANES 8
#include "normalization_template.h"
#endif

/* Defines nabla_normalize_backward_<type>, which calls normalize_backward_<type>_<isa> for the resolved ISA. */
#if NABLA_HAVE_X86
#define NB_DISPATCH(type, scalar)                                                                                   \
    void nabla_normalize_backward_##type(nabla_isa isa, nabla_normalize_layout layout, const scalar *gradient,      \
                                         const scalar *normalized, const scalar *inverse_deviation,                 \
                                         const scalar *scale, scalar *input_gradient, scalar *scale_gradient,       \
                                         scalar *shift_gradient) {                                                  \
        switch (nabla_isa_resolve(isa)) {                                                                           \
        case NABLA_ISA_AVX512:                                                                                      \
            normalize_backward_##type##_avx512(layout, gradient, normalized, inverse_deviation, scale,               \
                                               input_gradient, scale_gradient, shift_gradient);                     \
            return;                                                                                                 \
        case NABLA_ISA_AVX2:                                                                                        \
            normalize_backward_##type##_avx2(layout, gradient, normalized, inverse_deviation, scale,                 \
                                             input_gradient, scale_gradient, shift_gradient);                       \
            return;                                                                                                 \
        default:                                                                                                    \
            normalize_backward_##type##_portable(layout, gradient, normalized, inverse_deviation, scale,             \
                                                 input_gradient, scale_gradient, shift_gradient);                   \
            return;                                                                                                 \
        }                                                                                                           \
    }
#else
#define NB_DISPATCH(type, scalar)                                                                                   \
    void nabla_normalize_backward_##type(nabla_isa isa, nabla_normalize_layout layout, const scalar *gradient,      \
                                         const scalar *normalized, const scalar *inverse_deviation,                 \
                                         const scalar *scale, scalar *input_gradient, scalar *scale_gradient,       \
                                         scalar *shift_gradient) {                                                  \
        (void)isa;                                                                                                  \
        normalize_backward_##type##_portable(layout, gradient, normalized, inverse_deviation, scale,                 \
                                             input_gradient, scale_gradient, shift_gradient);                       \
    }
#endif

NB_DISPATCH(f32, float)
NB_DISPATCH(f64, double)
