#ifndef NABLA_GEMM_INTERNAL_H
#define NABLA_GEMM_INTERNAL_H

/**
 * Interface between the blocked GEMM driver (gemm_driver_template.h) and the per-ISA
 * micro-kernels (gemm_microkernel_template.h).
 *
 * A micro-kernel computes one MR x NR tile: C = alpha * A_panel * B_panel + beta * C, where
 * element (i, p) of the A panel is a[i * rsa + p * csa] (so the same kernel reads a packed panel,
 * rsa = 1 and csa = MR, or rows of the caller's matrix directly) and element (p, j) of the B panel
 * is b[p * rsb + j] with NR readable columns per row. Rows i >= mr of A are never read and only
 * the top-left mr x nr corner of C is written.
 */

#include "CNablaKernels.h"
#include <stdint.h>

typedef void (*nabla_sgemm_microkernel)(int64_t kc, const float *a, int64_t rsa, int64_t csa,
                                        const float *b, int64_t rsb, float *c, int64_t ldc,
                                        float alpha, float beta, int64_t mr, int64_t nr);
typedef void (*nabla_dgemm_microkernel)(int64_t kc, const double *a, int64_t rsa, int64_t csa,
                                        const double *b, int64_t rsb, double *c, int64_t ldc,
                                        double alpha, double beta, int64_t mr, int64_t nr);

/** Tile shape and cache-blocking sizes of one single-precision variant. */
typedef struct {
    int mr, nr;     /* register tile */
    int kc, mc, nc; /* cache blocks: depth, rows of A per packed block, columns of B per block */
    nabla_sgemm_microkernel kernel;
} nabla_sgemm_config;

/** Tile shape and cache-blocking sizes of one double-precision variant. */
typedef struct {
    int mr, nr;
    int kc, mc, nc;
    nabla_dgemm_microkernel kernel;
} nabla_dgemm_config;

/**
 * The configuration used for `isa` (after nabla_isa_resolve) on a product with n columns. Narrow
 * products (n at most half the AVX-512 tile width) use the AVX2 tile, since most of a wide tile
 * would be padding.
 */
const nabla_sgemm_config *nabla_sgemm_config_for(nabla_isa isa, int64_t n);
/** Double-precision counterpart of nabla_sgemm_config_for. */
const nabla_dgemm_config *nabla_dgemm_config_for(nabla_isa isa, int64_t n);

#endif
