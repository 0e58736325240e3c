#ifndef CNABLA_KERNELS_H
#define CNABLA_KERNELS_H
/* Placeholder header; the kernel work replaces it. */
int nabla_kernels_version(void);
#endif
