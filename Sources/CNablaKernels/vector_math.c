/**
 * Vector transcendental functions: instantiates the float and double templates for each ISA and
 * dispatches the public entry points (see CNablaKernels.h) on the resolved ISA.
 */

#include "CNablaKernels.h"
#include "kernel_support.h"

#define VM_SUFFIX _portable
#define VM_TARGET
#define VM_VEC nabla_f32x4
#define VM_VECU nabla_f32x4u
#define VM_IVEC nabla_i32x4
#define VM_LANES 4
#include "vector_math_float_template.h"

#define VM_SUFFIX _portable
#define VM_TARGET
#define VM_VEC nabla_f64x2
#define VM_VECU nabla_f64x2u
#define VM_IVEC nabla_i64x2
#define VM_LANES 2
#include "vector_math_double_template.h"

#if NABLA_HAVE_X86
#define VM_SUFFIX _avx2
#define VM_TARGET NABLA_TARGET_AVX2
#define VM_VEC nabla_f32x8
#define VM_VECU nabla_f32x8u
#define VM_IVEC nabla_i32x8
#define VM_LANES 8
#include "vector_math_float_template.h"

#define VM_SUFFIX _avx2
#define VM_TARGET NABLA_TARGET_AVX2
#define VM_VEC nabla_f64x4
#define VM_VECU nabla_f64x4u
#define VM_IVEC nabla_i64x4
#define VM_LANES 4
#include "vector_math_double_template.h"

#define VM_SUFFIX _avx512
#define VM_TARGET NABLA_TARGET_AVX512
#define VM_VEC nabla_f32x16
#define VM_VECU nabla_f32x16u
#define VM_IVEC nabla_i32x16
#define VM_LANES 16
#include "vector_math_float_template.h"

#define VM_SUFFIX _avx512
#define VM_TARGET NABLA_TARGET_AVX512
#define VM_VEC nabla_f64x8
#define VM_VECU nabla_f64x8u
#define VM_IVEC nabla_i64x8
#define VM_LANES 8
#include "vector_math_double_template.h"
#endif

/* Defines the public entry point nabla_<name>, which calls <name>_<isa> for the resolved ISA. */
#if NABLA_HAVE_X86
#define VM_DISPATCH(name, type)                                                      \
    void nabla_##name(nabla_isa isa, const type *x, type *y, int64_t count) {       \
        switch (nabla_isa_resolve(isa)) {                                            \
        case NABLA_ISA_AVX512: name##_avx512(x, y, count); return;                   \
        case NABLA_ISA_AVX2: name##_avx2(x, y, count); return;                       \
        default: name##_portable(x, y, count); return;                               \
        }                                                                            \
    }
#else
#define VM_DISPATCH(name, type)                                                      \
    void nabla_##name(nabla_isa isa, const type *x, type *y, int64_t count) {       \
        (void)isa;                                                                   \
        name##_portable(x, y, count);                                                \
    }
#endif

VM_DISPATCH(vf32_exp, float)
VM_DISPATCH(vf32_log, float)
VM_DISPATCH(vf32_tanh, float)
VM_DISPATCH(vf32_sigmoid, float)
VM_DISPATCH(vf64_exp, double)
VM_DISPATCH(vf64_log, double)
VM_DISPATCH(vf64_tanh, double)
VM_DISPATCH(vf64_sigmoid, double)
