/**
 * Recurrent cell kernels (Elman, LSTM, GRU) for float and double: instantiates
 * recurrent_cells_template.h; see CNablaKernels.h for the entry points.
 */

#include "CNablaKernels.h"
#include "kernel_support.h"
#include <stddef.h>

static inline void rc_sigmoid_f32(float *x, int64_t count) { nabla_vf32_sigmoid(NABLA_ISA_AUTO, x, x, count); }
static inline void rc_tanh_f32(float *x, int64_t count) { nabla_vf32_tanh(NABLA_ISA_AUTO, x, x, count); }
static inline void rc_sigmoid_f64(double *x, int64_t count) { nabla_vf64_sigmoid(NABLA_ISA_AUTO, x, x, count); }
static inline void rc_tanh_f64(double *x, int64_t count) { nabla_vf64_tanh(NABLA_ISA_AUTO, x, x, count); }

#define RC_REAL float
#define RC_NAME(x) MK_PASTE(x, _f32)
#define RC_SIGMOID rc_sigmoid_f32
#define RC_TANH rc_tanh_f32
#include "recurrent_cells_template.h"

#define RC_REAL double
#define RC_NAME(x) MK_PASTE(x, _f64)
#define RC_SIGMOID rc_sigmoid_f64
#define RC_TANH rc_tanh_f64
#include "recurrent_cells_template.h"
