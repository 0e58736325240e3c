/**
 * Recurrent cell kernels (Elman, LSTM, GRU) for float and double: instantiates
 * recurrent_cells_template.h; see CNablaKernels.h for the entry points.
 */

#pragma STDC FP_CONTRACT OFF

#include "CNablaKernels.h"
#include "kernel_support.h"
#include <stddef.h>

/* The row kernels are plain loops that the compiler vectorises. On x86-64 Linux each is compiled for
   x86-64-v4 (AVX-512), x86-64-v3 (AVX2) and the baseline, and the loader binds the best one the CPU runs
   (an ifunc). No multiply and add are fused (the pragma below), so every variant rounds exactly as the
   baseline does and gives the same results. Sanitized builds get the baseline alone: a sanitizer's
   instrumentation of the resolver would run before its runtime is set up, and crash the program. */
#if defined(__has_feature)
#define RC_SANITIZED (__has_feature(thread_sanitizer) || __has_feature(address_sanitizer))
#else
#define RC_SANITIZED 0
#endif
#if NABLA_HAVE_X86 && defined(__linux__) && !RC_SANITIZED
#define RC_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define RC_CLONES
#endif

static inline void rc_sigmoid_f32(float *x, int64_t count) { nabla_vf32_sigmoid(NABLA_ISA_AUTO, x, x, count); }
static inline void rc_tanh_f32(float *x, int64_t count) { nabla_vf32_tanh(NABLA_ISA_AUTO, x, x, count); }
static inline void rc_sigmoid_f64(double *x, int64_t count) { nabla_vf64_sigmoid(NABLA_ISA_AUTO, x, x, count); }
static inline void rc_tanh_f64(double *x, int64_t count) { nabla_vf64_tanh(NABLA_ISA_AUTO, x, x, count); }

#define RC_REAL float
#define RC_NAME(x) MK_PASTE(x, _f32)
#define RC_SIGMOID rc_sigmoid_f32
#define RC_TANH rc_tanh_f32
#include "recurrent_cells_template.h"

#define RC_REAL double
#define RC_NAME(x) MK_PASTE(x, _f64)
#define RC_SIGMOID rc_sigmoid_f64
#define RC_TANH rc_tanh_f64
#include "recurrent_cells_template.h"

#undef RC_CLONES
