/*
 * Square roots over arrays, float32 and float64.
 *
 * Swift cannot vectorise `squareRoot()`: it is a call of libm's sqrtf, kept
 * for errno on negative input, which LLVM turns into sqrtss plus a call on
 * the negative branch, one element at a time. The instructions here are
 * the same IEEE square root (correctly rounded, NaN for negative input,
 * sqrt(-0) = -0), so every path gives identical results; they only differ
 * in width. The path is ad_vmath_path()'s (AVX-512, AVX2, or portable).
 */
#include "CAutodiffKernels.h"

#include <math.h>

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f"))) static void vsqrtf_avx512(const float *x, float *y, int64_t n)
{
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, _mm512_sqrt_ps(_mm512_loadu_ps(x + i)));
    if (i < n) {
        const __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        _mm512_mask_storeu_ps(y + i, m, _mm512_sqrt_ps(_mm512_maskz_loadu_ps(m, x + i)));
    }
}

__attribute__((target("avx512f"))) static void vsqrt_avx512(const double *x, double *y, int64_t n)
{
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm512_storeu_pd(y + i, _mm512_sqrt_pd(_mm512_loadu_pd(x + i)));
    if (i < n) {
        const __mmask8 m = (__mmask8)((1u << (n - i)) - 1);
        _mm512_mask_storeu_pd(y + i, m, _mm512_sqrt_pd(_mm512_maskz_loadu_pd(m, x + i)));
    }
}

__attribute__((target("avx2"))) static void vsqrtf_avx2(const float *x, float *y, int64_t n)
{
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_sqrt_ps(_mm256_loadu_ps(x + i)));
    for (; i < n; i++) _mm_store_ss(y + i, _mm_sqrt_ss(_mm_load_ss(x + i)));
}

__attribute__((target("avx2"))) static void vsqrt_avx2(const double *x, double *y, int64_t n)
{
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(y + i, _mm256_sqrt_pd(_mm256_loadu_pd(x + i)));
    for (; i < n; i++) _mm_store_sd(y + i, _mm_sqrt_sd(_mm_setzero_pd(), _mm_load_sd(x + i)));
}
#endif

static void vsqrtf_port(const float *x, float *y, int64_t n)
{
    for (int64_t i = 0; i < n; i++) y[i] = sqrtf(x[i]);
}

static void vsqrt_port(const double *x, double *y, int64_t n)
{
    for (int64_t i = 0; i < n; i++) y[i] = sqrt(x[i]);
}

void ad_vsqrtf(const float *x, float *y, int64_t n)
{
    if (n <= 0) return;
#if defined(__x86_64__)
    switch (ad_vmath_path()) {
    case 2: vsqrtf_avx512(x, y, n); return;
    case 1: vsqrtf_avx2(x, y, n); return;
    }
#endif
    vsqrtf_port(x, y, n);
}

void ad_vsqrt(const double *x, double *y, int64_t n)
{
    if (n <= 0) return;
#if defined(__x86_64__)
    switch (ad_vmath_path()) {
    case 2: vsqrt_avx512(x, y, n); return;
    case 1: vsqrt_avx2(x, y, n); return;
    }
#endif
    vsqrt_port(x, y, n);
}
