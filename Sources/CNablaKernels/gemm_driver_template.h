/**
 * Blocked GEMM driver template (GotoBLAS/BLIS loop nest), included by gemm_float.c and
 * gemm_double.c with:
 *   GD_NAME      public function name       GD_REAL        element type
 *   GD_CONFIG    configuration struct type  GD_CONFIG_FOR  configuration lookup function
 *
 * Loop nest, for C (m x n) += op(A) (m x k) * op(B) (k x n), with the variant's mr, nr, kc, mc, nc:
 *
 *   for jc in columns, step nc:        B block = op(B)[pc.., jc..], kc x nc, packed once and
 *     for pc in depth, step kc:          kept in L2 while every row of A streams past it
 *       pack B block into nr-wide micro-panels (row p of a micro-panel = nr contiguous values)
 *       for ic in rows, step mc:
 *         pack A block into mr-tall micro-panels (column p of a micro-panel = mr contiguous values)
 *         for ir in block rows, step mr:     the A micro-panel (mr x kc) stays in L1 ...
 *           for jr in block columns, step nr:  ... while the B micro-panels stream from L2
 *             micro-kernel: C[ir.., jr..] (mr x nr) += A micro-panel * B micro-panel
 *
 * Packing makes the micro-kernel read contiguous, aligned, zero-padded memory whatever the
 * transposes and leading dimensions. A non-transposed A is read in place (its micro-panel is mr
 * sequential row streams, which measured faster than packing). A non-transposed B is read in
 * place for small products, where packing costs as much as it saves; then only a ragged right
 * edge of B (fewer than nr columns, which the vector loads would overrun) is copied.
 */

/* Up to this many multiply-adds, a non-transposed B is read in place, unpacked. */
#define GD_SMALL_WORK ((int64_t)96 * 96 * 96)

static inline int64_t gd_min(int64_t x, int64_t y) { return x < y ? x : y; }
static inline int64_t gd_round_up(int64_t x, int64_t multiple) {
    return (x + multiple - 1) / multiple * multiple;
}

/* C = beta * C, writing zeros (not beta * NaN) when beta == 0. */
static void gd_scale(int64_t m, int64_t n, GD_REAL beta, GD_REAL *c, int64_t ldc) {
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++)
            c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j];
}

/* Packs rows [0, mc) and depth [0, kc) of A, element (i, p) at a[i * ars + p * acs], into
   mr-tall micro-panels: panel t stores A(t * mr + i, p) at [p * mr + i], zero-padded to mr rows. */
NABLA_NO_MEMCPY_CALLS static void gd_pack_a(int64_t mc, int64_t kc, const GD_REAL *a, int64_t ars, int64_t acs,
                      int64_t mr, GD_REAL *restrict dst) {
    for (int64_t i0 = 0; i0 < mc; i0 += mr) {
        int64_t rows = gd_min(mr, mc - i0);
        const GD_REAL *src = a + i0 * ars;
        if (ars == 1) {
            for (int64_t p = 0; p < kc; p++) {
                for (int64_t i = 0; i < rows; i++)
                    dst[p * mr + i] = src[p * acs + i];
                for (int64_t i = rows; i < mr; i++)
                    dst[p * mr + i] = 0;
            }
        } else {
            for (int64_t i = 0; i < mr; i++)
                for (int64_t p = 0; p < kc; p++)
                    dst[p * mr + i] = i < rows ? src[i * ars + p * acs] : 0;
        }
        dst += mr * kc;
    }
}

/* Packs depth [0, kc) and columns [0, nc) of B, element (p, j) at b[p * brs + j * bcs], into
   nr-wide micro-panels: panel t stores B(p, t * nr + j) at [p * nr + j], zero-padded to nr. */
NABLA_NO_MEMCPY_CALLS static void gd_pack_b(int64_t kc, int64_t nc, const GD_REAL *b, int64_t brs, int64_t bcs,
                      int64_t nr, GD_REAL *restrict dst) {
    for (int64_t j0 = 0; j0 < nc; j0 += nr) {
        int64_t cols = gd_min(nr, nc - j0);
        const GD_REAL *src = b + j0 * bcs;
        if (bcs == 1) {
            for (int64_t p = 0; p < kc; p++) {
                for (int64_t j = 0; j < cols; j++)
                    dst[p * nr + j] = src[p * brs + j];
                for (int64_t j = cols; j < nr; j++)
                    dst[p * nr + j] = 0;
            }
        } else {
            /* Row p of the panel gathers one value from each of `cols` columns of B, which are read as
               `cols` sequential streams; the panel is written in order. (Column by column, each write
               went to another cache line of the panel: 2.5 times slower for a convolution's weight
               gradient, whose B is 6 columns of 6272.) */
            for (int64_t p = 0; p < kc; p++) {
                for (int64_t j = 0; j < cols; j++)
                    dst[p * nr + j] = src[j * bcs + p * brs];
                for (int64_t j = cols; j < nr; j++)
                    dst[p * nr + j] = 0;
            }
        }
        dst += nr * kc;
    }
}

/* Unblocked fallback, used only if the scratch arena cannot be allocated. */
static void gd_reference(int64_t m, int64_t n, int64_t k, GD_REAL alpha, const GD_REAL *a,
                         int64_t ars, int64_t acs, const GD_REAL *b, int64_t brs, int64_t bcs,
                         GD_REAL beta, GD_REAL *c, int64_t ldc) {
    for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < n; j++) {
            GD_REAL sum = 0;
            for (int64_t p = 0; p < k; p++)
                sum += a[i * ars + p * acs] * b[p * brs + j * bcs];
            c[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * ldc + j]);
        }
    }
}

/* The whole product on the calling thread. */
static void gd_serial(nabla_isa isa, int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                      GD_REAL alpha, const GD_REAL *a, int64_t lda, const GD_REAL *b, int64_t ldb,
                      GD_REAL beta, GD_REAL *c, int64_t ldc) {
    if (m <= 0 || n <= 0)
        return;
    if (k <= 0 || alpha == 0) {
        gd_scale(m, n, beta, c, ldc);
        return;
    }
    const GD_CONFIG *config = GD_CONFIG_FOR(isa, n);
    const int64_t mr = config->mr, nr = config->nr;
    /* op(A)(i, p) = a[i * ars + p * acs] and op(B)(p, j) = b[p * brs + j * bcs]. */
    const int64_t ars = trans_a ? 1 : lda, acs = trans_a ? lda : 1;
    const int64_t brs = trans_b ? 1 : ldb, bcs = trans_b ? ldb : 1;

    /* A is packed only when transposed: reading mr rows of a row-major A in place (6 sequential
       streams, broadcast element by element) measured faster than packing at every size. A
       non-transposed B is packed only when it is large and more than one micro-panel of rows of A
       will read it: with m <= mr (a convolution's few output channels times a chunk's thousands of
       columns) each element of B is read once, and packing would copy it for nothing. */
    const int pack_a = trans_a;
    const int pack_b = trans_b || (m > mr && m * n * k > GD_SMALL_WORK);

    const int64_t kc_max = gd_min(k, config->kc);
    const int64_t nc_max = gd_min(gd_round_up(n, nr), config->nc);
    const int64_t mc_max = gd_min(gd_round_up(m, mr), config->mc);
    const int64_t a_size = pack_a ? gd_round_up(mc_max * kc_max, 16) : 0;
    const int64_t b_size = (pack_b ? nc_max : nr) * kc_max;
    GD_REAL *a_buffer = nabla_thread_scratch((size_t)(a_size + b_size) * sizeof(GD_REAL));
    if (a_buffer == NULL) {
        gd_reference(m, n, k, alpha, a, ars, acs, b, brs, bcs, beta, c, ldc);
        return;
    }
    GD_REAL *b_buffer = a_buffer + a_size;

    for (int64_t jc = 0; jc < n; jc += nc_max) {
        const int64_t nc = gd_min(nc_max, n - jc);
        for (int64_t pc = 0; pc < k; pc += kc_max) {
            const int64_t kc = gd_min(kc_max, k - pc);
            const GD_REAL beta_block = pc == 0 ? beta : 1;
            const GD_REAL *b_block = b + pc * brs + jc * bcs;
            /* Micro-panels [0, in_place) are read from B directly, the rest from b_buffer. */
            const int64_t in_place = pack_b ? 0 : nc / nr;
            gd_pack_b(kc, nc - in_place * nr, b_block + in_place * nr * bcs, brs, bcs, nr, b_buffer);

            for (int64_t ic = 0; ic < m; ic += mc_max) {
                const int64_t mc = gd_min(mc_max, m - ic);
                const GD_REAL *a_block = a + ic * ars + pc * acs;
                if (pack_a)
                    gd_pack_a(mc, kc, a_block, ars, acs, mr, a_buffer);

                for (int64_t ir = 0; ir < mc; ir += mr) {
                    const int64_t rows = gd_min(mr, mc - ir);
                    const GD_REAL *a_panel = pack_a ? a_buffer + ir * kc : a_block + ir * ars;
                    const int64_t rsa = pack_a ? 1 : ars, csa = pack_a ? mr : acs;
                    GD_REAL *c_row = c + (ic + ir) * ldc + jc;

                    for (int64_t jr = 0, panel = 0; jr < nc; jr += nr, panel++) {
                        const int64_t cols = gd_min(nr, nc - jr);
                        const int direct = panel < in_place;
                        const GD_REAL *b_panel =
                            direct ? b_block + jr : b_buffer + (panel - in_place) * nr * kc;
                        config->kernel(kc, a_panel, rsa, csa, b_panel, direct ? brs : nr,
                                       c_row + jr, ldc, alpha, beta_block, rows, cols);
                    }
                }
            }
        }
    }
}

/* A product split into `count` slabs of `step` whole tiles' width, along columns or rows of C.
   Column slabs are preferred: each thread then packs only its own columns of B. */
typedef struct {
    nabla_isa isa;
    int trans_a, trans_b;
    int64_t m, n, k;
    GD_REAL alpha, beta;
    const GD_REAL *a, *b;
    GD_REAL *c;
    int64_t lda, ldb, ldc;
    int along_columns;
    int64_t step;
} gd_parallel_job;

static void gd_run_slab(void *context, int64_t index) {
    const gd_parallel_job *job = context;
    const int64_t start = index * job->step;
    if (job->along_columns) {
        const GD_REAL *b = job->b + (job->trans_b ? start * job->ldb : start);
        gd_serial(job->isa, job->trans_a, job->trans_b, job->m, gd_min(job->step, job->n - start),
                  job->k, job->alpha, job->a, job->lda, b, job->ldb, job->beta, job->c + start,
                  job->ldc);
    } else {
        const GD_REAL *a = job->a + (job->trans_a ? start : start * job->lda);
        gd_serial(job->isa, job->trans_a, job->trans_b, gd_min(job->step, job->m - start), job->n,
                  job->k, job->alpha, a, job->lda, job->b, job->ldb, job->beta,
                  job->c + start * job->ldc, job->ldc);
    }
}

/* How many threads a product of m x n x k is worth: at least `minimum_work` multiply-adds each, at
   most `threads` and the pool's workers plus the caller; one inside a task of a parallel job, where
   the slabs would run one after another anyway (and row slabs would each pack all of B). */
static int64_t gd_wanted_threads(int threads, int64_t m, int64_t n, int64_t k, int64_t minimum_work) {
    if (nabla_parallel_in_task())
        return 1;
    int64_t wanted = m > 0 && n > 0 && k > 0 ? m * n * k / minimum_work : 0;
    if (wanted > threads)
        wanted = threads;
    if (wanted > (int64_t)nabla_parallel_worker_count() + 1)
        wanted = nabla_parallel_worker_count() + 1;
    return wanted;
}

/* Splits C into at most `wanted` slabs of whole tiles, along columns (preferred) or rows: sets
   *along_columns and *step (the slab width) and returns the number of slabs. */
static int64_t gd_plan_slabs(const GD_CONFIG *config, int64_t wanted, int64_t m, int64_t n, int *along_columns, int64_t *step) {
    *along_columns = n >= m || n >= wanted * 4 * config->nr;
    const int64_t extent = *along_columns ? n : m;
    const int64_t unit = *along_columns ? config->nr : config->mr;
    const int64_t units = (extent + unit - 1) / unit;
    const int64_t slabs = gd_min(wanted, units);
    *step = (units + slabs - 1) / slabs * unit;
    return (extent + *step - 1) / *step;
}

/* Whether C = op(A) * Bᵀ is better computed as its transpose, Cᵀ = B * op(A)ᵀ: packing a transposed B
   gathers every one of its n * k elements with a stride, which costs as much as the arithmetic when C
   has few rows (a dense layer's x * Wᵀ at a small batch). The transposed product reads B in place, packs
   op(A) (m * k elements) instead and writes C with a transposing copy (m * n). */
static int gd_transposed_pays(int trans_b, int64_t m, int64_t n, int64_t k) {
    return trans_b && 4 * m <= n && m * n * k > GD_SMALL_WORK;
}

/* C = transposed^T + beta * C, transposed being n x m; a block of rows of C at a time, so that each row
   of `transposed` is read once per block rather than once per element. */
static void gd_add_transposed(int64_t m, int64_t n, const GD_REAL *transposed, GD_REAL beta, GD_REAL *c, int64_t ldc) {
    enum { BLOCK = 16 };
    for (int64_t i0 = 0; i0 < m; i0 += BLOCK) {
        const int64_t rows = gd_min(BLOCK, m - i0);
        for (int64_t j = 0; j < n; j++) {
            const GD_REAL *source = transposed + j * m + i0;
            GD_REAL *target = c + i0 * ldc + j;
            for (int64_t i = 0; i < rows; i++)
                target[i * ldc] = beta == 0 ? source[i] : source[i] + beta * target[i * ldc];
        }
    }
}

void GD_NAME(nabla_isa isa, int threads, int trans_a, int trans_b, int64_t m, int64_t n,
             int64_t k, GD_REAL alpha, const GD_REAL *a, int64_t lda, const GD_REAL *b,
             int64_t ldb, GD_REAL beta, GD_REAL *c, int64_t ldc) {
    if (alpha != 0 && gd_transposed_pays(trans_b, m, n, k)) {
        GD_REAL *transposed = malloc((size_t)(m * n) * sizeof(GD_REAL));
        if (transposed != NULL) {
            /* B is stored n x k, so it is the non-transposed left factor; op(A)^T is A when trans_a. */
            GD_NAME(isa, threads, 0, !trans_a, n, m, k, alpha, b, ldb, a, lda, 0, transposed, m);
            gd_add_transposed(m, n, transposed, beta, c, ldc);
            free(transposed);
            return;
        }
    }
    const int64_t wanted = gd_wanted_threads(threads, m, n, k, NABLA_GEMM_MIN_WORK_PER_THREAD);
    if (wanted <= 1 || alpha == 0) {
        gd_serial(isa, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    gd_parallel_job job = {isa, trans_a, trans_b, m, n, k, alpha, beta, a, b, c, lda, ldb, ldc};
    const int64_t slabs = gd_plan_slabs(GD_CONFIG_FOR(isa, n), wanted, m, n, &job.along_columns, &job.step);
    nabla_parallel_for(slabs, gd_run_slab, &job);
}


/* ---- Products with a pre-packed B (a weight used at every step of a recurrent network) ----
   A is not transposed and is read in place, as gd_serial does for a non-transposed A.
   op(B) (k x n) is packed once into nr-wide micro-panels, depth block after depth block: the block
   at depth pc (kc_max deep, the last one shorter) starts at pc * round_up(n, nr), and within it
   micro-panel t (columns t * nr ..) at t * nr * kc, holding B(pc + p, t * nr + j) at [p * nr + j]. */

int64_t GD_PACKED_SIZE(nabla_isa isa, int64_t k, int64_t n) {
    const GD_CONFIG *config = GD_CONFIG_FOR(isa, n);
    return k * gd_round_up(n, config->nr);
}

void GD_PACK(nabla_isa isa, int trans_b, int64_t k, int64_t n, const GD_REAL *b, int64_t ldb, GD_REAL *packed) {
    const GD_CONFIG *config = GD_CONFIG_FOR(isa, n);
    const int64_t brs = trans_b ? 1 : ldb, bcs = trans_b ? ldb : 1;
    const int64_t n_pad = gd_round_up(n, config->nr), kc_max = gd_min(k, config->kc);
    for (int64_t pc = 0; pc < k; pc += kc_max) {
        const int64_t kc = gd_min(kc_max, k - pc);
        gd_pack_b(kc, n, b + pc * brs, brs, bcs, config->nr, packed + pc * n_pad);
    }
}

/* Columns [start, start + n) of C = alpha * A * B + beta * C on the calling thread, A read in place
   and B packed by GD_PACK for `n_total` columns with `config`; `start` is a multiple of nr. */
static void gd_serial_packed(const GD_CONFIG *config, int64_t m, int64_t n, int64_t start, int64_t n_total, int64_t k,
                             GD_REAL alpha, const GD_REAL *a, int64_t lda, const GD_REAL *packed, GD_REAL beta, GD_REAL *c,
                             int64_t ldc) {
    if (m <= 0 || n <= 0)
        return;
    if (k <= 0 || alpha == 0) {
        gd_scale(m, n, beta, c + start, ldc);
        return;
    }
    const int64_t mr = config->mr, nr = config->nr;
    const int64_t n_pad = gd_round_up(n_total, nr), kc_max = gd_min(k, config->kc);
    /* Blocks of nc columns, so that the kc x nc block of B stays in L2 while the rows of A pass. */
    const int64_t nc_max = gd_round_up(config->nc, nr), end = start + n;
    for (int64_t jc = start; jc < end; jc += nc_max) {
        const int64_t jc_end = gd_min(jc + nc_max, end);
        for (int64_t pc = 0; pc < k; pc += kc_max) {
            const int64_t kc = gd_min(kc_max, k - pc);
            const GD_REAL beta_block = pc == 0 ? beta : 1;
            const GD_REAL *b_block = packed + pc * n_pad;
            for (int64_t i = 0; i < m; i += mr) {
                const GD_REAL *a_panel = a + i * lda + pc;
                GD_REAL *c_row = c + i * ldc;
                for (int64_t j = jc; j < jc_end; j += nr)
                    config->kernel(kc, a_panel, lda, 1, b_block + j * kc, nr, c_row + j, ldc, alpha, beta_block, gd_min(mr, m - i),
                                   gd_min(nr, jc_end - j));
            }
        }
    }
}

typedef struct {
    const GD_CONFIG *config;
    int64_t m, n, k;
    GD_REAL alpha, beta;
    const GD_REAL *a, *packed;
    GD_REAL *c;
    int64_t lda, ldc;
    int along_columns;
    int64_t step;
} gd_packed_job;

static void gd_run_packed_slab(void *context, int64_t index) {
    const gd_packed_job *job = context;
    const int64_t start = index * job->step;
    if (job->along_columns) {
        gd_serial_packed(job->config, job->m, gd_min(job->step, job->n - start), start, job->n, job->k, job->alpha, job->a,
                         job->lda, job->packed, job->beta, job->c, job->ldc);
    } else {
        gd_serial_packed(job->config, gd_min(job->step, job->m - start), job->n, 0, job->n, job->k, job->alpha,
                         job->a + start * job->lda, job->lda, job->packed, job->beta, job->c + start * job->ldc, job->ldc);
    }
}

void GD_PACKED_NAME(nabla_isa isa, int threads, int64_t m, int64_t n, int64_t k, GD_REAL alpha, const GD_REAL *a,
                    int64_t lda, const GD_REAL *packed_b, GD_REAL beta, GD_REAL *c, int64_t ldc) {
    const GD_CONFIG *config = GD_CONFIG_FOR(isa, n);
    /* Nothing is packed per call, so a quarter of the usual work per thread repays the hand-off: a
       recurrent step's products (32 x 512 x 256, a GRU's gates) are split too. */
    const int64_t wanted = gd_wanted_threads(threads, m, n, k, NABLA_GEMM_MIN_WORK_PER_THREAD / 4);
    gd_packed_job job = {config, m, n, k, alpha, beta, a, packed_b, c, lda, ldc, 1, n};
    if (wanted <= 1 || alpha == 0) {
        gd_run_packed_slab(&job, 0);
        return;
    }
    const int64_t slabs = gd_plan_slabs(config, wanted, m, n, &job.along_columns, &job.step);
    nabla_parallel_for(slabs, gd_run_packed_slab, &job);
}

/* The column width of one packed micro-panel: a column range starting at a multiple of it can be
   multiplied on its own (GD_PACKED_COLUMNS). */
int64_t GD_PACKED_STEP(nabla_isa isa, int64_t n) { return GD_CONFIG_FOR(isa, n)->nr; }

/* Columns [start, start + count) of the product GD_PACKED_NAME computes, on the calling thread: for a
   caller that splits a product among its own threads and goes on with the columns it computed. */
void GD_PACKED_COLUMNS(nabla_isa isa, int64_t m, int64_t n, int64_t start, int64_t count, int64_t k, GD_REAL alpha,
                       const GD_REAL *a, int64_t lda, const GD_REAL *packed_b, GD_REAL beta, GD_REAL *c, int64_t ldc) {
    gd_serial_packed(GD_CONFIG_FOR(isa, n), m, count, start, n, k, alpha, a, lda, packed_b, beta, c, ldc);
}

#undef GD_SMALL_WORK
#undef GD_NAME
#undef GD_REAL
#undef GD_CONFIG
#undef GD_CONFIG_FOR
#undef GD_PACKED_SIZE
#undef GD_PACK
#undef GD_PACKED_NAME
#undef GD_PACKED_STEP
#undef GD_PACKED_COLUMNS
