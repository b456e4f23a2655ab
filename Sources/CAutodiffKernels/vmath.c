/*
 * Vectorized float32 exp, log, sin, cos and tanh over arrays.
 *
 * Design:
 *   - Three paths chosen at run time as for the GEMM (SwiftPM builds this
 *     file for baseline x86-64, so the vector instances carry per-function
 *     target attributes): AVX-512F (16 lanes), AVX2+FMA (8 lanes), and a
 *     portable one that calls libm element by element. ad_vmath_force_path
 *     picks one on the calling thread, for tests.
 *   - The two vector paths are one text, vmath_template.h, over a layer of
 *     macros defined below, so they compute identically; only exp applies
 *     2^n differently (AVX-512's vscalefps, two exact scalings on AVX2),
 *     both with a single rounding.
 *   - Accuracy goal: within 1 ulp of the correctly rounded result over all
 *     floats (the contract is 2 ulp), IEEE special values as libm:
 *       exp, log: float arithmetic with FMA; exact first reduction step,
 *         minimax polynomials of relative error 2^-28, so the error is that
 *         of the last few roundings (each kernel's comment has the budget);
 *       sin, cos, tanh: float is not enough for a cheap reduction of sin
 *         and cos (a float r = x - k pi carries up to an ulp of error), nor
 *         for tanh without two formulas, so these widen each half vector to
 *         double, reduce and evaluate there (relative error about 2^-32)
 *         and round once to float. That costs about twice the
 *         instructions of float code, still several times fewer cycles than
 *         libm's scalar calls.
 *     Arguments are never rejected: out-of-range exp and log inputs are
 *     handled in vector code (clamps, blends), and sin / cos of |x| > 2^40,
 *     inf or NaN are recomputed lane by lane with libm's sinf / cosf.
 *   - Polynomial coefficients: Remez fits minimizing the relative error
 *     of the whole approximation (structure, degree and interval at each
 *     kernel), then rounded to the working precision.
 *   - Accuracy measured over all 2^32 inputs on each path, against
 *     double-precision libm (the exact value, for this purpose): max error
 *     in ulps of the result. The two vector paths agree bit for bit on
 *     every input, and match libm's special values on every input.
 *                 vector paths    libm (portable path)
 *       exp          0.894            0.502
 *       log          0.916            0.818
 *       sin          0.502 (*)        0.561
 *       cos          0.502 (*)        0.561
 *       tanh         0.501            2.189 (glibc's tanhf: 729782
 *                                            inputs 2 ulp from the
 *                                            correctly rounded result)
 *     So the vector paths are never more than 1 ulp from the correctly
 *     rounded result. (*) |x| <= 2^40, every third float and every float
 *     of the binades 2^18 to 2^46; larger |x| come from libm (0.561).
 *   - Cost an element, AVX-512, one core, arrays of 1M (on a shared,
 *     busy machine): about 0.35 ns exp, 0.9 ns log, sin and cos, 1.2 ns
 *     tanh, against 3.5 to 5.7 ns for libm's scalar exp, log, sin and cos
 *     and 21 ns for tanhf; AVX2 takes 1.5 to 3 times as long as AVX-512.
 *     Unoptimized builds use libm automatically (see ad_vmath_path).
 *
 * The callers split large arrays across threads; each call is one thread.
 */
#include "CAutodiffKernels.h"
#include "CAutodiffKernelsTesting.h"
#include "cpu_path.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__)
#define VM_X86 1
#include <immintrin.h>
#else
#define VM_X86 0
#endif

/* Largest |x| that sin and cos reduce in vector code (see the template).
 * Measured per binade, the double reduction stays at 0.5024 ulp up to
 * 2^48 and breaks down from 2^49 (k no longer fits the exact steps); 2^40
 * leaves a margin and is far past the 1e4 the library needs. */
#define VM_TRIG_MAX 0x1p40f

/* ---- portable path: libm, one element at a time -------------------------- */

#define VM_PORTABLE(name, scalar)                                                                              \
    static void name##_port(const float *x, float *y, int64_t n)                                              \
    {                                                                                                          \
        for (int64_t i = 0; i < n; i++) y[i] = scalar(x[i]);                                                   \
    }
VM_PORTABLE(vexpf, expf)
VM_PORTABLE(vlogf, logf)
VM_PORTABLE(vsinf, sinf)
VM_PORTABLE(vcosf, cosf)
VM_PORTABLE(vtanhf, tanhf)
#undef VM_PORTABLE

#if VM_X86

/* ---- AVX2 + FMA instance -------------------------------------------------- */

#define VN(x) x##_avx2
#define VATTR __attribute__((target("avx2,fma")))
#define W 8
#define VF __m256
#define VI __m256i
#define VD __m256d
#define VM __m256
#define V_HAS_SCALEF 0
#define F_LOAD _mm256_loadu_ps
#define F_STORE _mm256_storeu_ps
/* The first k < W lanes; the others read as 1.0 and are not written. */
#define VM_AVX2_PART(k) _mm256_cmpgt_epi32(_mm256_set1_epi32(k), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))
#define F_LOAD_PART(p, k)                                                                                      \
    _mm256_blendv_ps(_mm256_set1_ps(1.0f), _mm256_maskload_ps((p), VM_AVX2_PART(k)), _mm256_castsi256_ps(VM_AVX2_PART(k)))
#define F_STORE_PART(p, k, v) _mm256_maskstore_ps((p), VM_AVX2_PART(k), (v))
#define F_SET1 _mm256_set1_ps
#define F_ADD _mm256_add_ps
#define F_SUB _mm256_sub_ps
#define F_MUL _mm256_mul_ps
#define F_FMA _mm256_fmadd_ps                      /* a * b + c */
#define F_FNMA _mm256_fnmadd_ps                    /* c - a * b */
#define F_MIN _mm256_min_ps                        /* NaN in b: b */
#define F_MAX _mm256_max_ps
#define F_ROUND(a) _mm256_round_ps((a), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define F_ABS(a) _mm256_andnot_ps(_mm256_set1_ps(-0.0f), (a))
#define F_SIGN(a) _mm256_and_ps(_mm256_set1_ps(-0.0f), (a))
#define F_OR _mm256_or_ps
#define F_XOR _mm256_xor_ps
#define F_CMP _mm256_cmp_ps
#define F_CVT_I _mm256_cvtps_epi32
#define F_AS_I _mm256_castps_si256
#define F_FROM_D(lo, hi) _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(lo)), _mm256_cvtpd_ps(hi), 1)
#define I_TO_F _mm256_cvtepi32_ps
#define I_AS_F _mm256_castsi256_ps
#define I_SET1 _mm256_set1_epi32
#define I_ADD _mm256_add_epi32
#define I_SUB _mm256_sub_epi32
#define I_AND _mm256_and_si256
#define I_SLLI _mm256_slli_epi32
#define I_SRAI _mm256_srai_epi32
#define D_FROM_LO(a) _mm256_cvtps_pd(_mm256_castps256_ps128(a))
#define D_FROM_HI(a) _mm256_cvtps_pd(_mm256_extractf128_ps((a), 1))
#define D_SET1 _mm256_set1_pd
#define D_ADD _mm256_add_pd
#define D_SUB _mm256_sub_pd
#define D_MUL _mm256_mul_pd
#define D_DIV _mm256_div_pd
#define D_FMA _mm256_fmadd_pd
#define D_FNMA _mm256_fnmadd_pd
#define D_ROUND(a) _mm256_round_pd((a), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define D_XOR _mm256_xor_pd
#define D_SLLI64(a, s) _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_castpd_si256(a), (s)))
#define D_FROM_BITS_ADD(a, b) _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(a), _mm256_castpd_si256(b)))
#define M_NONE _mm256_setzero_ps()
#define M_OR _mm256_or_ps
#define M_AND _mm256_and_ps
#define M_SEL(m, a, b) _mm256_blendv_ps((b), (a), (m)) /* m ? a : b */
#define M_ANY(m) (_mm256_movemask_ps(m) != 0)
#define M_BITS(m) ((unsigned)_mm256_movemask_ps(m))
#include "vmath_template.h"
#undef VM_AVX2_PART

/* ---- AVX-512F instance ---------------------------------------------------- */

/* AVX-512F only (no DQ): float bitwise operations go through the integer
 * ones, and the upper half of a vector is extracted as doubles. */
#define VN(x) x##_avx512
#define VATTR __attribute__((target("avx512f")))
#define W 16
#define VF __m512
#define VI __m512i
#define VD __m512d
#define VM __mmask16
#define V_HAS_SCALEF 1
#define F_LOAD _mm512_loadu_ps
#define F_STORE _mm512_storeu_ps
#define F_LOAD_PART(p, k) _mm512_mask_loadu_ps(_mm512_set1_ps(1.0f), (__mmask16)((1u << (k)) - 1), (p))
#define F_STORE_PART(p, k, v) _mm512_mask_storeu_ps((p), (__mmask16)((1u << (k)) - 1), (v))
#define F_SET1 _mm512_set1_ps
#define F_ADD _mm512_add_ps
#define F_SUB _mm512_sub_ps
#define F_MUL _mm512_mul_ps
#define F_FMA _mm512_fmadd_ps
#define F_FNMA _mm512_fnmadd_ps
#define F_MIN _mm512_min_ps
#define F_MAX _mm512_max_ps
#define F_ROUND(a) _mm512_roundscale_ps((a), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define F_ABS _mm512_abs_ps
#define F_SIGN(a) _mm512_castsi512_ps(_mm512_and_si512(_mm512_set1_epi32(INT32_MIN), _mm512_castps_si512(a)))
#define F_OR(a, b) _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(a), _mm512_castps_si512(b)))
#define F_XOR(a, b) _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(a), _mm512_castps_si512(b)))
#define F_CMP _mm512_cmp_ps_mask
#define F_CVT_I _mm512_cvtps_epi32
#define F_AS_I _mm512_castps_si512
#define F_SCALEF _mm512_scalef_ps
#define F_FROM_D(lo, hi)                                                                                       \
    _mm512_castpd_ps(_mm512_insertf64x4(_mm512_castps_pd(_mm512_castps256_ps512(_mm512_cvtpd_ps(lo))),         \
                                        _mm256_castps_pd(_mm512_cvtpd_ps(hi)), 1))
#define I_TO_F _mm512_cvtepi32_ps
#define I_AS_F _mm512_castsi512_ps
#define I_SET1 _mm512_set1_epi32
#define I_ADD _mm512_add_epi32
#define I_SUB _mm512_sub_epi32
#define I_AND _mm512_and_si512
#define I_SLLI _mm512_slli_epi32
#define I_SRAI _mm512_srai_epi32
#define D_FROM_LO(a) _mm512_cvtps_pd(_mm512_castps512_ps256(a))
#define D_FROM_HI(a) _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1)))
#define D_SET1 _mm512_set1_pd
#define D_ADD _mm512_add_pd
#define D_SUB _mm512_sub_pd
#define D_MUL _mm512_mul_pd
#define D_DIV _mm512_div_pd
#define D_FMA _mm512_fmadd_pd
#define D_FNMA _mm512_fnmadd_pd
#define D_ROUND(a) _mm512_roundscale_pd((a), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define D_XOR(a, b) _mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(a), _mm512_castpd_si512(b)))
#define D_SLLI64(a, s) _mm512_castsi512_pd(_mm512_slli_epi64(_mm512_castpd_si512(a), (s)))
#define D_FROM_BITS_ADD(a, b) _mm512_castsi512_pd(_mm512_add_epi64(_mm512_castpd_si512(a), _mm512_castpd_si512(b)))
#define M_NONE ((__mmask16)0)
#define M_OR(a, b) ((__mmask16)((a) | (b)))
#define M_AND(a, b) ((__mmask16)((a) & (b)))
#define M_SEL(m, a, b) _mm512_mask_blend_ps((m), (b), (a)) /* m ? a : b */
#define M_ANY(m) ((m) != 0)
#define M_BITS(m) ((unsigned)(m))
#include "vmath_template.h"

#endif /* VM_X86 */

/* ---- path selection ------------------------------------------------------- */

/* Test override, per thread so concurrent tests cannot see each other's. */
static _Thread_local int t_vm_forced_path = -1;

int ad_vmath_path(void)
{
    if (t_vm_forced_path >= 0) return t_vm_forced_path;
#if defined(__OPTIMIZE__)
    return ad_cpu_widest_path();
#else
        /* Unoptimized (SwiftPM debug builds compile C at -O0), the vector
         * code keeps every intermediate in memory and runs 3 to 40 times
         * slower than libm (measured: exp 12 ns an element on AVX-512,
         * 67 on AVX2, against 3.5), so libm is the automatic choice there;
         * tests still force the vector paths. */
    return 0;
#endif
}

int ad_vmath_force_path(int path)
{
    if (path == -1) {
        t_vm_forced_path = -1;
        return 1;
    }
    if (path < 0 || path > 2 || !ad_cpu_path_supported(path)) return 0;
    t_vm_forced_path = path;
    return 1;
}

/* ---- entry points --------------------------------------------------------- */

typedef void (*vm_fn)(const float *, float *, int64_t);

#if VM_X86
#define VM_ENTRY(name)                                                                                         \
    void ad_##name(const float *x, float *y, int64_t n)                                                       \
    {                                                                                                          \
        static const vm_fn impl[] = {name##_port, name##_avx2, name##_avx512};                                \
        if (n > 0) impl[ad_vmath_path()](x, y, n);                                                             \
    }
#else
#define VM_ENTRY(name)                                                                                         \
    void ad_##name(const float *x, float *y, int64_t n) { name##_port(x, y, n); }
#endif

VM_ENTRY(vexpf)
VM_ENTRY(vlogf)
VM_ENTRY(vsinf)
VM_ENTRY(vcosf)
VM_ENTRY(vtanhf)
#undef VM_ENTRY
