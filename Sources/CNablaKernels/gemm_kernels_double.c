/**
 * Double-precision GEMM micro-kernels and their blocking parameters, one per ISA.
 *
 * Tile shapes (rows x columns of C held in registers):
 *   AVX-512: 6 x 32 = 24 zmm accumulators + 4 B vectors; broadcasts fold into the FMAs.
 *   AVX2:    6 x 8  = 12 ymm accumulators + 2 B vectors + 1 broadcast.
 *   portable 6 x 4  = 12 accumulators of 2 lanes, which fits SSE's 16 and NEON's 32 registers.
 * Blocking: the packed B block (kc x nc) is sized to stay in a 1 MB L2, the A micro-panel
 * (mr x kc) in L1; see gemm_driver_template.h for the loop nest.
 */

#include "gemm_internal.h"
#include "kernel_support.h"

#define MK_NAME dgemm_kernel_portable
#define MK_REAL double
#define MK_VEC nabla_f64x2
#define MK_VECU nabla_f64x2u
#define MK_VW 2
#define MK_NV 2
#define MK_MR 6
#define MK_TARGET
#define MK_FMA(a, b, c) ((a) * (b) + (c))
#include "gemm_microkernel_template.h"

static const nabla_dgemm_config portable_config = {6, 4, 256, 96, 512, dgemm_kernel_portable};

#if NABLA_HAVE_X86
#define MK_NAME dgemm_kernel_avx2
#define MK_REAL double
#define MK_VEC nabla_f64x4
#define MK_VECU nabla_f64x4u
#define MK_VW 4
#define MK_NV 2
#define MK_MR 6
#define MK_TARGET NABLA_TARGET_AVX2
#define MK_FMA(a, b, c) __builtin_elementwise_fma(a, b, c)
#include "gemm_microkernel_template.h"

#define MK_NAME dgemm_kernel_avx512
#define MK_REAL double
#define MK_VEC nabla_f64x8
#define MK_VECU nabla_f64x8u
#define MK_VW 8
#define MK_NV 4
#define MK_MR 6
#define MK_TARGET NABLA_TARGET_AVX512
#define MK_FMA(a, b, c) __builtin_elementwise_fma(a, b, c)
#include "gemm_microkernel_template.h"

static const nabla_dgemm_config avx2_config = {6, 8, 256, 96, 512, dgemm_kernel_avx2};
static const nabla_dgemm_config avx512_config = {6, 32, 256, 96, 256, dgemm_kernel_avx512};
#endif

const nabla_dgemm_config *nabla_dgemm_config_for(nabla_isa isa, int64_t n) {
    switch (nabla_isa_resolve(isa)) {
#if NABLA_HAVE_X86
    case NABLA_ISA_AVX512: return 2 * n <= avx512_config.nr ? &avx2_config : &avx512_config;
    case NABLA_ISA_AVX2: return &avx2_config;
#endif
    default: return &portable_config;
    }
}
