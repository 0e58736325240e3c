/** Double-precision blocked GEMM driver (nabla_dgemm); see gemm_driver_template.h. */

#include "CNablaKernels.h"
#include "gemm_internal.h"
#include "kernel_support.h"

#include <stdlib.h>

#define GD_NAME nabla_dgemm
#define GD_REAL double
#define GD_CONFIG nabla_dgemm_config
#define GD_CONFIG_FOR nabla_dgemm_config_for
#define GD_PACKED_SIZE nabla_dgemm_packed_b_size
#define GD_PACK nabla_dgemm_pack_b
#define GD_PACKED_NAME nabla_dgemm_packed
#define GD_PACKED_STEP nabla_dgemm_packed_column_step
#define GD_PACKED_COLUMNS nabla_dgemm_packed_columns
#include "gemm_driver_template.h"
