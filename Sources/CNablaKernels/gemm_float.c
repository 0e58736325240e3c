/** Single-precision blocked GEMM driver (nabla_sgemm); see gemm_driver_template.h. */

#include "CNablaKernels.h"
#include "gemm_internal.h"
#include "kernel_support.h"

#define GD_NAME nabla_sgemm
#define GD_REAL float
#define GD_CONFIG nabla_sgemm_config
#define GD_CONFIG_FOR nabla_sgemm_config_for
#include "gemm_driver_template.h"
