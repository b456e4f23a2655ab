/*
 * In-register transposes for packing, included by gemm.c (x86 only).
 *
 * Packing op(A) when A is stored row-major, and op(B) when B is stored
 * transposed, turns rows of the source (contiguous along k) into panels
 * whose k steps are contiguous: a transpose. Element by element that is a
 * scalar load and a scalar store each, about 1 ns an element; these move a
 * VW x VW block with VW vector loads, a few shuffles per element and VW
 * vector stores, several times faster.
 *
 * Each tpack_*(rows, lanes, src, ld, dst, dstride) reads rows i < rows of the
 * block (src + i * ld, VW elements each; rows past `rows` count as zero, so
 * padding rows of a panel come out zero without being read) and writes, for
 * each q < VW, the first `lanes` values of column q to dst + q * dstride
 * (masked stores, so nothing past them is touched).
 */

/* 4 x 4 transposes inside every 128-bit lane of 4 float rows, the first two
 * stages of the usual 8 x 8 / 16 x 16 ones: afterwards r[c] lane L holds
 * column 4 L + c of the 4 rows. */
#define AD_T4X4_PS(unpacklo, unpackhi, unpacklo_pd, unpackhi_pd, cast_pd, cast_ps, r, base)                       \
    do {                                                                                                            \
        const __typeof__(r[0]) t0 = unpacklo(r[base], r[base + 1]), t1 = unpackhi(r[base], r[base + 1]);           \
        const __typeof__(r[0]) t2 = unpacklo(r[base + 2], r[base + 3]), t3 = unpackhi(r[base + 2], r[base + 3]);   \
        r[base] = cast_ps(unpacklo_pd(cast_pd(t0), cast_pd(t2)));                                                   \
        r[base + 1] = cast_ps(unpackhi_pd(cast_pd(t0), cast_pd(t2)));                                               \
        r[base + 2] = cast_ps(unpacklo_pd(cast_pd(t1), cast_pd(t3)));                                               \
        r[base + 3] = cast_ps(unpackhi_pd(cast_pd(t1), cast_pd(t3)));                                               \
    } while (0)

static AD_AVX512 void tpack_s_avx512(int64_t rows, int64_t lanes, const float *src, int64_t ld, float *dst,
                                     int64_t dstride)
{
    __m512 r[16];
    GEMM_UNROLL
    for (int i = 0; i < 16; i++) r[i] = i < rows ? _mm512_loadu_ps(src + i * ld) : _mm512_setzero_ps();
    GEMM_UNROLL
    for (int g = 0; g < 4; g++)
        AD_T4X4_PS(_mm512_unpacklo_ps, _mm512_unpackhi_ps, _mm512_unpacklo_pd, _mm512_unpackhi_pd,
                   _mm512_castps_pd, _mm512_castpd_ps, r, 4 * g);
    /* Now r[4 g + c] lane L = column 4 L + c, rows 4 g .. 4 g + 3: gather
     * lane L of r[c], r[4 + c], r[8 + c], r[12 + c] into one vector. */
    const __mmask16 mask = (__mmask16)((1u << lanes) - 1);
    GEMM_UNROLL
    for (int c = 0; c < 4; c++) {
        const __m512 u = _mm512_shuffle_f32x4(r[c], r[4 + c], 0x88), v = _mm512_shuffle_f32x4(r[c], r[4 + c], 0xdd);
        const __m512 w = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0x88),
                     z = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0xdd);
        _mm512_mask_storeu_ps(dst + c * dstride, mask, _mm512_shuffle_f32x4(u, w, 0x88));
        _mm512_mask_storeu_ps(dst + (4 + c) * dstride, mask, _mm512_shuffle_f32x4(v, z, 0x88));
        _mm512_mask_storeu_ps(dst + (8 + c) * dstride, mask, _mm512_shuffle_f32x4(u, w, 0xdd));
        _mm512_mask_storeu_ps(dst + (12 + c) * dstride, mask, _mm512_shuffle_f32x4(v, z, 0xdd));
    }
}

static AD_AVX512 void tpack_d_avx512(int64_t rows, int64_t lanes, const double *src, int64_t ld, double *dst,
                                     int64_t dstride)
{
    __m512d r[8], t[8];
    GEMM_UNROLL
    for (int i = 0; i < 8; i++) r[i] = i < rows ? _mm512_loadu_pd(src + i * ld) : _mm512_setzero_pd();
    /* t[2 g + c] lane L = column 2 L + c, rows 2 g, 2 g + 1. */
    GEMM_UNROLL
    for (int g = 0; g < 4; g++) {
        t[2 * g] = _mm512_unpacklo_pd(r[2 * g], r[2 * g + 1]);
        t[2 * g + 1] = _mm512_unpackhi_pd(r[2 * g], r[2 * g + 1]);
    }
    const __mmask8 mask = (__mmask8)((1u << lanes) - 1);
    GEMM_UNROLL
    for (int c = 0; c < 2; c++) {
        const __m512d u = _mm512_shuffle_f64x2(t[c], t[2 + c], 0x88), v = _mm512_shuffle_f64x2(t[c], t[2 + c], 0xdd);
        const __m512d w = _mm512_shuffle_f64x2(t[4 + c], t[6 + c], 0x88),
                      z = _mm512_shuffle_f64x2(t[4 + c], t[6 + c], 0xdd);
        _mm512_mask_storeu_pd(dst + c * dstride, mask, _mm512_shuffle_f64x2(u, w, 0x88));
        _mm512_mask_storeu_pd(dst + (2 + c) * dstride, mask, _mm512_shuffle_f64x2(v, z, 0x88));
        _mm512_mask_storeu_pd(dst + (4 + c) * dstride, mask, _mm512_shuffle_f64x2(u, w, 0xdd));
        _mm512_mask_storeu_pd(dst + (6 + c) * dstride, mask, _mm512_shuffle_f64x2(v, z, 0xdd));
    }
}

/* Lane masks for AVX2's maskstore: the first n of 8 lanes. */
static const int32_t ad_first_lanes[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

static AD_AVX2 void tpack_s_avx2(int64_t rows, int64_t lanes, const float *src, int64_t ld, float *dst,
                                 int64_t dstride)
{
    __m256 r[8];
    GEMM_UNROLL
    for (int i = 0; i < 8; i++) r[i] = i < rows ? _mm256_loadu_ps(src + i * ld) : _mm256_setzero_ps();
    GEMM_UNROLL
    for (int g = 0; g < 2; g++)
        AD_T4X4_PS(_mm256_unpacklo_ps, _mm256_unpackhi_ps, _mm256_unpacklo_pd, _mm256_unpackhi_pd,
                   _mm256_castps_pd, _mm256_castpd_ps, r, 4 * g);
    /* r[4 g + c] lane L = column 4 L + c, rows 4 g .. 4 g + 3. */
    const __m256i mask = _mm256_loadu_si256((const __m256i *)(ad_first_lanes + 8 - lanes));
    GEMM_UNROLL
    for (int c = 0; c < 4; c++) {
        _mm256_maskstore_ps(dst + c * dstride, mask, _mm256_permute2f128_ps(r[c], r[4 + c], 0x20));
        _mm256_maskstore_ps(dst + (4 + c) * dstride, mask, _mm256_permute2f128_ps(r[c], r[4 + c], 0x31));
    }
}

static AD_AVX2 void tpack_d_avx2(int64_t rows, int64_t lanes, const double *src, int64_t ld, double *dst,
                                 int64_t dstride)
{
    __m256d r[4];
    GEMM_UNROLL
    for (int i = 0; i < 4; i++) r[i] = i < rows ? _mm256_loadu_pd(src + i * ld) : _mm256_setzero_pd();
    /* t[2 g + c] lane L = column 2 L + c, rows 2 g, 2 g + 1. */
    const __m256d t0 = _mm256_unpacklo_pd(r[0], r[1]), t1 = _mm256_unpackhi_pd(r[0], r[1]);
    const __m256d t2 = _mm256_unpacklo_pd(r[2], r[3]), t3 = _mm256_unpackhi_pd(r[2], r[3]);
    /* 64-bit lanes: two 32-bit mask entries each. */
    const __m256i mask = _mm256_loadu_si256((const __m256i *)(ad_first_lanes + 8 - 2 * lanes));
    _mm256_maskstore_pd(dst, mask, _mm256_permute2f128_pd(t0, t2, 0x20));
    _mm256_maskstore_pd(dst + dstride, mask, _mm256_permute2f128_pd(t1, t3, 0x20));
    _mm256_maskstore_pd(dst + 2 * dstride, mask, _mm256_permute2f128_pd(t0, t2, 0x31));
    _mm256_maskstore_pd(dst + 3 * dstride, mask, _mm256_permute2f128_pd(t1, t3, 0x31));
}
