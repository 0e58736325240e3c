#ifndef NABLA_KERNEL_SUPPORT_H
#define NABLA_KERNEL_SUPPORT_H

/**
 * Shared building blocks for the kernels: clang vector types, per-function target attributes and
 * small helpers. Private to CNablaKernels.
 *
 * SwiftPM compiles C targets at -O0 (debug) or -O2 (release) for the baseline CPU and does not
 * allow per-target compiler flags in a package used as a dependency. So each fast variant is a
 * separate function carrying `__attribute__((target(...)))`, picked at run time, and the code is
 * written with explicit vector types so that -O2 is enough to produce good machine code.
 */

#include <stdint.h>
#include <stddef.h>

#if defined(__x86_64__)
#define NABLA_HAVE_X86 1
/** Function attribute enabling AVX2 and FMA code generation. */
#define NABLA_TARGET_AVX2 __attribute__((target("avx2,fma")))
/** Function attribute enabling AVX-512 (F, DQ, VL) code generation. */
#define NABLA_TARGET_AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma")))
#else
#define NABLA_HAVE_X86 0
#endif

/** Forces inlining even at -O0, so helpers cost nothing in debug builds' hot loops. */
#define NABLA_INLINE static inline __attribute__((always_inline))

/** Keeps the compiler from turning a copy loop into a memcpy call: a GEMM packing loop copies a few
    values at a time (an A micro-panel's column is mr values), where the call costs more than the copy. */
#define NABLA_NO_MEMCPY_CALLS __attribute__((no_builtin("memcpy"), no_builtin("memmove")))

/** Token pasting that expands its arguments first (for the template headers). */
#define MK_PASTE(a, b) MK_PASTE_EXPANDED(a, b)
#define MK_PASTE_EXPANDED(a, b) a##b

/* Vector types: element type, lane count; the "u" variants only require element alignment. */
typedef float nabla_f32x4 __attribute__((ext_vector_type(4)));
typedef float nabla_f32x8 __attribute__((ext_vector_type(8)));
typedef float nabla_f32x16 __attribute__((ext_vector_type(16)));
typedef float nabla_f32x4u __attribute__((ext_vector_type(4), aligned(4)));
typedef float nabla_f32x8u __attribute__((ext_vector_type(8), aligned(4)));
typedef float nabla_f32x16u __attribute__((ext_vector_type(16), aligned(4)));
typedef int32_t nabla_i32x4 __attribute__((ext_vector_type(4)));
typedef int32_t nabla_i32x8 __attribute__((ext_vector_type(8)));
typedef int32_t nabla_i32x16 __attribute__((ext_vector_type(16)));

typedef double nabla_f64x2 __attribute__((ext_vector_type(2)));
typedef double nabla_f64x4 __attribute__((ext_vector_type(4)));
typedef double nabla_f64x8 __attribute__((ext_vector_type(8)));
typedef double nabla_f64x2u __attribute__((ext_vector_type(2), aligned(8)));
typedef double nabla_f64x4u __attribute__((ext_vector_type(4), aligned(8)));
typedef double nabla_f64x8u __attribute__((ext_vector_type(8), aligned(8)));
typedef int64_t nabla_i64x2 __attribute__((ext_vector_type(2)));
typedef int64_t nabla_i64x4 __attribute__((ext_vector_type(4)));
typedef int64_t nabla_i64x8 __attribute__((ext_vector_type(8)));

/**
 * A per-thread scratch buffer of at least `bytes` bytes, 64-byte aligned, reused across calls
 * (grown when too small, freed when the thread exits). Returns NULL if allocation fails.
 */
void *nabla_thread_scratch(size_t bytes);

#endif
