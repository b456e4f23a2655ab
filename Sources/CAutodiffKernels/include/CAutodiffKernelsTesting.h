#ifndef C_AUTODIFF_KERNELS_TESTING_H
#define C_AUTODIFF_KERNELS_TESTING_H

/* Switches for the tests of the C kernels, kept out of the main header:
 * they change how the kernels run on the calling thread, which no caller
 * but a test should do. Swift tests reach them with
 * `import CAutodiffKernels.Testing` (an explicit submodule, see
 * module.modulemap). */

#include "CAutodiffKernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Jobs created on the calling thread share op(B) when each
/// of their threads gets at least `rows` rows of C (and the product would be
/// packed at all), instead of the tuned default (-1 restores it), so that
/// small products can test the shared path. Returns 1.
int ad_gemm_job_force_min_rows(int64_t rows);
/// Whether the job packs op(B) once for all its threads (1) or
/// was split into independent single-threaded products (0).
int ad_gemm_job_is_shared(const ad_gemm_job *job);
/// Makes ad_sgemm / ad_dgemm (and ad_gemm_path) on the calling
/// thread use `path` (0 portable, 1 AVX2+FMA, 2 AVX-512), or the automatic
/// choice again if `path` is -1. Other threads are not affected, so parallel
/// tests cannot disturb each other. Returns 1 if applied, 0 if this CPU (or
/// build) lacks that path, in which case nothing changes.
int ad_gemm_force_path(int path);
/// Like ad_gemm_force_path, for the ad_v*f functions: the
/// calling thread uses `path` (0, 1, 2), or the automatic choice again if
/// -1. Returns 1 if applied, 0 if this CPU (or build) lacks that path.
int ad_vmath_force_path(int path);

#ifdef __cplusplus
}
#endif

#endif
