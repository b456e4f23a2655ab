/*
 * Public entry point for one element type, included by gemm.c after every
 * instance of that type. Parameters, #undef'd at the end: GT (element type),
 * GS(x) (appends the type suffix), GI(x, isa) (names an instance's function),
 * GENTRY (the public name).
 */

/* Triple loop over strides: for tiny products (and when out of memory, as it
 * allocates nothing). */
static void GS(naive)(int ta, int tb, int64_t m, int64_t n, int64_t k, const GT *a, int64_t lda, const GT *b,
                      int64_t ldb, GT *c, int64_t ldc)
{
    const int64_t a_i = ta ? 1 : lda, a_p = ta ? lda : 1;
    const int64_t b_p = tb ? 1 : ldb, b_j = tb ? ldb : 1;
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            GT s = 0;
            for (int64_t p = 0; p < k; p++) s += a[i * a_i + p * a_p] * b[p * b_p + j * b_j];
            c[i * ldc + j] = s;
        }
}

typedef void (*GS(gemm_fn))(int, int, int64_t, int64_t, int64_t, const GT *, int64_t, const GT *, int64_t, GT *,
                            int64_t, GT *);

/* Indexed by path: 0 portable, 1 AVX2+FMA, 2 AVX-512. */
static const struct {
    int64_t (*packed_ws)(int64_t, int64_t, int64_t);
    GS(gemm_fn) packed;
    GS(gemm_fn) small;
    /* The pieces a shared product (gemm_job_template.h) puts together. */
    void (*pack_a)(int, int64_t, int64_t, const GT *restrict, int64_t, GT *restrict);
    void (*pack_b)(int, int64_t, int64_t, const GT *restrict, int64_t, GT *restrict);
    void (*macro)(int64_t, int64_t, int64_t, const GT *, const GT *, GT *, int64_t, int);
    const int64_t *blocks; /* MR, NR, MC, KC, NC */
} GS(impls)[] = {
    {GI(packed_ws, port), GI(packed, port), GI(small, port), GI(pack_a, port), GI(pack_b, port), GI(macro, port),
     GI(blocks, port)},
#if AD_X86
    {GI(packed_ws, avx2), GI(packed, avx2), GI(small, avx2), GI(pack_a, avx2), GI(pack_b, avx2), GI(macro, avx2),
     GI(blocks, avx2)},
    {GI(packed_ws, avx512), GI(packed, avx512), GI(small, avx512), GI(pack_a, avx512), GI(pack_b, avx512),
     GI(macro, avx512), GI(blocks, avx512)},
#endif
};

/* Whether a product takes the unpacked path (see small()). */
static int GS(is_small)(int64_t m, int64_t n, int64_t k) { return m <= AD_FEW || AD_FEW_COLS(n, k); }

/* The single-threaded product on a given path (the public entry point uses
 * the calling thread's; the tasks of a shared product use its creator's). */
static void GS(gemm_at)(int path, int ta, int tb, int64_t m, int64_t n, int64_t k, const GT *a, int64_t lda,
                        const GT *b, int64_t ldb, GT *c, int64_t ldc)
{
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        for (int64_t i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(GT));
        return;
    }
    /* In double: m * n * k can overflow int64_t for absurd shapes. */
    if ((double)m * (double)n * (double)k <= AD_TINY_MNK) {
        GS(naive)(ta, tb, m, n, k, a, lda, b, ldb, c, ldc);
        return;
    }
    const int small = GS(is_small)(m, n, k);
    const int64_t need = small ? small_ws(ta, tb, m, n, k) : GS(impls)[path].packed_ws(m, n, k);
    GT *ws = NULL;
    void *owned = NULL;
    if (need > 0 && !(ws = (GT *)workspace((size_t)need * sizeof(GT), &owned))) {
        GS(naive)(ta, tb, m, n, k, a, lda, b, ldb, c, ldc);
        return;
    }
    (small ? GS(impls)[path].small : GS(impls)[path].packed)(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, ws);
    free(owned);
}

void GENTRY(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k, const GT *a, int64_t lda, const GT *b,
            int64_t ldb, GT *c, int64_t ldc)
{
    GS(gemm_at)(ad_gemm_path(), trans_a != 0, trans_b != 0, m, n, k, a, lda, b, ldb, c, ldc);
}

#undef GT
#undef GS
#undef GI
#undef GENTRY
