/**
 * Fused optimiser updates (SGD, Adam, RMSProp, Adagrad): instantiates optimizer_updates_template.h
 * for float and double on each ISA and dispatches the public entry points (see CNablaKernels.h)
 * on the resolved ISA.
 */

#include "CNablaKernels.h"
#include "kernel_support.h"

#define OU_SUFFIX _f32_portable
#define OU_TARGET
#define OU_SCALAR float
#define OU_VECU nabla_f32x4u
#define OU_LANES 4
#include "optimizer_updates_template.h"

#define OU_SUFFIX _f64_portable
#define OU_TARGET
#define OU_SCALAR double
#define OU_VECU nabla_f64x2u
#define OU_LANES 2
#include "optimizer_updates_template.h"

#if NABLA_HAVE_X86
#define OU_SUFFIX _f32_avx2
#define OU_TARGET NABLA_TARGET_AVX2
#define OU_SCALAR float
#define OU_VECU nabla_f32x8u
#define OU_LANES 8
#include "optimizer_updates_template.h"

#define OU_SUFFIX _f64_avx2
#define OU_TARGET NABLA_TARGET_AVX2
#define OU_SCALAR double
#define OU_VECU nabla_f64x4u
#define OU_LANES 4
#include "optimizer_updates_template.h"

#define OU_SUFFIX _f32_avx512
#define OU_TARGET NABLA_TARGET_AVX512
#define OU_SCALAR float
#define OU_VECU nabla_f32x16u
#define OU_LANES 16
#include "optimizer_updates_template.h"

#define OU_SUFFIX _f64_avx512
#define OU_TARGET NABLA_TARGET_AVX512
#define OU_SCALAR double
#define OU_VECU nabla_f64x8u
#define OU_LANES 8
#include "optimizer_updates_template.h"
#endif

/*
 * Defines the public entry point nabla_<rule>_step_<type>, which calls <rule>_<type>_<isa> for the
 * resolved ISA. `parameters` and `arguments` are the parameter list after the hyperparameters and
 * the matching argument list, in parentheses.
 */
#if NABLA_HAVE_X86
#define OU_DISPATCH(rule, type, hyperparameters, parameters, arguments)                     \
    void nabla_##rule##_step_##type(nabla_isa isa, hyperparameters h, OU_UNWRAP parameters) { \
        switch (nabla_isa_resolve(isa)) {                                                    \
        case NABLA_ISA_AVX512: rule##_##type##_avx512(h, OU_UNWRAP arguments); return;       \
        case NABLA_ISA_AVX2: rule##_##type##_avx2(h, OU_UNWRAP arguments); return;           \
        default: rule##_##type##_portable(h, OU_UNWRAP arguments); return;                   \
        }                                                                                    \
    }
#else
#define OU_DISPATCH(rule, type, hyperparameters, parameters, arguments)                     \
    void nabla_##rule##_step_##type(nabla_isa isa, hyperparameters h, OU_UNWRAP parameters) { \
        (void)isa;                                                                           \
        rule##_##type##_portable(h, OU_UNWRAP arguments);                                    \
    }
#endif
/* Removes one pair of parentheses: OU_UNWRAP (a, b) expands to a, b. */
#define OU_UNWRAP(...) __VA_ARGS__

OU_DISPATCH(sgd, f32, nabla_sgd_hyperparameters,
            (float *w, const float *grad, float *velocity, int64_t count), (w, grad, velocity, count))
OU_DISPATCH(sgd, f64, nabla_sgd_hyperparameters,
            (double *w, const double *grad, double *velocity, int64_t count), (w, grad, velocity, count))
OU_DISPATCH(adam, f32, nabla_adam_hyperparameters,
            (float *w, const float *grad, float *m, float *v, int64_t count), (w, grad, m, v, count))
OU_DISPATCH(adam, f64, nabla_adam_hyperparameters,
            (double *w, const double *grad, double *m, double *v, int64_t count), (w, grad, m, v, count))
OU_DISPATCH(rmsprop, f32, nabla_rmsprop_hyperparameters,
            (float *w, const float *grad, float *square_average, int64_t count), (w, grad, square_average, count))
OU_DISPATCH(rmsprop, f64, nabla_rmsprop_hyperparameters,
            (double *w, const double *grad, double *square_average, int64_t count), (w, grad, square_average, count))
OU_DISPATCH(adagrad, f32, nabla_adagrad_hyperparameters,
            (float *w, const float *grad, float *sum_of_squares, int64_t count), (w, grad, sum_of_squares, count))
OU_DISPATCH(adagrad, f64, nabla_adagrad_hyperparameters,
            (double *w, const double *grad, double *sum_of_squares, int64_t count), (w, grad, sum_of_squares, count))
