/**
 * Single-precision vector exp, log, tanh and sigmoid, included once per ISA by vector_math.c with:
 *   VM_SUFFIX  name suffix of the generated functions    VM_TARGET  function attribute (or empty)
 *   VM_VEC     float vector type, VM_VECU unaligned      VM_IVEC    int32 vector, same lane count
 *   VM_LANES   lane count
 *
 * Method (all lanes branch-free, special values fixed up with selects at the end):
 *   exp:   x = n ln2 + r with n = round(x / ln2), |r| <= ln2 / 2 (Cody-Waite two-part ln2, so
 *          n * LN2_HI is exact); exp(r) by its degree-7 Taylor polynomial (truncation < 6e-9);
 *          the result is p * 2^n1 * 2^n2 with n1 + n2 = n, so gradual underflow and overflow to
 *          infinity come out of the final multiplications.
 *   log:   x = m 2^e with m in (sqrt(1/2), sqrt(2)]; with s = (m - 1) / (m + 1),
 *          log m = 2 atanh s = 2 s (1 + s^2/3 + s^4/5 + ...), |s| < 0.172; then e ln2 + log m.
 *   tanh:  tanh|x| = -u / (2 + u) with u = expm1(-2|x|) computed as 2^n expm1(r) + (2^n - 1),
 *          which keeps full relative accuracy near 0; |x| is clamped at 10, where tanh rounds to 1.
 *   sigmoid: e = exp(-|x|); 1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0, so neither side
 *          loses relative accuracy or overflows.
 */

#define VM_NAME(name) MK_PASTE(name, VM_SUFFIX)

#define VM_F32_LOG2E 1.44269504088896341f
#define VM_F32_LN2_HI 0.693145751953125f        /* 16 significant bits: n * LN2_HI is exact */
#define VM_F32_LN2_LO 1.42860682030941723212e-6f
#define VM_F32_ROUNDING_MAGIC 12582912.0f       /* 1.5 * 2^23: adding it rounds to an integer */

/* Splits x = n ln2 + r; returns r and stores n (as an integer vector) in *n. */
VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f32_reduce)(VM_VEC x, VM_IVEC *n) {
    VM_VEC shifted = x * VM_F32_LOG2E + VM_F32_ROUNDING_MAGIC;
    VM_VEC nf = shifted - VM_F32_ROUNDING_MAGIC;
    *n = (VM_IVEC)shifted - (VM_IVEC)(VM_VEC)VM_F32_ROUNDING_MAGIC;
    return (x - nf * VM_F32_LN2_HI) - nf * VM_F32_LN2_LO;
}

/* 2^n for integer n in the normal exponent range [-126, 127]. */
VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f32_pow2)(VM_IVEC n) {
    return (VM_VEC)((n + 127) << 23);
}

VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f32_exp)(VM_VEC x) {
    /* Clamp so that 2^n1 and 2^n2 stay normal; beyond these bounds exp over/underflows anyway.
       Comparisons are false for NaN, so NaN passes through and propagates. */
    x = x > 89.0f ? (VM_VEC)89.0f : x;
    x = x < -104.0f ? (VM_VEC)-104.0f : x;
    VM_IVEC n;
    VM_VEC r = VM_NAME(f32_reduce)(x, &n);
    VM_VEC p = 1.0f / 5040;
    p = p * r + 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    VM_IVEC n1 = n >> 1;
    return p * VM_NAME(f32_pow2)(n1) * VM_NAME(f32_pow2)(n - n1);
}

/* expm1(y) for y in [-20, 0]. */
VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f32_expm1_nonpositive)(VM_VEC y) {
    VM_IVEC n;
    VM_VEC r = VM_NAME(f32_reduce)(y, &n);
    VM_VEC p = 1.0f / 40320;
    p = p * r + 1.0f / 5040;
    p = p * r + 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    VM_VEC expm1_r = (p * r) * r + r;
    VM_VEC scale = VM_NAME(f32_pow2)(n);
    return scale * expm1_r + (scale - 1.0f);
}

VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f32_log)(VM_VEC x) {
    const VM_IVEC subnormal = x < 1.17549435e-38f; /* lanes of -1 (true) or 0 */
    VM_VEC scaled = subnormal ? x * 8388608.0f : x; /* 2^23 makes subnormals normal */
    VM_IVEC bits = (VM_IVEC)scaled;
    VM_IVEC e = ((bits >> 23) & 0xff) - 127 - (subnormal & 23);
    VM_VEC m = (VM_VEC)((bits & 0x007fffff) | 0x3f800000);
    const VM_IVEC high = m > 1.41421356f;
    m = high ? m * 0.5f : m;
    e = e - high;
    VM_VEC f = m - 1.0f;
    VM_VEC s = f / (f + 2.0f);
    VM_VEC z = s * s;
    VM_VEC p = 1.0f / 9;
    p = p * z + 1.0f / 7;
    p = p * z + 1.0f / 5;
    p = p * z + 1.0f / 3;
    p = p * z + 1.0f;
    VM_VEC ef = __builtin_convertvector(e, VM_VEC);
    VM_VEC result = ef * VM_F32_LN2_HI + ((2.0f * s) * p + ef * VM_F32_LN2_LO);
    result = x == 0.0f ? (VM_VEC)-__builtin_inff() : result;
    result = x < 0.0f ? (VM_VEC)__builtin_nanf("") : result;
    result = x == __builtin_inff() ? x : result;
    return x != x ? x : result;
}

VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f32_tanh)(VM_VEC x) {
    const VM_IVEC sign = (VM_IVEC)x & (VM_IVEC)0x80000000;
    VM_VEC ax = (VM_VEC)((VM_IVEC)x ^ sign);
    ax = ax > 10.0f ? (VM_VEC)10.0f : ax;
    VM_VEC u = VM_NAME(f32_expm1_nonpositive)(-2.0f * ax);
    VM_VEC t = -u / (u + 2.0f);
    return (VM_VEC)(((VM_IVEC)t & (VM_IVEC)0x7fffffff) | sign); /* t may be -0 */
}

VM_TARGET NABLA_INLINE VM_VEC VM_NAME(f32_sigmoid)(VM_VEC x) {
    VM_VEC ax = (VM_VEC)((VM_IVEC)x & (VM_IVEC)0x7fffffff);
    VM_VEC e = VM_NAME(f32_exp)(-ax);
    VM_VEC reciprocal = 1.0f / (e + 1.0f);
    return x >= 0.0f ? reciprocal : e * reciprocal;
}

/* Array loops: whole vectors, then the tail through a zero-filled vector-sized buffer. */
#define VM_ARRAY_FUNCTION(function)                                                        \
    VM_TARGET static void VM_NAME(v##function)(const float *x, float *y, int64_t count) { \
        int64_t i = 0;                                                                     \
        for (; i + VM_LANES <= count; i += VM_LANES)                                       \
            *(VM_VECU *)(y + i) = VM_NAME(function)(*(const VM_VECU *)(x + i));            \
        if (i < count) {                                                                   \
            float lanes[VM_LANES] = {0};                                                   \
            for (int64_t j = i; j < count; j++)                                            \
                lanes[j - i] = x[j];                                                       \
            *(VM_VECU *)lanes = VM_NAME(function)(*(const VM_VECU *)lanes);                \
            for (int64_t j = i; j < count; j++)                                            \
                y[j] = lanes[j - i];                                                       \
        }                                                                                  \
    }

VM_ARRAY_FUNCTION(f32_exp)
VM_ARRAY_FUNCTION(f32_log)
VM_ARRAY_FUNCTION(f32_tanh)
VM_ARRAY_FUNCTION(f32_sigmoid)

#undef VM_ARRAY_FUNCTION
#undef VM_NAME
#undef VM_SUFFIX
#undef VM_TARGET
#undef VM_VEC
#undef VM_VECU
#undef VM_IVEC
#undef VM_LANES
