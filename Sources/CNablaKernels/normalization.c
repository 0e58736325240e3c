/**
 * The forward and backward passes of normalisation: instantiates normalization_template.h for float and double on
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

/* Defines nabla_normalize_forward_<type> and nabla_normalize_backward_<type>, which call the function of
 * the resolved ISA (NB_ISA_CALL picks it). */
#if NABLA_HAVE_X86
#define NB_ISA_CALL(isa, function, type, ...)                                                                       \
    switch (nabla_isa_resolve(isa)) {                                                                               \
    case NABLA_ISA_AVX512: function##_##type##_avx512(__VA_ARGS__); return;                                         \
    case NABLA_ISA_AVX2: function##_##type##_avx2(__VA_ARGS__); return;                                             \
    default: function##_##type##_portable(__VA_ARGS__); return;                                                     \
    }
#else
#define NB_ISA_CALL(isa, function, type, ...)                                                                       \
    (void)isa;                                                                                                      \
    function##_##type##_portable(__VA_ARGS__);
#endif

#define NB_DISPATCH(type, scalar)                                                                                   \
    void nabla_normalize_forward_##type(nabla_isa isa, nabla_normalize_layout layout, int64_t first_group,          \
                                        int64_t end_group, const scalar *input, const scalar *scale,                \
                                        const scalar *shift, scalar epsilon, scalar *output, scalar *normalized,    \
                                        scalar *mean, scalar *variance, scalar *inverse_deviation) {                \
        NB_ISA_CALL(isa, normalize_forward, type, layout, first_group, end_group, input, scale, shift, epsilon,     \
                    output, normalized, mean, variance, inverse_deviation)                                          \
    }                                                                                                               \
    void nabla_normalize_backward_##type(nabla_isa isa, nabla_normalize_layout layout, int64_t first_group,         \
                                         int64_t end_group, const scalar *gradient, const scalar *normalized,       \
                                         const scalar *inverse_deviation, const scalar *scale,                      \
                                         scalar *input_gradient, scalar *scale_gradient, scalar *shift_gradient) {  \
        NB_ISA_CALL(isa, normalize_backward, type, layout, first_group, end_group, gradient, normalized,            \
                    inverse_deviation, scale, input_gradient, scale_gradient, shift_gradient)                       \
    }

NB_DISPATCH(f32, float)
NB_DISPATCH(f64, double)
