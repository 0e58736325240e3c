/** Single-precision blocked GEMM driver (nabla_sgemm); see gemm_driver_template.h. */

#include "CNablaKernels.h"
#include "gemm_internal.h"
#include "kernel_support.h"

#include <stdlib.h>

#define GD_NAME nabla_sgemm
#define GD_REAL float
#define GD_CONFIG nabla_sgemm_config
#define GD_CONFIG_FOR nabla_sgemm_config_for
#define GD_PACKED_SIZE nabla_sgemm_packed_b_size
#define GD_PACK nabla_sgemm_pack_b
#define GD_PACKED_NAME nabla_sgemm_packed
#define GD_PACKED_STEP nabla_sgemm_packed_column_step
#define GD_PACKED_COLUMNS nabla_sgemm_packed_columns
#include "gemm_driver_template.h"
