/**
 * GEMM micro-kernel template, included once per (element type, ISA) by gemm_kernels_*.c.
 *
 * The kernel keeps an MK_MR x (MK_NV * MK_VW) tile of C in MK_MR * MK_NV vector accumulators.
 * Each step p of the depth loop loads MK_NV vectors from row p of the B panel, broadcasts each of
 * the MK_MR elements of column p of the A panel, and issues MK_MR * MK_NV independent fused
 * multiply-adds (enough independent chains to hide FMA latency on both FMA pipes).
 *
 * Parameters (macros defined by the includer, undefined at the end):
 *   MK_NAME    function name           MK_REAL  element type
 *   MK_VEC     vector type             MK_VECU  same vector type with element alignment
 *   MK_VW      lanes per vector        MK_NV    vectors per tile row
 *   MK_MR      tile rows               MK_TARGET function attribute (or empty)
 *   MK_FMA(a, b, c)  a * b + c as one fused operation where available
 */

#define MK_NR (MK_NV * MK_VW)

/* Body shared by the packed and strided entry points; always inlined so that constant strides
   of packed panels become immediate address offsets. */
MK_TARGET NABLA_INLINE void MK_PASTE(MK_NAME, _body)(
    int64_t kc, const MK_REAL *a, int64_t rsa, int64_t csa, const MK_REAL *b, int64_t rsb,
    MK_REAL *c, int64_t ldc, MK_REAL alpha, MK_REAL beta, int64_t mr, int64_t nr,
    int64_t readable_rows, const int tile_rows)
{
    /* tile_rows (MK_MR, or fewer for a short last panel of rows) is a constant at every call, so
       the inlined loops over it unroll. */
    const MK_REAL *row[MK_MR];
    for (int i = 0; i < tile_rows; i++) /* rows past readable_rows repeat row 0; results are dropped */
        row[i] = a + (i < readable_rows ? i : 0) * rsa;

    MK_VEC acc[MK_MR][MK_NV];
    for (int i = 0; i < tile_rows; i++)
        for (int v = 0; v < MK_NV; v++)
            acc[i][v] = (MK_VEC)0;

    int64_t offset = 0;
    for (int64_t p = 0; p < kc; p++) {
        MK_VEC bv[MK_NV];
        for (int v = 0; v < MK_NV; v++)
            bv[v] = *(const MK_VECU *)(b + v * MK_VW);
        for (int i = 0; i < tile_rows; i++) {
            MK_VEC ai = (MK_VEC)row[i][offset];
            for (int v = 0; v < MK_NV; v++)
                acc[i][v] = MK_FMA(ai, bv[v], acc[i][v]);
        }
        offset += csa;
        b += rsb;
    }

    if (mr == MK_MR && nr == MK_NR) {
        for (int i = 0; i < MK_MR; i++) {
            for (int v = 0; v < MK_NV; v++) {
                MK_VECU *out = (MK_VECU *)(c + i * ldc + v * MK_VW);
                MK_VEC result = acc[i][v] * alpha;
                if (beta != 0)
                    result = MK_FMA((MK_VEC)beta, (MK_VEC)*out, result);
                *out = result;
            }
        }
        return;
    }
    MK_REAL tile[MK_MR * MK_NR];
    for (int i = 0; i < tile_rows; i++)
        for (int v = 0; v < MK_NV; v++)
            *(MK_VECU *)(tile + i * MK_NR + v * MK_VW) = acc[i][v];
    for (int64_t i = 0; i < mr; i++) {
        for (int64_t j = 0; j < nr; j++) {
            MK_REAL value = alpha * tile[i * MK_NR + j];
            c[i * ldc + j] = beta == 0 ? value : value + beta * c[i * ldc + j];
        }
    }
}

/* Micro-kernel entry point (see gemm_internal.h). Packed A panels (zero-padded
   to MK_MR rows) take the constant-stride path. */
MK_TARGET static void MK_NAME(int64_t kc, const MK_REAL *a, int64_t rsa, int64_t csa,
                              const MK_REAL *b, int64_t rsb, MK_REAL *c, int64_t ldc,
                              MK_REAL alpha, MK_REAL beta, int64_t mr, int64_t nr)
{
    if (rsa == 1 && csa == MK_MR)
        MK_PASTE(MK_NAME, _body)(kc, a, 1, MK_MR, b, rsb, c, ldc, alpha, beta, mr, nr, MK_MR, MK_MR);
    else if (MK_MR >= 2 && mr <= MK_MR / 2)
        /* A short last panel read in place (32 rows = 5 x 6 + 2): half the tile's multiply-adds. */
        MK_PASTE(MK_NAME, _body)(kc, a, rsa, csa, b, rsb, c, ldc, alpha, beta, mr, nr, mr, MK_MR >= 2 ? MK_MR / 2 : 1);
    else
        MK_PASTE(MK_NAME, _body)(kc, a, rsa, csa, b, rsb, c, ldc, alpha, beta, mr, nr, mr, MK_MR);
}

#undef MK_NR
#undef MK_NAME
#undef MK_REAL
#undef MK_VEC
#undef MK_VECU
#undef MK_VW
#undef MK_NV
#undef MK_MR
#undef MK_TARGET
#undef MK_FMA
