/** Single-precision blocked GEMM driver (nabla_sgemm); see gemm_driver_template.h. */

#include "CNablaKernels.h"
#include "gemm_internal.h"
#include "kernel_support.h"

#define GD_NAME nabla_sgemm
#define GD_REAL float
#define GD_CONFIG nabla_sgemm_config
#define GD_CONFIG_FOR nabla_sgemm_config_for
#include "gemm_driver_template.h"

void nabla_gemm_tile_shape(nabla_isa isa, int is_double, int *mr, int *nr) {
    if (is_double) {
        const nabla_dgemm_config *config = nabla_dgemm_config_for(isa, 1 << 20);
        *mr = config->mr;
        *nr = config->nr;
    } else {
        const nabla_sgemm_config *config = nabla_sgemm_config_for(isa, 1 << 20);
        *mr = config->mr;
        *nr = config->nr;
    }
}
