/**
 * Double-precision vector exp, log, tanh and sigmoid, included once per ISA by vector_math.c with:
 *   VM_SUFFIX  name suffix of the generated functions    VM_TARGET  function attribute (or empty)
 *   VM_VEC     double vector type, VM_VECU unaligned     VM_IVEC    int64 vector, same lane count
 *   VM_LANES   lane count
 *
 * Same methods as vector_math_float_template.h with longer polynomials: degree-13 Taylor for
 * exp(r) and expm1(r) on |r| <= ln2 / 2 (truncation < 5e-18), the atanh series of log to s^21
 * (truncation < 1e-18), and tanh clamped at |x| = 20, where it rounds to 1.
 */

#define VM_NAME(name) MK_PASTE(name, VM_SUFFIX)

#define VM_F64_LOG2E 1.4426950408889634074
#define VM_F64_LN2_HI 6.93147180369123816490e-01 /* 32 significant bits: n * LN2_HI is exact */
#define VM_F64_LN2_LO 1.90821492927058770002e-10
#define VM_F64_ROUNDING_MAGIC 6755399441055744.0  /* 1.5 * 2^52: adding it rounds to an integer */

/* Splits x = n ln2 + r; returns r and stores n (as an integer vector) in *n. */
VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f64_reduce)(VM_VEC x, VM_IVEC *n) {
    VM_VEC shifted = x * VM_F64_LOG2E + VM_F64_ROUNDING_MAGIC;
    VM_VEC nf = shifted - VM_F64_ROUNDING_MAGIC;
    *n = (VM_IVEC)shifted - (VM_IVEC)(VM_VEC)VM_F64_ROUNDING_MAGIC;
    return (x - nf * VM_F64_LN2_HI) - nf * VM_F64_LN2_LO;
}

/* 2^n for integer n in the normal exponent range [-1022, 1023]. */
VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f64_pow2)(VM_IVEC n) {
    return (VM_VEC)((n + 1023) << 52);
}

/* Taylor polynomial sum_{j=2..13} r^j / j!, divided by r^2: the tail shared by exp and expm1. */
VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f64_exp_tail)(VM_VEC r) {
    VM_VEC p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    return p * r + 0.5;
}

VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f64_exp)(VM_VEC x) {
    /* Clamp so that 2^n1 and 2^n2 stay normal; NaN passes through (comparisons are false). */
    x = x > 710.0 ? (VM_VEC)710.0 : x;
    x = x < -746.0 ? (VM_VEC)-746.0 : x;
    VM_IVEC n;
    VM_VEC r = VM_NAME(f64_reduce)(x, &n);
    VM_VEC p = (VM_NAME(f64_exp_tail)(r) * r) * r + r + 1.0;
    VM_IVEC n1 = n >> 1;
    return p * VM_NAME(f64_pow2)(n1) * VM_NAME(f64_pow2)(n - n1);
}

/* expm1(y) for y in [-40, 0]. */
VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f64_expm1_nonpositive)(VM_VEC y) {
    VM_IVEC n;
    VM_VEC r = VM_NAME(f64_reduce)(y, &n);
    VM_VEC expm1_r = (VM_NAME(f64_exp_tail)(r) * r) * r + r;
    VM_VEC scale = VM_NAME(f64_pow2)(n);
    return scale * expm1_r + (scale - 1.0);
}

VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f64_log)(VM_VEC x) {
    const VM_IVEC subnormal = x < 2.2250738585072014e-308; /* lanes of -1 (true) or 0 */
    VM_VEC scaled = subnormal ? x * 4503599627370496.0 : x; /* 2^52 makes subnormals normal */
    VM_IVEC bits = (VM_IVEC)scaled;
    VM_IVEC e = ((bits >> 52) & 0x7ff) - 1023 - (subnormal & 52);
    VM_VEC m = (VM_VEC)((bits & 0x000fffffffffffffLL) | 0x3ff0000000000000LL);
    const VM_IVEC high = m > 1.4142135623730951;
    m = high ? m * 0.5 : m;
    e = e - high;
    VM_VEC f = m - 1.0;
    VM_VEC s = f / (f + 2.0);
    VM_VEC z = s * s;
    VM_VEC p = 1.0 / 21;
    p = p * z + 1.0 / 19;
    p = p * z + 1.0 / 17;
    p = p * z + 1.0 / 15;
    p = p * z + 1.0 / 13;
    p = p * z + 1.0 / 11;
    p = p * z + 1.0 / 9;
    p = p * z + 1.0 / 7;
    p = p * z + 1.0 / 5;
    p = p * z + 1.0 / 3;
    VM_VEC two_s = 2.0 * s;
    VM_VEC log_m = (two_s * z) * p + two_s;
    VM_VEC ef = __builtin_convertvector(e, VM_VEC);
    VM_VEC result = ef * VM_F64_LN2_HI + (log_m + ef * VM_F64_LN2_LO);
    result = x == 0.0 ? (VM_VEC)-__builtin_inf() : result;
    result = x < 0.0 ? (VM_VEC)__builtin_nan("") : result;
    result = x == __builtin_inf() ? x : result;
    return x != x ? x : result;
}

VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f64_tanh)(VM_VEC x) {
    const VM_IVEC sign = (VM_IVEC)x & (VM_IVEC)INT64_MIN;
    VM_VEC ax = (VM_VEC)((VM_IVEC)x ^ sign);
    ax = ax > 20.0 ? (VM_VEC)20.0 : ax;
    VM_VEC u = VM_NAME(f64_expm1_nonpositive)(-2.0 * ax);
    VM_VEC t = -u / (u + 2.0);
    return (VM_VEC)(((VM_IVEC)t & (VM_IVEC)INT64_MAX) | sign); /* t may be -0 */
}

VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f64_sigmoid)(VM_VEC x) {
    VM_VEC ax = (VM_VEC)((VM_IVEC)x & (VM_IVEC)INT64_MAX);
    VM_VEC e = VM_NAME(f64_exp)(-ax);
    VM_VEC reciprocal = 1.0 / (e + 1.0);
    return x >= 0.0 ? reciprocal : e * reciprocal;
}

/* Array loops: whole vectors, then the tail through a zero-filled vector-sized buffer. */
#define VM_ARRAY_FUNCTION(function)                                                          \
    VM_TARGET static void VM_NAME(v##function)(const double *x, double *y, int64_t count) { \
        int64_t i = 0;                                                                       \
        for (; i + VM_LANES <= count; i += VM_LANES)                                         \
            *(VM_VECU *)(y + i) = VM_NAME(function)(*(const VM_VECU *)(x + i));              \
        if (i < count) {                                                                     \
            double lanes[VM_LANES] = {0};                                                    \
            for (int64_t j = i; j < count; j++)                                              \
                lanes[j - i] = x[j];                                                         \
            *(VM_VECU *)lanes = VM_NAME(function)(*(const VM_VECU *)lanes);                  \
            for (int64_t j = i; j < count; j++)                                              \
                y[j] = lanes[j - i];                                                         \
        }                                                                                    \
    }

VM_ARRAY_FUNCTION(f64_exp)
VM_ARRAY_FUNCTION(f64_log)
VM_ARRAY_FUNCTION(f64_tanh)
VM_ARRAY_FUNCTION(f64_sigmoid)

#undef VM_ARRAY_FUNCTION
#undef VM_NAME
#undef VM_SUFFIX
#undef VM_TARGET
#undef VM_VEC
#undef VM_VECU
#undef VM_IVEC
#undef VM_LANES
