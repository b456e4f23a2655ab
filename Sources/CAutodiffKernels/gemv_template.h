/*
 * Matrix-vector kernels (ad_sgemv / ad_dgemv, gemv_entry.h) for one element
 * type and instruction set, included by gemm.c just before gemm_template.h
 * with the same parameters (GT, GN, GATTR, GVW, GV and its ops), which that
 * file #undef's.
 *
 * Both kernels read A once, front to back, row after row, which is what
 * makes them run at the memory bandwidth: a product with a vector does one
 * multiply-add per element of A loaded, so nothing but the loads counts.
 */

/* Horizontal sum of a vector's lanes. */
GATTR inline GT GN(gemv_lanes)(GV v)
{
    GT lanes[GVW];
    GVSTOREU(lanes, v);
    GT s = 0;
    for (int l = 0; l < GVW; l++) s += lanes[l];
    return s;
}

/* y[i] = row i of A . x for the m rows of A (k columns), one row at a
 * time with four accumulators (four FMA chains hide the FMA latency).
 * One row at a time, rather than several sharing each load of x, keeps the
 * reads of A a single stream front to back: in the benchmark's W5 (2000 x
 * 2000 floats) pairs of rows were no faster and four rows slower. */
GATTR void GN(gemv_n)(int64_t m, int64_t k, const GT *restrict a, int64_t lda, const GT *restrict x,
                      GT *restrict y)
{
    for (int64_t i = 0; i < m; i++) {
        const GT *ai = a + i * lda;
        GV s0 = GVZERO(), s1 = GVZERO(), s2 = GVZERO(), s3 = GVZERO();
        int64_t p = 0;
        for (; p + 4 * GVW <= k; p += 4 * GVW) {
            s0 = GVFMA(GVLOADU(ai + p), GVLOADU(x + p), s0);
            s1 = GVFMA(GVLOADU(ai + p + GVW), GVLOADU(x + p + GVW), s1);
            s2 = GVFMA(GVLOADU(ai + p + 2 * GVW), GVLOADU(x + p + 2 * GVW), s2);
            s3 = GVFMA(GVLOADU(ai + p + 3 * GVW), GVLOADU(x + p + 3 * GVW), s3);
        }
        for (; p + GVW <= k; p += GVW) s0 = GVFMA(GVLOADU(ai + p), GVLOADU(x + p), s0);
        GT r = GN(gemv_lanes)(GVADD(GVADD(s0, s1), GVADD(s2, s3)));
        for (; p < k; p++) r += ai[p] * x[p];
        y[i] = r;
    }
}

/* Columns per pass of gemv_t: y's block (16 KB of floats) stays in L1
 * while groups of rows are added into it. */
#ifndef AD_GEMV_T_BLOCK
#define AD_GEMV_T_BLOCK 4096
#endif

/* Rows per pass of gemv_t over y; the parallel split (gemv_entry.h) gives
 * each part whole groups of them. */
#define AD_GEMV_T_ROWS 8

/* `rows` rows of A (at most AD_GEMV_T_ROWS), each scaled by its x and added
 * into the nb values of yb, in two FMA chains. Always inlined with a
 * constant `rows`, so each group size is straight-line code. */
GATTR inline __attribute__((always_inline)) void GN(gemv_t_rows)(int rows, const GT *restrict a, int64_t lda,
                                                                const GT *restrict x, int64_t nb, GT *restrict yb)
{
    const GT *r[AD_GEMV_T_ROWS];
    GV v[AD_GEMV_T_ROWS];
    for (int q = 0; q < rows; q++) r[q] = a + q * lda, v[q] = GVSET1(x[q]);
    int64_t j = 0;
    for (; j + GVW <= nb; j += GVW) {
        GV s = GVFMA(GVLOADU(r[0] + j), v[0], GVLOADU(yb + j)), u = GVZERO();
        for (int q = 1; q < rows; q++) {
            if (q % 2) u = GVFMA(GVLOADU(r[q] + j), v[q], u);
            else s = GVFMA(GVLOADU(r[q] + j), v[q], s);
        }
        GVSTOREU(yb + j, GVADD(s, u));
    }
    for (; j < nb; j++) {
        GT t = yb[j];
        for (int q = 0; q < rows; q++) t += x[q] * r[q][j];
        yb[j] = t;
    }
}

/* y[j] = sum over the m rows i of x[i] * A[i][j], for the n columns of A:
 * the rows of A scaled and added into y, eight rows per pass over y (an
 * eighth of y's loads and stores), then four, then one. Eight: in the
 * benchmark's W5 (2000 x 2000 floats, timed in the same runs) the product
 * took 104-116 us with eight rows against 130-150 with sixteen or four,
 * as fast as A x; sixteen rows are sixteen streams through memory at once,
 * more than the prefetchers follow. Wide rows go a block of columns at a
 * time; each block still reads its part of every row front to back. */
GATTR void GN(gemv_t)(int64_t m, int64_t n, const GT *restrict a, int64_t lda, const GT *restrict x,
                      GT *restrict y)
{
    for (int64_t j = 0; j < n; j++) y[j] = 0;
    for (int64_t j0 = 0; j0 < n; j0 += AD_GEMV_T_BLOCK) {
        const int64_t nb = n - j0 < AD_GEMV_T_BLOCK ? n - j0 : AD_GEMV_T_BLOCK;
        int64_t i = 0;
        for (; i + AD_GEMV_T_ROWS <= m; i += AD_GEMV_T_ROWS)
            GN(gemv_t_rows)(AD_GEMV_T_ROWS, a + i * lda + j0, lda, x + i, nb, y + j0);
        for (; i + 4 <= m; i += 4) GN(gemv_t_rows)(4, a + i * lda + j0, lda, x + i, nb, y + j0);
        for (; i < m; i++) GN(gemv_t_rows)(1, a + i * lda + j0, lda, x + i, nb, y + j0);
    }
}
