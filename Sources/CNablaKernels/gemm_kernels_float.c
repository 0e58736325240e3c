/**
 * Single-precision GEMM micro-kernels and their blocking parameters, one per ISA.
 *
 * Tile shapes (rows x columns of C held in registers):
 *   AVX-512: 6 x 64 = 24 zmm accumulators + 4 B vectors; broadcasts fold into the FMAs.
 *   AVX2:    6 x 16 = 12 ymm accumulators + 2 B vectors + 1 broadcast.
 *   portable 6 x 8  = 12 accumulators of 4 lanes, which fits SSE's 16 and NEON's 32 registers.
 * Blocking: the packed B block (kc x nc) is sized to stay in a 1 MB L2, the A micro-panel
 * (mr x kc) in L1; see gemm_driver_template.h for the loop nest.
 */

#include "gemm_internal.h"
#include "kernel_support.h"

#define MK_NAME sgemm_kernel_portable
#define MK_REAL float
#define MK_VEC nabla_f32x4
#define MK_VECU nabla_f32x4u
#define MK_VW 4
#define MK_NV 2
#define MK_MR 6
#define MK_TARGET
#define MK_FMA(a, b, c) ((a) * (b) + (c))
#include "gemm_microkernel_template.h"

static const nabla_sgemm_config portable_config = {6, 8, 256, 96, 1024, sgemm_kernel_portable};

#if NABLA_HAVE_X86
#define MK_NAME sgemm_kernel_avx2
#define MK_REAL float
#define MK_VEC nabla_f32x8
#define MK_VECU nabla_f32x8u
#define MK_VW 8
#define MK_NV 2
#define MK_MR 6
#define MK_TARGET NABLA_TARGET_AVX2
#define MK_FMA(a, b, c) __builtin_elementwise_fma(a, b, c)
#include "gemm_microkernel_template.h"

#define MK_NAME sgemm_kernel_avx512
#define MK_REAL float
#define MK_VEC nabla_f32x16
#define MK_VECU nabla_f32x16u
#define MK_VW 16
#define MK_NV 4
#define MK_MR 6
#define MK_TARGET NABLA_TARGET_AVX512
#define MK_FMA(a, b, c) __builtin_elementwise_fma(a, b, c)
#include "gemm_microkernel_template.h"

static const nabla_sgemm_config avx2_config = {6, 16, 256, 96, 1024, sgemm_kernel_avx2};
static const nabla_sgemm_config avx512_config = {6, 64, 256, 96, 512, sgemm_kernel_avx512};
#endif

const nabla_sgemm_config *nabla_sgemm_config_for(nabla_isa isa, int64_t n) {
    switch (nabla_isa_resolve(isa)) {
#if NABLA_HAVE_X86
    case NABLA_ISA_AVX512: return 2 * n <= avx512_config.nr ? &avx2_config : &avx512_config;
    case NABLA_ISA_AVX2: return &avx2_config;
#endif
    default: return &portable_config;
    }
}
