/*
 * One GEMM implementation (packing, micro-kernel, blocked driver and the
 * unpacked path for small or skinny products), included by gemm.c once per
 * element type and instruction set. It is a textual template rather than a
 * macro so compiler errors point at real lines.
 *
 * Parameters, #undef'd again at the end:
 *   GT           element type (float or double)
 *   GN(x)        name mangler, gives each instance its own names
 *   GATTR        storage class and target attribute of every function
 *   GMR, GNR     micro-tile: GMR rows of C x GNR columns
 *   GMC,GKC,GNC  cache blocks (see gemm.c)
 *   GVW          lanes per vector of the micro-kernel's vector type GV,
 *                with the ops GVLOADU, GVSTOREU (unaligned), GVSET1
 *                (broadcast), GVFMA(a, b, c) = a * b + c, GVADD and GVZERO
 *   GTPACK       optional: a GVW x GVW transpose for packing
 *                (gemm_transpose.h); without it packing is element by element
 */

/* Packs `valid` source rows (src + r * ld, contiguous along k; rows past
 * `valid` up to `width` are zero) into one panel of `width` rows whose kb
 * steps are each `width` adjacent values: a transpose. Used for op(A) when
 * A is stored row-major and for op(B) when B is stored transposed. */
GATTR void GN(pack_rows)(int64_t width, int64_t valid, int64_t kb, const GT *restrict src, int64_t ld,
                         GT *restrict dst)
{
    int64_t p = 0;
#ifdef GTPACK
    for (; p + GVW <= kb; p += GVW)
        for (int64_t r0 = 0; r0 < width; r0 += GVW) {
            const int64_t lanes = width - r0 < GVW ? width - r0 : GVW;
            const int64_t rows = valid - r0 < 0 ? 0 : valid - r0 < lanes ? valid - r0 : lanes;
            GTPACK(rows, lanes, src + r0 * ld + p, ld, dst + p * width + r0, width);
        }
#endif
    if (p == kb) return;
    /* Steps left over (or all of them): GMR or GNR row streams read in step,
     * so each output line is written once, front to back. */
    for (int64_t q = p; q < kb; q++) {
        GT *d = dst + q * width;
        int64_t r = 0;
        for (; r < valid; r++) d[r] = src[r * ld + q];
        for (; r < width; r++) d[r] = 0;
    }
}

/* Packs op(A)[mb x kb] into panels of GMR rows; inside a panel the GMR
 * values of one k step are adjacent, the order the kernel broadcasts them.
 * Rows past mb are zero so edge tiles can run the full kernel (garbage
 * there could be a NaN or a slow denormal, even though it is discarded). */
GATTR void GN(pack_a)(int trans, int64_t mb, int64_t kb, const GT *restrict a, int64_t lda, GT *restrict dst)
{
    for (int64_t i0 = 0; i0 < mb; i0 += GMR, dst += GMR * kb) {
        const int64_t rows = mb - i0 < GMR ? mb - i0 : GMR;
        if (trans) {
            /* op(A)(i, p) = a[p * lda + i]: each k step is a contiguous run. */
            for (int64_t p = 0; p < kb; p++) {
                const GT *src = a + p * lda + i0;
                GT *d = dst + p * GMR;
                int64_t i = 0;
                for (; i < rows; i++) d[i] = src[i];
                for (; i < GMR; i++) d[i] = 0;
            }
        } else {
            /* op(A)(i, p) = a[i * lda + p]: rows of A become k steps. */
            GN(pack_rows)(GMR, rows, kb, a + i0 * lda, lda, dst);
        }
    }
}

/* Columns of the B panel that starts `remaining` columns before the end of
 * a block: GNR, or GNR / 2 for a last panel that fits in half. A 10-column
 * output layer would otherwise be more than two thirds padding with
 * AVX-512 floats (a 32-column tile), and the kernel's time is per tile.
 * Packing and the macro-kernel both ask here, so they agree on the layout;
 * every panel before the last is whole, so panel j0 starts at j0 * kb. */
static inline int64_t GN(panel_width)(int64_t remaining)
{
    return remaining <= GNR / 2 ? GNR / 2 : GNR;
}

/* Packs op(B)[kb x nb] into panels of GNR columns (the last one possibly
 * GNR / 2, see panel_width), one k step (whole vectors) after the other;
 * columns past nb are zero. */
GATTR void GN(pack_b)(int trans, int64_t kb, int64_t nb, const GT *restrict b, int64_t ldb, GT *restrict dst)
{
    for (int64_t j0 = 0, w; j0 < nb; j0 += w, dst += w * kb) {
        w = GN(panel_width)(nb - j0);
        const int64_t cols = nb - j0 < w ? nb - j0 : w;
        if (!trans) {
            /* op(B)(p, j) = b[p * ldb + j] */
            const GT *src = b + j0;
            if (cols == GNR) {
                for (int64_t p = 0; p < kb; p++) {
                    GEMM_UNROLL
                    for (int j = 0; j < GNR; j++) dst[p * GNR + j] = src[p * ldb + j];
                }
            } else {
                for (int64_t p = 0; p < kb; p++) {
                    int64_t j = 0;
                    for (; j < cols; j++) dst[p * w + j] = src[p * ldb + j];
                    for (; j < w; j++) dst[p * w + j] = 0;
                }
            }
        } else {
            /* op(B)(p, j) = b[j * ldb + p]: rows of B become k steps. */
            GN(pack_rows)(w, cols, kb, b + j0 * ldb, ldb, dst);
        }
    }
}

/* C[GMR x nv vectors] (=, or += if accumulate) packed A panel x packed B
 * panel of nv * GVW columns. The whole tile of C lives in registers for the
 * entire k loop; each k step loads nv vectors of B and broadcasts GMR
 * scalars of A for GMR * nv FMAs (16 loads for 28 FMAs with AVX-512 at full
 * width), so the two load ports keep up with the two FMA ports. Always
 * inlined into the two widths below, so nv is a constant and the tile
 * stays in registers. */
GATTR inline __attribute__((always_inline)) void GN(kernel_nv)(int64_t kc, const GT *restrict A, const GT *restrict B,
                                                                GT *restrict C, int64_t ldc, int accumulate, const int nv)
{
    GV acc[GMR][GNR / GVW];
    GEMM_UNROLL
    for (int i = 0; i < GMR; i++) {
        /* Start pulling the C tile in now; it is needed only after the k loop. */
        __builtin_prefetch(C + i * ldc, 1, 3);
        __builtin_prefetch(C + i * ldc + nv * GVW - 1, 1, 3);
        GEMM_UNROLL
        for (int v = 0; v < nv; v++) acc[i][v] = GVZERO();
    }
    for (int64_t p = 0; p < kc; p++) {
        GV bv[GNR / GVW];
        GEMM_UNROLL
        for (int v = 0; v < nv; v++) bv[v] = GVLOADU(B + v * GVW);
        GEMM_UNROLL
        for (int i = 0; i < GMR; i++) {
            GV av = GVSET1(A[i]);
            GEMM_UNROLL
            for (int v = 0; v < nv; v++) acc[i][v] = GVFMA(av, bv[v], acc[i][v]);
        }
        A += GMR;
        B += nv * GVW;
    }
    GEMM_UNROLL
    for (int i = 0; i < GMR; i++) {
        GEMM_UNROLL
        for (int v = 0; v < nv; v++) {
            GT *cp = C + i * ldc + v * GVW;
            GVSTOREU(cp, accumulate ? GVADD(GVLOADU(cp), acc[i][v]) : acc[i][v]);
        }
    }
}

/* The micro-kernel at full width (GNR columns), and at half width for a
 * last panel of at most GNR / 2 columns. */
GATTR void GN(kernel)(int64_t kc, const GT *restrict A, const GT *restrict B, GT *restrict C, int64_t ldc,
                      int accumulate)
{
    GN(kernel_nv)(kc, A, B, C, ldc, accumulate, GNR / GVW);
}

GATTR void GN(kernel_half)(int64_t kc, const GT *restrict A, const GT *restrict B, GT *restrict C, int64_t ldc,
                           int accumulate)
{
    GN(kernel_nv)(kc, A, B, C, ldc, accumulate, GNR / GVW / 2);
}

/* The instance's micro-tile and cache blocks, for shared products (gemm_job_template.h). */
static const int64_t GN(blocks)[5] = {GMR, GNR, GMC, GKC, GNC};

/* Elements of workspace the blocked path needs: one A block, one B block. */
static inline int64_t GN(packed_ws)(int64_t m, int64_t n, int64_t k)
{
    const int64_t mb = m < GMC ? m : GMC, kb = k < GKC ? k : GKC, nb = n < GNC ? n : GNC;
    const int64_t a_elems = ((mb + GMR - 1) / GMR * GMR * kb + 63) & ~(int64_t)63;  /* keeps B 64-byte aligned */
    return a_elems + kb * ((nb + GNR - 1) / GNR * GNR);
}

/* C[mb x nb] (=, or += if accumulate) = packed A block x packed B block over
 * kb steps. The loop order keeps one packed A micro-panel (GMR x kb) in L1
 * while the inner loop streams every B micro-panel of the B block (sized for
 * L2) past it. Also the body of every task of a shared product (gemm_job.h). */
GATTR void GN(macro)(int64_t mb, int64_t nb, int64_t kb, const GT *Ap, const GT *Bp, GT *c, int64_t ldc,
                     int accumulate)
{
    for (int64_t ir = 0; ir < mb; ir += GMR) {
        const int64_t rows = mb - ir < GMR ? mb - ir : GMR;
        const GT *ap = Ap + ir * kb;
        for (int64_t jr = 0, w; jr < nb; jr += w) {
            w = GN(panel_width)(nb - jr);
            const int64_t cols = nb - jr < w ? nb - jr : w;
            const GT *bp = Bp + jr * kb;
            GT *cp = c + ir * ldc + jr;
            if (rows == GMR && cols == w) {
                if (w == GNR)
                    GN(kernel)(kb, ap, bp, cp, ldc, accumulate);
                else
                    GN(kernel_half)(kb, ap, bp, cp, ldc, accumulate);
            } else {
                /* Edge tile: full kernel into a scratch tile, then copy only
                 * the part that exists. */
                GT tile[GMR * GNR] __attribute__((aligned(64)));
                if (w == GNR)
                    GN(kernel)(kb, ap, bp, tile, w, 0);
                else
                    GN(kernel_half)(kb, ap, bp, tile, w, 0);
                for (int64_t i = 0; i < rows; i++) {
                    GT *cr = cp + i * ldc;
                    const GT *tr = tile + i * w;
                    if (accumulate)
                        for (int64_t j = 0; j < cols; j++) cr[j] += tr[j];
                    else
                        for (int64_t j = 0; j < cols; j++) cr[j] = tr[j];
                }
            }
        }
    }
}

/* Rows per A block for m rows: at most GMC, in equal whole micro-panels, so
 * that m = 1024 makes two blocks of 518 rather than 1008 and 16 (the B
 * blocks are packed again for every A block, however few rows it has). */
static inline int64_t GN(row_block)(int64_t m)
{
    const int64_t blocks = (m + GMC - 1) / GMC, rows = (m + blocks - 1) / blocks;
    return (rows + GMR - 1) / GMR * GMR;
}

/* Blocked product, one thread: the A block (mb x kb) is read from L2/L3 once
 * per B block. */
GATTR void GN(packed)(int ta, int tb, int64_t m, int64_t n, int64_t k, const GT *a, int64_t lda, const GT *b,
                      int64_t ldb, GT *c, int64_t ldc, GT *ws)
{
    const int64_t mc = GN(row_block)(m), kcap = k < GKC ? k : GKC;
    const int64_t mcap = m < mc ? m : mc;
    GT *const Ap = ws;
    GT *const Bp = ws + (((mcap + GMR - 1) / GMR * GMR * kcap + 63) & ~(int64_t)63);
    for (int64_t ic = 0; ic < m; ic += mc) {
        const int64_t mb = m - ic < mc ? m - ic : mc;
        for (int64_t pc = 0; pc < k; pc += GKC) {
            const int64_t kb = k - pc < GKC ? k - pc : GKC;
            GN(pack_a)(ta, mb, kb, ta ? a + pc * lda + ic : a + ic * lda + pc, lda, Ap);
            for (int64_t jc = 0; jc < n; jc += GNC) {
                const int64_t nb = n - jc < GNC ? n - jc : GNC;
                GN(pack_b)(tb, kb, nb, tb ? b + jc * ldb + pc : b + pc * ldb + jc, ldb, Bp);
                GN(macro)(mb, nb, kb, Ap, Bp, c + ic * ldc + jc, ldc, pc > 0);
            }
        }
    }
}

/* Dot product with four vector accumulators: one running sum would wait on
 * FMA latency, and left to itself the compiler will not reassociate a
 * floating-point reduction (its SLP attempt at one was worse than scalar). */
GATTR GT GN(dot)(const GT *restrict x, const GT *restrict y, int64_t k)
{
    GV s0 = GVZERO(), s1 = GVZERO(), s2 = GVZERO(), s3 = GVZERO();
    int64_t p = 0;
    for (; p + 4 * GVW <= k; p += 4 * GVW) {
        s0 = GVFMA(GVLOADU(x + p), GVLOADU(y + p), s0);
        s1 = GVFMA(GVLOADU(x + p + GVW), GVLOADU(y + p + GVW), s1);
        s2 = GVFMA(GVLOADU(x + p + 2 * GVW), GVLOADU(y + p + 2 * GVW), s2);
        s3 = GVFMA(GVLOADU(x + p + 3 * GVW), GVLOADU(y + p + 3 * GVW), s3);
    }
    for (; p + GVW <= k; p += GVW) s0 = GVFMA(GVLOADU(x + p), GVLOADU(y + p), s0);
    GT lanes[GVW];
    GVSTOREU(lanes, GVADD(GVADD(s0, s1), GVADD(s2, s3)));
    GT s = 0;
    for (int l = 0; l < GVW; l++) s += lanes[l];
    for (; p < k; p++) s += x[p] * y[p];
    return s;
}

/* Unpacked product for shapes the blocked path serves badly: only a few rows
 * or columns of C, so a micro-tile would be mostly padding and packing would
 * cost about as much as the product. Every inner loop runs over contiguous
 * memory so it vectorizes. ws holds small_ws(...) elements (gemm.c). */
GATTR void GN(small)(int ta, int tb, int64_t m, int64_t n, int64_t k, const GT *restrict a, int64_t lda,
                     const GT *restrict b, int64_t ldb, GT *restrict c, int64_t ldc, GT *restrict ws)
{
    if (AD_FEW_COLS(n, k)) {
        /* Few columns (matrix-vector and the like): copy the columns of
         * op(B) into contiguous rows x[j][0..k) first. */
        GT *restrict x = ws;
        for (int64_t j = 0; j < n; j++) {
            if (tb)
                for (int64_t p = 0; p < k; p++) x[j * k + p] = b[j * ldb + p];
            else
                for (int64_t p = 0; p < k; p++) x[j * k + p] = b[p * ldb + j];
        }
        if (!ta) {
            for (int64_t i = 0; i < m; i++)
                for (int64_t j = 0; j < n; j++) c[i * ldc + j] = GN(dot)(a + i * lda, x + j * k, k);
        } else {
            /* The stored rows of A run along m: y[j] += x[j][p] * row p of A
             * over a block of rows at a time, so y stays in cache across the
             * k passes; y is the transpose of that block of C. */
            GT *restrict y = ws + n * k;
            for (int64_t i0 = 0; i0 < m; i0 += AD_SMALL_ROW_BLOCK) {
                const int64_t ib = m - i0 < AD_SMALL_ROW_BLOCK ? m - i0 : AD_SMALL_ROW_BLOCK;
                for (int64_t i = 0; i < n * ib; i++) y[i] = 0;
                /* Four rows of A per pass over y: a quarter of the loads
                 * and stores of y, four row streams in flight. */
                int64_t p0 = 0;
                for (; p0 + 4 <= k; p0 += 4) {
                    const GT *a0 = a + p0 * lda + i0, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
                    for (int64_t j = 0; j < n; j++) {
                        const GT *xj = x + j * k + p0;
                        const GT x0 = xj[0], x1 = xj[1], x2 = xj[2], x3 = xj[3];
                        GT *yj = y + j * ib;
                        GEMM_NO_INTERLEAVE
                        for (int64_t i = 0; i < ib; i++) yj[i] += (x0 * a0[i] + x1 * a1[i]) + (x2 * a2[i] + x3 * a3[i]);
                    }
                }
                for (int64_t p = p0; p < k; p++) {
                    const GT *ar = a + p * lda + i0;
                    for (int64_t j = 0; j < n; j++) {
                        const GT xp = x[j * k + p];
                        GT *yj = y + j * ib;
                        GEMM_NO_INTERLEAVE
                        for (int64_t i = 0; i < ib; i++) yj[i] += xp * ar[i];
                    }
                }
                for (int64_t i = 0; i < ib; i++)
                    for (int64_t j = 0; j < n; j++) c[(i0 + i) * ldc + j] = y[j * ib + i];
            }
        }
    } else if (!tb) {
        /* Row i of C = sum over p of op(A)(i, p) * row p of B, a block of
         * columns at a time so that part of the row stays in L1 across the
         * k passes. */
        for (int64_t j0 = 0; j0 < n; j0 += AD_SMALL_COL_BLOCK) {
            const int64_t jb = n - j0 < AD_SMALL_COL_BLOCK ? n - j0 : AD_SMALL_COL_BLOCK;
            for (int64_t i = 0; i < m; i++) {
                GT *restrict ci = c + i * ldc + j0;
                for (int64_t j = 0; j < jb; j++) ci[j] = 0;
                for (int64_t p = 0; p < k; p++) {
                    const GT aip = ta ? a[p * lda + i] : a[i * lda + p];
                    const GT *br = b + p * ldb + j0;
                    GEMM_NO_INTERLEAVE
                    for (int64_t j = 0; j < jb; j++) ci[j] += aip * br[j];
                }
            }
        }
    } else {
        /* C(i, j) = row i of op(A) . stored row j of B. */
        for (int64_t i = 0; i < m; i++) {
            const GT *ai = a + i * lda;
            if (ta) {
                for (int64_t p = 0; p < k; p++) ws[p] = a[p * lda + i];
                ai = ws;
            }
            for (int64_t j = 0; j < n; j++) c[i * ldc + j] = GN(dot)(ai, b + j * ldb, k);
        }
    }
}

#undef GT
#undef GN
#undef GATTR
#undef GMR
#undef GNR
#undef GMC
#undef GKC
#undef GNC
#undef GVW
#undef GV
#undef GVLOADU
#undef GVSTOREU
#undef GVSET1
#undef GVFMA
#undef GVADD
#undef GVZERO
#undef GTPACK
