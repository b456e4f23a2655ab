/*
 * Elementwise binary operations over arrays, float32 and float64: the
 * arithmetic, the strong-zero product and the comparisons of the Swift
 * kernels (Elementwise.swift), for wider vectors than Swift can use.
 *
 * Why C: SwiftPM builds Swift for baseline x86-64, so the Swift loops stop
 * at SSE2 (4 floats a vector); C functions can carry target attributes and
 * be chosen at run time, as for the GEMM and vmath.c. Each loop below is
 * written once as a plain C loop and compiled three times: for AVX-512F,
 * for AVX2, and without attributes (SSE2, the portable path); clang
 * vectorises each. The expressions are exactly those of the Swift scalar
 * functions, in IEEE arithmetic without reassociation (no fast-math), so
 * every path gives the same bits as the Swift loop: NaN propagation, the
 * signs of zeros, and the strong zero (an exact zero on either side gives
 * +0, even against inf or NaN).
 *
 * The path is ad_vmath_path()'s: unoptimised (debug) builds take the
 * portable one, which is then plain scalar code.
 */
#include "CAutodiffKernels.h"

#include <stdint.h>

/* The operations, in the order of ad_binary_op (see the header). `a` is the
 * left operand and `b` the right one. */
#define AD_BINARY_OPS(X, T)                                                                                    \
    X(add, a + b)                                                                                              \
    X(sub, a - b)                                                                                              \
    X(mul, a * b)                                                                                              \
    X(div, a / b)                                                                                              \
    X(szmul, ((a == 0) | (b == 0)) ? (T)0 : a * b)                                                               \
    X(lt, a < b ? (T)1 : (T)0)                                                                                 \
    X(le, a <= b ? (T)1 : (T)0)                                                                                \
    X(gt, a > b ? (T)1 : (T)0)                                                                                 \
    X(ge, a >= b ? (T)1 : (T)0)                                                                                \
    X(eq, a == b ? (T)1 : (T)0)                                                                                \
    X(ne, a != b ? (T)1 : (T)0)

typedef void (*vb_f32)(const float *, const float *, float *, int64_t);
typedef void (*vb_f64)(const double *, const double *, double *, int64_t);

/* Three loops per operation: both operands arrays (vv), the right one a
 * single number y[0] (vs), the left one a single number x[0] (sv). The
 * number is read once, before the loop. */
#define VB_LOOPS(T, ISA, ATTR, NAME, EXPR)                                                                     \
    ATTR static void NAME##_vv_##ISA(const T *restrict x, const T *restrict y, T *restrict z, int64_t n)      \
    {                                                                                                          \
        for (int64_t i = 0; i < n; i++) {                                                                      \
            const T a = x[i], b = y[i];                                                                        \
            z[i] = EXPR;                                                                                       \
        }                                                                                                      \
    }                                                                                                          \
    ATTR static void NAME##_vs_##ISA(const T *restrict x, const T *restrict y, T *restrict z, int64_t n)      \
    {                                                                                                          \
        const T b = y[0];                                                                                      \
        for (int64_t i = 0; i < n; i++) {                                                                      \
            const T a = x[i];                                                                                  \
            z[i] = EXPR;                                                                                       \
        }                                                                                                      \
    }                                                                                                          \
    ATTR static void NAME##_sv_##ISA(const T *restrict x, const T *restrict y, T *restrict z, int64_t n)      \
    {                                                                                                          \
        const T a = x[0];                                                                                      \
        for (int64_t i = 0; i < n; i++) {                                                                      \
            const T b = y[i];                                                                                  \
            z[i] = EXPR;                                                                                       \
        }                                                                                                      \
    }

/* Portable (no target attribute: SSE2 on x86-64). */
#define VB_PORT_F32(NAME, EXPR) VB_LOOPS(float, f32_port, , NAME, EXPR)
#define VB_PORT_F64(NAME, EXPR) VB_LOOPS(double, f64_port, , NAME, EXPR)
AD_BINARY_OPS(VB_PORT_F32, float)
AD_BINARY_OPS(VB_PORT_F64, double)
#define VB_ROW_F32_PORT(NAME, EXPR) {NAME##_vv_f32_port, NAME##_vs_f32_port, NAME##_sv_f32_port},
#define VB_ROW_F64_PORT(NAME, EXPR) {NAME##_vv_f64_port, NAME##_vs_f64_port, NAME##_sv_f64_port},
static const vb_f32 vb_f32_port[][3] = {AD_BINARY_OPS(VB_ROW_F32_PORT, float)};
static const vb_f64 vb_f64_port[][3] = {AD_BINARY_OPS(VB_ROW_F64_PORT, double)};

#if defined(__x86_64__)
#define VB_AVX2_F32(NAME, EXPR) VB_LOOPS(float, f32_avx2, __attribute__((target("avx2"))), NAME, EXPR)
#define VB_AVX2_F64(NAME, EXPR) VB_LOOPS(double, f64_avx2, __attribute__((target("avx2"))), NAME, EXPR)
AD_BINARY_OPS(VB_AVX2_F32, float)
AD_BINARY_OPS(VB_AVX2_F64, double)
#define VB_ROW_F32_AVX2(NAME, EXPR) {NAME##_vv_f32_avx2, NAME##_vs_f32_avx2, NAME##_sv_f32_avx2},
#define VB_ROW_F64_AVX2(NAME, EXPR) {NAME##_vv_f64_avx2, NAME##_vs_f64_avx2, NAME##_sv_f64_avx2},
static const vb_f32 vb_f32_avx2[][3] = {AD_BINARY_OPS(VB_ROW_F32_AVX2, float)};
static const vb_f64 vb_f64_avx2[][3] = {AD_BINARY_OPS(VB_ROW_F64_AVX2, double)};

#define VB_AVX512_ATTR __attribute__((target("avx512f")))
#define VB_AVX512_F32(NAME, EXPR) VB_LOOPS(float, f32_avx512, VB_AVX512_ATTR, NAME, EXPR)
#define VB_AVX512_F64(NAME, EXPR) VB_LOOPS(double, f64_avx512, VB_AVX512_ATTR, NAME, EXPR)
AD_BINARY_OPS(VB_AVX512_F32, float)
AD_BINARY_OPS(VB_AVX512_F64, double)
#define VB_ROW_F32_AVX512(NAME, EXPR) {NAME##_vv_f32_avx512, NAME##_vs_f32_avx512, NAME##_sv_f32_avx512},
#define VB_ROW_F64_AVX512(NAME, EXPR) {NAME##_vv_f64_avx512, NAME##_vs_f64_avx512, NAME##_sv_f64_avx512},
static const vb_f32 vb_f32_avx512[][3] = {AD_BINARY_OPS(VB_ROW_F32_AVX512, float)};
static const vb_f64 vb_f64_avx512[][3] = {AD_BINARY_OPS(VB_ROW_F64_AVX512, double)};
#endif

#define VB_OP_COUNT ((int)(sizeof vb_f32_port / sizeof vb_f32_port[0]))

#if defined(__x86_64__)
#include <immintrin.h>

/* Streaming variants (AD_VB_STREAM in the mode): the same expressions, a
 * vector of results at a time computed into an aligned block that the
 * compiler keeps in a register, then written with a non-temporal store,
 * which does not first read the line it overwrites into the cache. For
 * outputs larger than the cache (W6's 16 MB arrays on a 32 MB L3) that
 * read is a quarter of a binary operation's memory traffic. The elements
 * before z's first aligned vector, and after its last, are written the
 * plain way. A and B read the operands at index I (x[I], or x[0] for a
 * single number). */
#define VB_NT_LOOP(T, ISA, ATTR, W, VLOAD, VSTREAM, NAME, MODE, A, B, EXPR)                                   \
    ATTR static void NAME##_##MODE##_nt_##ISA(const T *restrict x, const T *restrict y, T *restrict z, int64_t n) \
    {                                                                                                          \
        int64_t i = 0;                                                                                         \
        for (; i < n && ((uintptr_t)(z + i) % (W * sizeof(T))); i++) {                                         \
            const int64_t I = i;                                                                               \
            const T a = A, b = B;                                                                              \
            z[i] = EXPR;                                                                                       \
        }                                                                                                      \
        for (; i + W <= n; i += W) {                                                                           \
            T t[W] __attribute__((aligned(W * sizeof(T))));                                                    \
            for (int64_t k = 0; k < W; k++) {                                                                  \
                const int64_t I = i + k;                                                                       \
                const T a = A, b = B;                                                                          \
                t[k] = EXPR;                                                                                   \
            }                                                                                                  \
            VSTREAM(z + i, VLOAD(t));                                                                          \
        }                                                                                                      \
        for (; i < n; i++) {                                                                                   \
            const int64_t I = i;                                                                               \
            const T a = A, b = B;                                                                              \
            z[i] = EXPR;                                                                                       \
        }                                                                                                      \
        _mm_sfence();                                                                                          \
    }
#define VB_NT_LOOPS(T, ISA, ATTR, W, VLOAD, VSTREAM, NAME, EXPR)                  \
    VB_NT_LOOP(T, ISA, ATTR, W, VLOAD, VSTREAM, NAME, vv, x[I], y[I], EXPR)      \
    VB_NT_LOOP(T, ISA, ATTR, W, VLOAD, VSTREAM, NAME, vs, x[I], y[0], EXPR)      \
    VB_NT_LOOP(T, ISA, ATTR, W, VLOAD, VSTREAM, NAME, sv, x[0], y[I], EXPR)

#define VB_NT_AVX512_F32(NAME, EXPR) VB_NT_LOOPS(float, f32_avx512, VB_AVX512_ATTR, 16, _mm512_load_ps, _mm512_stream_ps, NAME, EXPR)
#define VB_NT_AVX512_F64(NAME, EXPR) VB_NT_LOOPS(double, f64_avx512, VB_AVX512_ATTR, 8, _mm512_load_pd, _mm512_stream_pd, NAME, EXPR)
#define VB_AVX2_ATTR __attribute__((target("avx2")))
#define VB_NT_AVX2_F32(NAME, EXPR) VB_NT_LOOPS(float, f32_avx2, VB_AVX2_ATTR, 8, _mm256_load_ps, _mm256_stream_ps, NAME, EXPR)
#define VB_NT_AVX2_F64(NAME, EXPR) VB_NT_LOOPS(double, f64_avx2, VB_AVX2_ATTR, 4, _mm256_load_pd, _mm256_stream_pd, NAME, EXPR)
AD_BINARY_OPS(VB_NT_AVX512_F32, float)
AD_BINARY_OPS(VB_NT_AVX512_F64, double)
AD_BINARY_OPS(VB_NT_AVX2_F32, float)
AD_BINARY_OPS(VB_NT_AVX2_F64, double)
#define VB_NT_ROW_F32_AVX512(NAME, EXPR) {NAME##_vv_nt_f32_avx512, NAME##_vs_nt_f32_avx512, NAME##_sv_nt_f32_avx512},
#define VB_NT_ROW_F64_AVX512(NAME, EXPR) {NAME##_vv_nt_f64_avx512, NAME##_vs_nt_f64_avx512, NAME##_sv_nt_f64_avx512},
#define VB_NT_ROW_F32_AVX2(NAME, EXPR) {NAME##_vv_nt_f32_avx2, NAME##_vs_nt_f32_avx2, NAME##_sv_nt_f32_avx2},
#define VB_NT_ROW_F64_AVX2(NAME, EXPR) {NAME##_vv_nt_f64_avx2, NAME##_vs_nt_f64_avx2, NAME##_sv_nt_f64_avx2},
static const vb_f32 vb_f32_nt_avx512[][3] = {AD_BINARY_OPS(VB_NT_ROW_F32_AVX512, float)};
static const vb_f64 vb_f64_nt_avx512[][3] = {AD_BINARY_OPS(VB_NT_ROW_F64_AVX512, double)};
static const vb_f32 vb_f32_nt_avx2[][3] = {AD_BINARY_OPS(VB_NT_ROW_F32_AVX2, float)};
static const vb_f64 vb_f64_nt_avx2[][3] = {AD_BINARY_OPS(VB_NT_ROW_F64_AVX2, double)};
#endif

int ad_vbinaryf(int op, int mode, const float *x, const float *y, float *z, int64_t n)
{
    const int stream = (mode & AD_VB_STREAM) != 0;
    mode &= ~AD_VB_STREAM;
    if (op < 0 || op >= VB_OP_COUNT || mode < 0 || mode > 2) return 0;
    if (n <= 0) return 1;
#if defined(__x86_64__)
    switch (ad_vmath_path()) {
    case 2: (stream ? vb_f32_nt_avx512 : vb_f32_avx512)[op][mode](x, y, z, n); return 1;
    case 1: (stream ? vb_f32_nt_avx2 : vb_f32_avx2)[op][mode](x, y, z, n); return 1;
    }
#endif
    vb_f32_port[op][mode](x, y, z, n);
    return 1;
}

int ad_vbinary(int op, int mode, const double *x, const double *y, double *z, int64_t n)
{
    const int stream = (mode & AD_VB_STREAM) != 0;
    mode &= ~AD_VB_STREAM;
    if (op < 0 || op >= VB_OP_COUNT || mode < 0 || mode > 2) return 0;
    if (n <= 0) return 1;
#if defined(__x86_64__)
    switch (ad_vmath_path()) {
    case 2: (stream ? vb_f64_nt_avx512 : vb_f64_avx512)[op][mode](x, y, z, n); return 1;
    case 1: (stream ? vb_f64_nt_avx2 : vb_f64_avx2)[op][mode](x, y, z, n); return 1;
    }
#endif
    vb_f64_port[op][mode](x, y, z, n);
    return 1;
}
