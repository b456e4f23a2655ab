/*
 * GEMM for the autodiff library: C = op(A) * op(B), row-major, one thread.
 *
 * Design (GotoBLAS / BLIS style):
 *   - op(A) is packed into panels of MR rows and op(B) into panels of NR
 *     columns, so the micro-kernel reads both with unit stride whatever the
 *     transposes and leading dimensions are, and edge panels are zero padded.
 *   - The micro-kernel keeps an MR x NR tile of C in registers for the whole
 *     k loop, enough independent FMA chains to hide FMA latency on two ports:
 *       AVX-512  float 14x32, double 14x16: 28 zmm accumulators + 2 for B
 *                (32 registers); the 14 broadcasts of A per k step are plain
 *                loads, which run on the load ports beside the FMAs.
 *       AVX2     float 6x16,  double 6x8: 12 ymm accumulators + 2 + 1 (16).
 *       portable float 4x8,   double 4x4 in 16-byte vectors: 8 accumulators
 *                for SSE2's 16 registers; 8x8 / 8x4 on arm64 (32 registers).
 *   - Cache blocks: KC = 256 k steps keeps an A micro-panel (MR x KC, 14 KB
 *     for AVX-512 float) in L1 while the inner loop streams B micro-panels
 *     out of a packed B block of KC x NC (1 MB: half of a 2 MB L2, room left
 *     for C and A). MC bounds the packed A block (about 1 MB) so memory use
 *     stays fixed for tall matrices; it is read once per B block.
 *   - Products too small or too skinny for that (see the thresholds below)
 *     skip packing: a plain triple loop for tiny ones, otherwise loops over
 *     contiguous rows (axpy or dot products) that vectorize for the chosen
 *     instruction set.
 *
 * SwiftPM builds this file for baseline x86-64, so the AVX2 and AVX-512
 * instances carry per-function target attributes and one is chosen at run
 * time. Packing buffers are per thread (the library calls this from many
 * threads at once) and kept between calls: allocating 1-2 MB per call would
 * mean page faults every time for mid-sized products.
 *
 * One product can also be shared by several threads, with op(B) packed once
 * for all of them: gemm_job.h. Products with a vector (one row or column of
 * C) have kernels of their own, built from the same instances:
 * gemv_template.h and gemv_entry.h.
 */
#include "CAutodiffKernels.h"
#include "CAutodiffKernelsTesting.h"
#include "cpu_path.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#define AD_X86 1
#include <immintrin.h>
#else
#define AD_X86 0
#endif

#if defined(__clang__)
#define GEMM_UNROLL _Pragma("unroll")
#elif defined(__GNUC__)
#define GEMM_UNROLL _Pragma("GCC unroll 32")
#else
#define GEMM_UNROLL
#endif

/* Shape thresholds, measured on Sapphire Rapids (AVX-512 path):
 * - up to AD_TINY_MNK multiply-adds a plain triple loop wins: the blocked
 *   path costs about 200 ns of packing and padded edge tiles regardless;
 * - with at most AD_FEW rows or columns of C the unpacked loops win, since
 *   a 14 x 32 micro-tile would be mostly padding; with up to 12 columns they
 *   still do (about 3x) once k is long enough for the dot products. */
#ifndef AD_TINY_MNK
#define AD_TINY_MNK 1024
#endif
#define AD_FEW 4
#define AD_FEW_COLS(n, k) ((n) <= AD_FEW || ((n) <= 12 && (k) >= 256))
/* Blocks of the unpacked loops that keep their accumulators in L1/L2. */
#define AD_SMALL_ROW_BLOCK 512
#define AD_SMALL_COL_BLOCK 2048

#if defined(__clang__)
/* Keeps the vectorized body usable for short rows (one vector per step). */
#define GEMM_NO_INTERLEAVE _Pragma("clang loop interleave_count(1)")
#else
#define GEMM_NO_INTERLEAVE
#endif

/* ---- instances ---------------------------------------------------------- */

/* Portable: baseline flags (SSE2 on x86-64, NEON on arm64), written with
 * GCC/clang vector extensions of 16 bytes, the width both have. Plain
 * scalar C left this to the SLP vectorizer, which did the float kernel but
 * kept the double one scalar on arm64. SSE2 has 16 registers, so 8
 * accumulator vectors; NEON has 32 and wants about 16 independent FMA
 * chains to cover its latency, hence taller tiles there. */
typedef float ad_f32x4 __attribute__((vector_size(16)));
typedef double ad_f64x2 __attribute__((vector_size(16)));
static inline ad_f32x4 ad_f32x4_load(const float *p) { ad_f32x4 v; memcpy(&v, p, sizeof v); return v; }
static inline void ad_f32x4_store(float *p, ad_f32x4 v) { memcpy(p, &v, sizeof v); }
static inline ad_f32x4 ad_f32x4_set1(float x) { return (ad_f32x4){x, x, x, x}; }
static inline ad_f32x4 ad_f32x4_zero(void) { return (ad_f32x4){0, 0, 0, 0}; }
static inline ad_f64x2 ad_f64x2_load(const double *p) { ad_f64x2 v; memcpy(&v, p, sizeof v); return v; }
static inline void ad_f64x2_store(double *p, ad_f64x2 v) { memcpy(p, &v, sizeof v); }
static inline ad_f64x2 ad_f64x2_set1(double x) { return (ad_f64x2){x, x}; }
static inline ad_f64x2 ad_f64x2_zero(void) { return (ad_f64x2){0, 0}; }
/* a * b + c: contracted to one FMA where the target has it (arm64). */
#define AD_PORT_FMA(a, b, c) ((a) * (b) + (c))
#define AD_PORT_ADD(a, b) ((a) + (b))
#if defined(__aarch64__)
#define AD_PORT_MR 8
#else
#define AD_PORT_MR 4
#endif

#define GT float
#define GN(x) x##_s_port
#define GATTR static
#define GMR AD_PORT_MR
#define GNR 8
#define GMC 1024
#define GKC 256
#define GNC 1024
#define GVW 4
#define GV ad_f32x4
#define GVLOADU ad_f32x4_load
#define GVSTOREU ad_f32x4_store
#define GVSET1 ad_f32x4_set1
#define GVFMA AD_PORT_FMA
#define GVADD AD_PORT_ADD
#define GVZERO ad_f32x4_zero
#include "gemv_template.h"
#include "gemm_template.h"

#define GT double
#define GN(x) x##_d_port
#define GATTR static
#define GMR AD_PORT_MR
#define GNR 4
#define GMC 1024
#define GKC 256
#define GNC 512
#define GVW 2
#define GV ad_f64x2
#define GVLOADU ad_f64x2_load
#define GVSTOREU ad_f64x2_store
#define GVSET1 ad_f64x2_set1
#define GVFMA AD_PORT_FMA
#define GVADD AD_PORT_ADD
#define GVZERO ad_f64x2_zero
#include "gemv_template.h"
#include "gemm_template.h"

#if AD_X86
#define AD_AVX2 __attribute__((target("avx2,fma")))
#define AD_AVX512 __attribute__((target("avx512f")))
#include "gemm_transpose.h"

#define GT float
#define GN(x) x##_s_avx2
#define GTPACK tpack_s_avx2
#define GATTR static AD_AVX2
#define GMR 6
#define GNR 16
#define GMC 1020
#define GKC 256
#define GNC 1024
#define GVW 8
#define GV __m256
#define GVLOADU _mm256_loadu_ps
#define GVSTOREU _mm256_storeu_ps
#define GVSET1 _mm256_set1_ps
#define GVFMA _mm256_fmadd_ps
#define GVADD _mm256_add_ps
#define GVZERO _mm256_setzero_ps
#include "gemv_template.h"
#include "gemm_template.h"

#define GT double
#define GN(x) x##_d_avx2
#define GTPACK tpack_d_avx2
#define GATTR static AD_AVX2
#define GMR 6
#define GNR 8
#define GMC 1020
#define GKC 256
#define GNC 512
#define GVW 4
#define GV __m256d
#define GVLOADU _mm256_loadu_pd
#define GVSTOREU _mm256_storeu_pd
#define GVSET1 _mm256_set1_pd
#define GVFMA _mm256_fmadd_pd
#define GVADD _mm256_add_pd
#define GVZERO _mm256_setzero_pd
#include "gemv_template.h"
#include "gemm_template.h"

#define GT float
#define GN(x) x##_s_avx512
#define GTPACK tpack_s_avx512
#define GATTR static AD_AVX512
#define GMR 14
#define GNR 32
#define GMC 1008
#define GKC 256
#define GNC 1024
#define GVW 16
#define GV __m512
#define GVLOADU _mm512_loadu_ps
#define GVSTOREU _mm512_storeu_ps
#define GVSET1 _mm512_set1_ps
#define GVFMA _mm512_fmadd_ps
#define GVADD _mm512_add_ps
#define GVZERO _mm512_setzero_ps
#include "gemv_template.h"
#include "gemm_template.h"

#define GT double
#define GN(x) x##_d_avx512
#define GTPACK tpack_d_avx512
#define GATTR static AD_AVX512
#define GMR 14
#define GNR 16
#define GMC 1008
#define GKC 256
#define GNC 512
#define GVW 8
#define GV __m512d
#define GVLOADU _mm512_loadu_pd
#define GVSTOREU _mm512_storeu_pd
#define GVSET1 _mm512_set1_pd
#define GVFMA _mm512_fmadd_pd
#define GVADD _mm512_add_pd
#define GVZERO _mm512_setzero_pd
#include "gemv_template.h"
#include "gemm_template.h"
#endif /* AD_X86 */

/* ---- path selection ----------------------------------------------------- */

/* Test override, per thread so concurrent tests cannot see each other's. */
static _Thread_local int t_forced_path = -1;

int ad_gemm_path(void)
{
    return t_forced_path >= 0 ? t_forced_path : ad_cpu_widest_path();
}

int ad_gemm_force_path(int path)
{
    if (path == -1) {
        t_forced_path = -1;
        return 1;
    }
    if (path < 0 || path > 2 || !ad_cpu_path_supported(path)) return 0;
    t_forced_path = path;
    return 1;
}

/* ---- per-thread workspace ----------------------------------------------- */

static pthread_key_t g_ws_key;
static pthread_once_t g_ws_once = PTHREAD_ONCE_INIT;
static int g_ws_key_ok;
static _Thread_local void *t_ws;
static _Thread_local size_t t_ws_bytes;

/* The thread-specific value exists only so the buffer is freed when its
 * thread exits; the fast lookup is the _Thread_local pointer. */
static void ws_key_init(void) { g_ws_key_ok = pthread_key_create(&g_ws_key, free) == 0; }

/* Buffers up to this size stay with their thread for the next call (the
 * blocked path needs at most about 3 MB). Only the unpacked path can ask for
 * more, in proportion to m or k; such a buffer is handed back in *owned for
 * the caller to free, so one huge product does not pin memory for good. */
#define AD_WS_KEEP ((size_t)8 << 20)

static void *workspace(size_t bytes, void **owned)
{
    *owned = NULL;
    if (bytes <= t_ws_bytes) return t_ws;
    bytes = (bytes + 4095) & ~(size_t)4095;
    void *p = NULL;
    if (posix_memalign(&p, 64, bytes) != 0) return NULL;
    if (bytes > AD_WS_KEEP) {
        *owned = p;
        return p;
    }
    pthread_once(&g_ws_once, ws_key_init);
    free(t_ws);
    t_ws = p;
    t_ws_bytes = bytes;
    if (g_ws_key_ok) pthread_setspecific(g_ws_key, p);
    return p;
}

/* ---- entry points ------------------------------------------------------- */

/* Workspace (elements) of the unpacked path: gathered operands, see small(). */
static int64_t small_ws(int ta, int tb, int64_t m, int64_t n, int64_t k)
{
    if (AD_FEW_COLS(n, k)) return n * (k + (m < AD_SMALL_ROW_BLOCK ? m : AD_SMALL_ROW_BLOCK));
    return ta && tb ? k : 0;
}

#include "gemm_job.h"

/* Matrix-vector products of at least this many elements of A are split
 * across the thread pool: below it (1 MB of floats, some 50 us of reading)
 * waking a worker costs about as much as it saves. */
#define AD_GEMV_PARALLEL_MIN (1 << 18)

#define GT float
#define GS(x) x##_s
#define GI(x, isa) x##_s_##isa
#define GENTRY ad_sgemm
#include "gemm_entry.h"
#define GT float
#define GS(x) x##_s
#define GJOB ad_sgemm_job_create
#include "gemm_job_template.h"
#define GT float
#define GS(x) x##_s
#define GI(x, isa) x##_s_##isa
#define GVENTRY ad_sgemv
#include "gemv_entry.h"

#define GT double
#define GS(x) x##_d
#define GI(x, isa) x##_d_##isa
#define GENTRY ad_dgemm
#include "gemm_entry.h"
#define GT double
#define GS(x) x##_d
#define GJOB ad_dgemm_job_create
#include "gemm_job_template.h"
#define GT double
#define GS(x) x##_d
#define GI(x, isa) x##_d_##isa
#define GVENTRY ad_dgemv
#include "gemv_entry.h"
