#ifndef C_AUTODIFF_KERNELS_H
#define C_AUTODIFF_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// C[m x n] = op(A)[m x k] * op(B)[k x n]  (row-major, C overwritten, not accumulated)
/// op(A) = A if trans_a == 0, else A^T where A is stored k x m with leading dimension lda.
/// op(B) = B if trans_b == 0, else B^T where B is stored n x k with leading dimension ldb.
/// Single-threaded; see ad_gemm_job below for one product on several threads.
void ad_sgemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
              const float *a, int64_t lda, const float *b, int64_t ldb, float *c, int64_t ldc);
void ad_dgemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
              const double *a, int64_t lda, const double *b, int64_t ldb, double *c, int64_t ldc);
/// One product C = op(A) op(B), as ad_sgemm / ad_dgemm, computed by several
/// threads together. Large ones (at least 512 rows of C per thread) pack
/// op(B) once into a buffer they all read (rather than once by each thread,
/// as separate ad_sgemm calls on ranges of rows would), then each thread
/// multiplies its own rows (or columns) of C; smaller ones are split into
/// one independent product of rows (or columns) per thread.
///
/// Create the job on one thread, call ad_gemm_job_work(job) from any number
/// of threads at once (each returns when no work is left to claim; there is
/// no waiting on a thread that never calls), and once every such call has
/// returned, C is complete: destroy the job. One call alone does all the
/// work. `threads` is how many callers to expect; it only sets how finely
/// the work is divided. The job uses the creating thread's path
/// (ad_gemm_path). Returns NULL only if out of memory for the job itself.
typedef struct ad_gemm_job ad_gemm_job;
ad_gemm_job *ad_sgemm_job_create(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                                 const float *a, int64_t lda, const float *b, int64_t ldb, float *c, int64_t ldc,
                                 int threads);
ad_gemm_job *ad_dgemm_job_create(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                                 const double *a, int64_t lda, const double *b, int64_t ldb, double *c, int64_t ldc,
                                 int threads);
/// Claims and runs parts of the job until none is left; safe to call from
/// several threads at once.
void ad_gemm_job_work(ad_gemm_job *job);
/// Frees the job, after every ad_gemm_job_work call on it has returned.
void ad_gemm_job_destroy(ad_gemm_job *job);

/// Matrix-vector products, row-major A of m rows and n columns (leading
/// dimension lda): y[m] = A x[n] if trans == 0, else y[n] = Aᵀ x[m]; y is
/// overwritten (all zero when A is empty). Both read A once, front to back,
/// so they run at about the memory bandwidth; large ones are split across
/// the thread pool (ad_pool_run), small ones run on the calling thread.
/// Uses the calling thread's path (ad_gemm_path).
void ad_sgemv(int trans, int64_t m, int64_t n, const float *a, int64_t lda, const float *x, float *y);
void ad_dgemv(int trans, int64_t m, int64_t n, const double *a, int64_t lda, const double *x, double *y);

/// Calls fn(context, i) once for every i in [0, count), on the library's
/// worker threads (started on the first call, one fewer than the cores) and
/// the calling thread, and returns when every call has returned. Indices are
/// claimed in order from a shared counter, so a worker that wakes late only
/// takes fewer of them. A call from inside fn, or while another thread's
/// call is using the pool, runs all its indices on the calling thread, in
/// order: nesting never deadlocks, and any number of threads may call.
void ad_pool_run(int64_t count, void *context, void (*fn)(void *context, int64_t index));
/// The threads ad_pool_run uses: its workers and the caller.
int ad_pool_threads(void);

/// Which path ad_sgemm uses on this CPU: 0 portable, 1 AVX2+FMA, 2 AVX-512. For tests and benchmarks.
int ad_gemm_path(void);


/// Elementwise y[i] = f(x[i]) for i < n, float32, one thread (the caller
/// splits large arrays): exp, natural log, sin, cos, tanh. Within 1 ulp of
/// the correctly rounded result over all floats (the documented bound is 2),
/// with libm's special values (NaN propagates; overflow to inf, underflow
/// to subnormals and 0; log(0) = -inf, log(x < 0) = NaN; sin(-0) = -0;
/// tanh(+-large) = +-1 exactly). x and y may be the same array. Vectorized
/// with AVX-512 or AVX2+FMA, chosen at run time; the portable path is libm.
void ad_vexpf(const float *x, float *y, int64_t n);
void ad_vlogf(const float *x, float *y, int64_t n);
void ad_vsinf(const float *x, float *y, int64_t n);
void ad_vcosf(const float *x, float *y, int64_t n);
void ad_vtanhf(const float *x, float *y, int64_t n);
/// Elementwise y[i] = sqrt(x[i]), float32 and float64: the IEEE square root
/// (correctly rounded on every path, NaN for x < 0, sqrt(-0) = -0). x and y
/// may be the same array. Same paths as the functions above.
void ad_vsqrtf(const float *x, float *y, int64_t n);
void ad_vsqrt(const double *x, double *y, int64_t n);

/// dst[b][j][i] = src[b][i][j] for `batch` dense rows x cols matrices, one
/// after another in src (dst has them cols x rows); src and dst do not
/// overlap. Only copies, so the bits are the same on every path.
void ad_transposef(int64_t batch, int64_t rows, int64_t cols, const float *src, float *dst);
void ad_transpose(int64_t batch, int64_t rows, int64_t cols, const double *src, double *dst);
/// Elementwise binary operations, float32 and float64 (vbinary.c), as the
/// Swift scalar functions compute them, bit for bit: `op` is an
/// ad_binary_op; `mode` 0 for z[i] = x[i] op y[i], 1 for x[i] op y[0],
/// 2 for x[0] op y[i]. z must not overlap x or y (except by being the same
/// array). Returns 0 (and writes nothing) for an unknown op or mode, else 1.
/// Same paths as the functions above.
enum ad_binary_op {
    AD_ADD, AD_SUB, AD_MUL, AD_DIV,
    AD_STRONG_ZERO_MUL, /* (a == 0 || b == 0) ? +0 : a * b */
    AD_LESS, AD_LESS_EQUAL, AD_GREATER, AD_GREATER_EQUAL, AD_EQUAL, AD_NOT_EQUAL, /* 1 or 0 */
};
/// Or'ed into `mode`: write z with non-temporal stores, which skip reading
/// each line of z into the cache before overwriting it; for outputs much
/// larger than the cache, which the next operation would not find there
/// anyway. The same numbers either way.
#define AD_VB_STREAM 4
int ad_vbinaryf(int op, int mode, const float *x, const float *y, float *z, int64_t n);
int ad_vbinary(int op, int mode, const double *x, const double *y, double *z, int64_t n);
/// Which path the ad_v*f functions (and ad_vsqrt, ad_vbinary) use on this
/// thread: 0 portable (libm; plain loops for sqrt and the binary
/// operations), 1 AVX2+FMA, 2 AVX-512. Automatically the widest the CPU has, except in
/// unoptimized builds of this file (debug), where it is 0: the vector code
/// compiled at -O0 is slower than libm.
int ad_vmath_path(void);

/// Gives the C heap's free memory back to the system (glibc's
/// malloc_trim(0)); does nothing where the C library has no such call.
/// For the buffer pool, after it frees idle arrays.
void ad_malloc_trim(void);

#ifdef __cplusplus
}
#endif

#endif
