/*
 * Transposes of batches of matrices, float32 and float64:
 * dst[b][j][i] = src[b][i][j].
 *
 * Why in C: a scalar loop moves one number per load and store and writes
 * with a whole column's stride on every element; W7's compiled Hessian
 * spent a sixth of its time transposing one 100 x 100 matrix that way.
 * The vector paths move 8 x 8 floats (4 x 4 doubles) through registers
 * with the usual unpack / shuffle / permute steps. Numbers are only
 * copied, so every path gives the same bits. The path is ad_vmath_path()'s.
 */
#include "CAutodiffKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* Blocks of this many rows and columns are done together, so that the
 * rows of src and dst they touch stay in L1 while the block is moved. */
#define AD_TRANSPOSE_TILE 64

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

#define SCALAR_BLOCK(T)                                                                              \
    static void transpose_block_##T(const T *src, int64_t ls, T *dst, int64_t ld, int64_t r, int64_t c) \
    {                                                                                                \
        for (int64_t i = 0; i < r; i++)                                                              \
            for (int64_t j = 0; j < c; j++) dst[j * ld + i] = src[i * ls + j];                       \
    }
SCALAR_BLOCK(float)
SCALAR_BLOCK(double)

#if defined(__x86_64__)
/* The 8 x 8 floats at src (row stride ls) into dst (row stride ld). */
__attribute__((target("avx2"))) static inline void transpose8x8_ps(const float *src, int64_t ls, float *dst, int64_t ld)
{
    __m256 r[8], t[8], u[8];
    for (int k = 0; k < 8; k++) r[k] = _mm256_loadu_ps(src + k * ls);
    for (int k = 0; k < 8; k += 2) {
        t[k] = _mm256_unpacklo_ps(r[k], r[k + 1]);
        t[k + 1] = _mm256_unpackhi_ps(r[k], r[k + 1]);
    }
    for (int k = 0; k < 8; k += 4) {
        u[k] = _mm256_shuffle_ps(t[k], t[k + 2], _MM_SHUFFLE(1, 0, 1, 0));
        u[k + 1] = _mm256_shuffle_ps(t[k], t[k + 2], _MM_SHUFFLE(3, 2, 3, 2));
        u[k + 2] = _mm256_shuffle_ps(t[k + 1], t[k + 3], _MM_SHUFFLE(1, 0, 1, 0));
        u[k + 3] = _mm256_shuffle_ps(t[k + 1], t[k + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    for (int k = 0; k < 4; k++) {
        _mm256_storeu_ps(dst + k * ld, _mm256_permute2f128_ps(u[k], u[k + 4], 0x20));
        _mm256_storeu_ps(dst + (k + 4) * ld, _mm256_permute2f128_ps(u[k], u[k + 4], 0x31));
    }
}

/* The 4 x 4 doubles at src into dst. */
__attribute__((target("avx2"))) static inline void transpose4x4_pd(const double *src, int64_t ls, double *dst, int64_t ld)
{
    const __m256d r0 = _mm256_loadu_pd(src), r1 = _mm256_loadu_pd(src + ls);
    const __m256d r2 = _mm256_loadu_pd(src + 2 * ls), r3 = _mm256_loadu_pd(src + 3 * ls);
    const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
    const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
    _mm256_storeu_pd(dst, _mm256_permute2f128_pd(t0, t2, 0x20));
    _mm256_storeu_pd(dst + ld, _mm256_permute2f128_pd(t1, t3, 0x20));
    _mm256_storeu_pd(dst + 2 * ld, _mm256_permute2f128_pd(t0, t2, 0x31));
    _mm256_storeu_pd(dst + 3 * ld, _mm256_permute2f128_pd(t1, t3, 0x31));
}

/* One tile (r x c, at most AD_TRANSPOSE_TILE each) in vector blocks of
 * W x W, the ragged edges by the scalar loop. */
#define VECTOR_TILE(T, W, BLOCK)                                                                                   \
    __attribute__((target("avx2"))) static void transpose_tile_##T##_avx2(const T *src, int64_t ls, T *dst, int64_t ld, \
                                                                        int64_t r, int64_t c)                   \
    {                                                                                                              \
        const int64_t r0 = r / W * W, c0 = c / W * W;                                                              \
        for (int64_t i = 0; i < r0; i += W)                                                                        \
            for (int64_t j = 0; j < c0; j += W) BLOCK(src + i * ls + j, ls, dst + j * ld + i, ld);                 \
        if (c0 < c) transpose_block_##T(src + c0, ls, dst + c0 * ld, ld, r, c - c0);                                \
        if (r0 < r) transpose_block_##T(src + r0 * ls, ls, dst + r0, ld, r - r0, c0);                              \
    }
VECTOR_TILE(float, 8, transpose8x8_ps)
VECTOR_TILE(double, 4, transpose4x4_pd)
#endif

/* Each tile by the register blocks where the CPU has AVX2, else by the
 * scalar loop. */
#if defined(__x86_64__)
#define AD_VECTOR_PATH (ad_vmath_path() >= 1)
#define TILE(T, vector, s, ls, d, ld, r, c) \
    ((vector) ? transpose_tile_##T##_avx2(s, ls, d, ld, r, c) : transpose_block_##T(s, ls, d, ld, r, c))
#else
#define AD_VECTOR_PATH 0
#define TILE(T, vector, s, ls, d, ld, r, c) ((void)(vector), transpose_block_##T(s, ls, d, ld, r, c))
#endif

#define DRIVER(NAME, T)                                                                                  \
    void NAME(int64_t batch, int64_t rows, int64_t cols, const T *src, T *dst)                           \
    {                                                                                                    \
        if (batch <= 0 || rows <= 0 || cols <= 0) return;                                                \
        const int vector = AD_VECTOR_PATH;                                                               \
        for (int64_t b = 0; b < batch; b++) {                                                            \
            const T *s = src + b * rows * cols;                                                          \
            T *d = dst + b * rows * cols;                                                                \
            for (int64_t i = 0; i < rows; i += AD_TRANSPOSE_TILE)                                        \
                for (int64_t j = 0; j < cols; j += AD_TRANSPOSE_TILE) {                                  \
                    const int64_t r = min64(AD_TRANSPOSE_TILE, rows - i), c = min64(AD_TRANSPOSE_TILE, cols - j); \
                    TILE(T, vector, s + i * cols + j, cols, d + j * rows + i, rows, r, c);               \
                }                                                                                        \
        }                                                                                                \
    }

DRIVER(ad_transposef, float)
DRIVER(ad_transpose, double)
