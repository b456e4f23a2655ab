/*
 * Public matrix-vector products for one element type (ad_sgemv / ad_dgemv
 * in CAutodiffKernels.h), included by gemm.c after every instance of that
 * type. Parameters, #undef'd at the end: GT, GS(x), GI(x, isa), GVENTRY.
 *
 * Large products are split across the thread pool (pool.c) by rows of A,
 * a few parts per thread (one slowed down by another program then holds up
 * less of the work), each a contiguous range of rows read front to back:
 * for y = A x each part is a range of y; for y = Aᵀ x each part sums its
 * rows into a partial y of its own (the first part's is y itself), and the
 * partials are added at the end (n values each, against m n read from A).
 */

/* Indexed by path, as GS(impls). */
static const struct {
    void (*n)(int64_t, int64_t, const GT *restrict, int64_t, const GT *restrict, GT *restrict);
    void (*t)(int64_t, int64_t, const GT *restrict, int64_t, const GT *restrict, GT *restrict);
} GS(gemv_impls)[] = {
    {GI(gemv_n, port), GI(gemv_t, port)},
#if AD_X86
    {GI(gemv_n, avx2), GI(gemv_t, avx2)},
    /* A x in 256-bit vectors on AVX-512 machines too: on an AMD EPYC
     * (W5's 2000 x 2000 floats) 512-bit ones were no faster, and slower in
     * a harness of the kernel alone. */
    {GI(gemv_n, avx2), GI(gemv_t, avx512)},
#endif
};

struct GS(gemv_job) {
    int path;
    int64_t m, n, lda, parts;
    const GT *a, *x;
    GT *y, *partials;
};

/* Part t of y = A x: rows [i0, i1) of A give y[i0..i1). */
static void GS(gemv_n_part)(void *context, int64_t t)
{
    const struct GS(gemv_job) *job = context;
    const int64_t i0 = job->m * t / job->parts, i1 = job->m * (t + 1) / job->parts;
    GS(gemv_impls)[job->path].n(i1 - i0, job->n, job->a + i0 * job->lda, job->lda, job->x, job->y + i0);
}

/* Part t of y = Aᵀ x: rows [i0, i1) of A into partial y number t. */
static void GS(gemv_t_part)(void *context, int64_t t)
{
    const struct GS(gemv_job) *job = context;
    /* Whole groups of gemv_t's rows per pass, except in the last part. */
    const int64_t g = AD_GEMV_T_ROWS;
    const int64_t i0 = job->m * t / job->parts / g * g;
    const int64_t i1 = t + 1 == job->parts ? job->m : job->m * (t + 1) / job->parts / g * g;
    GT *out = t == 0 ? job->y : job->partials + (t - 1) * job->n;
    GS(gemv_impls)[job->path].t(i1 - i0, job->n, job->a + i0 * job->lda, job->lda, job->x + i0, out);
}

void GVENTRY(int trans, int64_t m, int64_t n, const GT *a, int64_t lda, const GT *x, GT *y)
{
    const int64_t outputs = trans ? n : m;
    if (outputs <= 0) return;
    if (m <= 0 || n <= 0) {
        memset(y, 0, (size_t)outputs * sizeof(GT));
        return;
    }
    struct GS(gemv_job) job = {ad_gemm_path(), m, n, lda, 1, a, x, y, NULL};
    /* In double: m * n can overflow int64_t for absurd shapes. */
    const int parallel = (double)m * (double)n >= AD_GEMV_PARALLEL_MIN && m >= 8;
    const int threads = parallel ? ad_pool_threads() : 1;
    if (threads < 2) {
        (trans ? GS(gemv_t_part) : GS(gemv_n_part))(&job, 0);
        return;
    }
    if (!trans) {
        job.parts = 4 * (int64_t)threads < m ? 4 * (int64_t)threads : m;
        ad_pool_run(job.parts, &job, GS(gemv_n_part));
        return;
    }
    /* A few parts per thread too, as long as their partials (one y each)
     * stay small beside A: at most one for every 16 rows. */
    job.parts = 4 * (int64_t)threads < 1 + m / 16 ? 4 * (int64_t)threads : 1 + m / 16;
    job.partials = malloc((size_t)(job.parts - 1) * (size_t)n * sizeof(GT));
    if (!job.partials) {
        job.parts = 1;
        GS(gemv_t_part)(&job, 0);
        return;
    }
    ad_pool_run(job.parts, &job, GS(gemv_t_part));
    for (int64_t t = 1; t < job.parts; t++) {
        const GT *partial = job.partials + (t - 1) * n;
        for (int64_t j = 0; j < n; j++) y[j] += partial[j];
    }
    free(job.partials);
}

#undef GT
#undef GS
#undef GI
#undef GVENTRY
