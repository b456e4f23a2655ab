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

/* y[i] = row i of A . x for the m rows of A (k columns): four rows at a
 * time, so that each vector of x is loaded once for four rows, with two
 * accumulators per row (eight FMA chains hide the FMA latency). */
GATTR void GN(gemv_n)(int64_t m, int64_t k, const GT *restrict a, int64_t lda, const GT *restrict x,
                      GT *restrict y)
{
    int64_t i = 0;
    for (; i + 4 <= m; i += 4) {
        const GT *a0 = a + i * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
        GV s0 = GVZERO(), s1 = GVZERO(), s2 = GVZERO(), s3 = GVZERO();
        GV t0 = GVZERO(), t1 = GVZERO(), t2 = GVZERO(), t3 = GVZERO();
        int64_t p = 0;
        for (; p + 2 * GVW <= k; p += 2 * GVW) {
            const GV x0 = GVLOADU(x + p), x1 = GVLOADU(x + p + GVW);
            s0 = GVFMA(GVLOADU(a0 + p), x0, s0);
            s1 = GVFMA(GVLOADU(a1 + p), x0, s1);
            s2 = GVFMA(GVLOADU(a2 + p), x0, s2);
            s3 = GVFMA(GVLOADU(a3 + p), x0, s3);
            t0 = GVFMA(GVLOADU(a0 + p + GVW), x1, t0);
            t1 = GVFMA(GVLOADU(a1 + p + GVW), x1, t1);
            t2 = GVFMA(GVLOADU(a2 + p + GVW), x1, t2);
            t3 = GVFMA(GVLOADU(a3 + p + GVW), x1, t3);
        }
        for (; p + GVW <= k; p += GVW) {
            const GV x0 = GVLOADU(x + p);
            s0 = GVFMA(GVLOADU(a0 + p), x0, s0);
            s1 = GVFMA(GVLOADU(a1 + p), x0, s1);
            s2 = GVFMA(GVLOADU(a2 + p), x0, s2);
            s3 = GVFMA(GVLOADU(a3 + p), x0, s3);
        }
        GT r0 = GN(gemv_lanes)(GVADD(s0, t0)), r1 = GN(gemv_lanes)(GVADD(s1, t1));
        GT r2 = GN(gemv_lanes)(GVADD(s2, t2)), r3 = GN(gemv_lanes)(GVADD(s3, t3));
        for (; p < k; p++) {
            r0 += a0[p] * x[p];
            r1 += a1[p] * x[p];
            r2 += a2[p] * x[p];
            r3 += a3[p] * x[p];
        }
        y[i] = r0, y[i + 1] = r1, y[i + 2] = r2, y[i + 3] = r3;
    }
    for (; i < m; i++) {
        const GT *ai = a + i * lda;
        GV s0 = GVZERO(), s1 = GVZERO();
        int64_t p = 0;
        for (; p + 2 * GVW <= k; p += 2 * GVW) {
            s0 = GVFMA(GVLOADU(ai + p), GVLOADU(x + p), s0);
            s1 = GVFMA(GVLOADU(ai + p + GVW), GVLOADU(x + p + GVW), s1);
        }
        for (; p + GVW <= k; p += GVW) s0 = GVFMA(GVLOADU(ai + p), GVLOADU(x + p), s0);
        GT r = GN(gemv_lanes)(GVADD(s0, s1));
        for (; p < k; p++) r += ai[p] * x[p];
        y[i] = r;
    }
}

/* Columns per pass of gemv_t: y's block (16 KB of floats) stays in L1
 * while four rows at a time are added into it. */
#ifndef AD_GEMV_T_BLOCK
#define AD_GEMV_T_BLOCK 4096
#endif

/* y[j] = sum over the m rows i of x[i] * A[i][j], for the n columns of A:
 * the rows of A scaled and added into y, four rows per pass over y (a
 * quarter of y's loads and stores). Wide rows go a block of columns at a
 * time; each block still reads its part of every row front to back. */
GATTR void GN(gemv_t)(int64_t m, int64_t n, const GT *restrict a, int64_t lda, const GT *restrict x,
                      GT *restrict y)
{
    for (int64_t j = 0; j < n; j++) y[j] = 0;
    for (int64_t j0 = 0; j0 < n; j0 += AD_GEMV_T_BLOCK) {
        const int64_t nb = n - j0 < AD_GEMV_T_BLOCK ? n - j0 : AD_GEMV_T_BLOCK;
        GT *restrict yb = y + j0;
        int64_t i = 0;
        for (; i + 4 <= m; i += 4) {
            const GT *a0 = a + i * lda + j0, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
            const GT x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
            const GV v0 = GVSET1(x0), v1 = GVSET1(x1), v2 = GVSET1(x2), v3 = GVSET1(x3);
            int64_t j = 0;
            for (; j + GVW <= nb; j += GVW) {
                GV s = GVLOADU(yb + j);
                s = GVFMA(GVLOADU(a0 + j), v0, s);
                s = GVFMA(GVLOADU(a1 + j), v1, s);
                s = GVFMA(GVLOADU(a2 + j), v2, s);
                s = GVFMA(GVLOADU(a3 + j), v3, s);
                GVSTOREU(yb + j, s);
            }
            for (; j < nb; j++) yb[j] += x0 * a0[j] + x1 * a1[j] + x2 * a2[j] + x3 * a3[j];
        }
        for (; i < m; i++) {
            const GT *ai = a + i * lda + j0;
            const GT xi = x[i];
            const GV vi = GVSET1(xi);
            int64_t j = 0;
            for (; j + GVW <= nb; j += GVW) GVSTOREU(yb + j, GVFMA(GVLOADU(ai + j), vi, GVLOADU(yb + j)));
            for (; j < nb; j++) yb[j] += xi * ai[j];
        }
    }
}
