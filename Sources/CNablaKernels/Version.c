#include "CNablaKernels.h"
int nabla_kernels_version(void) { return 1; }
