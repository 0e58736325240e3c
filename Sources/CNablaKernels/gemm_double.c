/** Double-precision blocked GEMM driver (nabla_dgemm); see gemm_driver_template.h. */

#include "CNablaKernels.h"
#include "gemm_internal.h"
#include "kernel_support.h"

#define GD_NAME nabla_dgemm
#define GD_REAL double
#define GD_CONFIG nabla_dgemm_config
#define GD_CONFIG_FOR nabla_dgemm_config_for
#include "gemm_driver_template.h"
