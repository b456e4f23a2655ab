/*
 * The vector kernels of vmath.c, written once over a thin layer of macros
 * and included once per instruction set (AVX2+FMA, AVX-512F). The layer is
 * defined by the includer; every name it defines is #undef'd at the end:
 *
 *   VN(x)            the instance's name for x (appends the ISA suffix)
 *   VATTR            the target attribute of every function here
 *   W                float lanes per vector (8 or 16); double halves have W/2
 *   VF, VI, VD, VM   float, int32, double vectors and a float lane mask
 *   F_* / I_* / D_*  float, int32 and double operations (see vmath.c)
 *   M_*              masks: comparisons, blends, any, lane bits
 *   V_HAS_SCALEF     1 if F_SCALEF(p, n) = p * 2^n with a single rounding
 *
 * Both instances therefore run the same arithmetic in the same order and
 * give bit-identical results (exp differs only in how it applies 2^n, and
 * both ways round once); the exhaustive tests confirm it.
 */

/* ---- shared constants ---------------------------------------------------- */

/* ln 2 = LN2F_HI + LN2F_LO with LN2F_HI = RN(ln 2) (24 bits): for the exp
 * argument range (|n| <= 150) x - n * LN2F_HI is exact under FMA (both
 * operands are multiples of 2^-25 and the difference is below 1/2), so the
 * only error of the reduction is the final rounding of r. */
#define LN2F_HI 0x1.62e43p-1f
#define LN2F_LO -0x1.05c61p-29f
#define LOG2EF 0x1.715476p+0f
/* Double-double ln 2, log2(e), pi/2, 1/pi for the double-precision kernels. */
#define LN2D_HI 0x1.62e42fefa39efp-1
#define LN2D_LO 0x1.abc9e3b39803fp-56
#define LOG2ED 0x1.71547652b82fep+0
#define PIO2D_HI 0x1.921fb54442d18p+0
#define PIO2D_LO 0x1.1a62633145c07p-54
#define INVPID 0x1.45f306dc9c883p-2
/* 1.5 * 2^52: adding it to an integer-valued double |k| < 2^51 leaves k in
 * the low bits of the significand, as a two's complement integer. */
#define SHIFTD 0x1.8p52

/* ---- exp (float arithmetic) ----------------------------------------------
 *
 * exp(x) = 2^n * exp(r), n = round(x / ln 2), |r| <= ln2/2 (+ rounding),
 * exp(r) = 1 + r (1 + r Q(r)), Q of degree 4, minimax for the relative
 * error of the whole expression on [-0.3466, 0.3466]: 2^-28.3, well below
 * the 2^-24 of float, so the error is that of the arithmetic:
 *   - r is rounded once (0.5 ulp of r <= 2^-26 absolute): <= 0.2 ulp of the
 *     result, since exp(r + e) = exp(r)(1 + e);
 *   - v = 1 + r Q is rounded once; multiplied by |r| <= 0.35 that is
 *     <= 0.1 ulp of the result;
 *   - the final FMA 1 + r v rounds once: 0.5 ulp. 2^n is then applied
 *     exactly, or with a single rounding when the result is subnormal.
 * About 0.85 ulp at worst; measured 0.894 ulp over all floats. (The form
 * 1 + (r + r^2 Q) rounds the sum r + r^2 Q, which is larger than v - 1 by a
 * factor 1/r: 0.946 ulp, and one more multiplication.) Arguments are
 * clamped to [-104, 89] first, which keeps n within [-150, 129] and gives
 * exactly 0 below (exp(-104) < 2^-150) and inf above (exp(89) > FLT_MAX),
 * with NaN passed through the clamp. */
VATTR static inline VF VN(exp_poly)(VF x, VF *n_out)
{
    const VF xc = F_MIN(F_SET1(89.0f), F_MAX(F_SET1(-104.0f), x)); /* NaN: x */
    const VF n = F_ROUND(F_MUL(xc, F_SET1(LOG2EF)));
    VF r = F_FNMA(n, F_SET1(LN2F_HI), xc); /* exact */
    r = F_FNMA(n, F_SET1(LN2F_LO), r);
    VF q = F_SET1(0x1.6a2434p-10f);
    q = F_FMA(q, r, F_SET1(0x1.1239e2p-7f));
    q = F_FMA(q, r, F_SET1(0x1.5558f2p-5f));
    q = F_FMA(q, r, F_SET1(0x1.555492p-3f));
    q = F_FMA(q, r, F_SET1(0x1.fffffcp-2f));
    const VF v = F_FMA(q, r, F_SET1(1.0f));
    *n_out = n;
    return F_FMA(r, v, F_SET1(1.0f));
}

VATTR static inline VF VN(exp)(VF x)
{
    VF n;
    const VF p = VN(exp_poly)(x, &n);
#if V_HAS_SCALEF
    return F_SCALEF(p, n);
#else
    /* 2^n by adding n to the exponent field: exact while the result is a
     * normal float, that is for x in [-87, 88] (n in [-125, 127] and p in
     * [0.7, 1.42]); NaN fails the test too. */
    const VI ni = F_CVT_I(n);
    const VM outside = M_OR(F_CMP(x, F_SET1(-87.0f), _CMP_NGE_UQ), F_CMP(x, F_SET1(88.0f), _CMP_NLE_UQ));
    if (!M_ANY(outside)) return I_AS_F(I_ADD(F_AS_I(p), I_SLLI(ni, 23)));
    /* Otherwise 2^n = 2^n1 * 2^n2 with both halves normal: p * 2^n1 is
     * exact and the second product rounds once, to inf, a subnormal or 0
     * as the exact result would. */
    const VI n1 = I_SRAI(ni, 1), n2 = I_SUB(ni, n1);
    const VF s1 = I_AS_F(I_SLLI(I_ADD(n1, I_SET1(127)), 23));
    const VF s2 = I_AS_F(I_SLLI(I_ADD(n2, I_SET1(127)), 23));
    return F_MUL(F_MUL(p, s1), s2);
#endif
}

/* ---- log (float arithmetic) ----------------------------------------------
 *
 * x = 2^k * m with m in [sqrt(1/2), sqrt(2)) (from the bits: subtracting
 * the bits of sqrt(1/2) makes the exponent field k), f = m - 1 exact, and
 *   log x = k ln2 + log1p(f),  log1p(f) = f + f^2 Q(f),
 * Q of degree 8, minimax for the relative error of log1p on
 * [-0.2929, 0.4142]: 2^-27.9. The polynomial is of f itself, not of
 * f / (2 + f), to avoid a division. Error: f is exact and f + f^2 Q is
 * rounded once with f^2 Q at most a quarter of it, so log1p(f) is within
 * about 0.6 ulp; k ln2 (double-float) is added with two FMAs, the first
 * adding the tiny k * LN2F_LO, the second rounding the sum once. The worst
 * case is k = 1 with f < 0 (x in [1.41, 2)), where both roundings are
 * of the result's size: measured 0.916 ulp over all floats.
 * Positive normal x take the fast path; a vector holding zero, negative,
 * subnormal, infinite or NaN lanes also runs the fix-ups below. */
VATTR static inline VF VN(log_core)(VF x, VF kadd)
{
    const VI ix = F_AS_I(x);
    const VI tmp = I_SUB(ix, I_SET1(0x3f3504f3)); /* bits of RN(sqrt(1/2)) */
    const VI k = I_SRAI(tmp, 23);
    const VF m = I_AS_F(I_SUB(ix, I_AND(tmp, I_SET1((int32_t)0xff800000))));
    const VF f = F_SUB(m, F_SET1(1.0f));
    const VF kf = F_ADD(I_TO_F(k), kadd);
    const VF f2 = F_MUL(f, f);
    VF q = F_SET1(-0x1.392392p-4f);
    q = F_FMA(q, f, F_SET1(0x1.08a432p-3f));
    q = F_FMA(q, f, F_SET1(-0x1.0f35fap-3f));
    q = F_FMA(q, f, F_SET1(0x1.226422p-3f));
    q = F_FMA(q, f, F_SET1(-0x1.5425ecp-3f));
    q = F_FMA(q, f, F_SET1(0x1.99a48cp-3f));
    q = F_FMA(q, f, F_SET1(-0x1.00043p-2f));
    q = F_FMA(q, f, F_SET1(0x1.55555p-2f));
    q = F_FMA(q, f, F_SET1(-0x1.fffff8p-2f));
    const VF y = F_FMA(f2, q, f);
    return F_FMA(kf, F_SET1(LN2F_HI), F_FMA(kf, F_SET1(LN2F_LO), y));
}

VATTR static inline VF VN(log)(VF x)
{
    VF r = VN(log_core)(x, F_SET1(0.0f));
    const VM special = M_OR(F_CMP(x, F_SET1(0x1p-126f), _CMP_NGE_UQ), F_CMP(x, F_SET1(0x1.fffffep127f), _CMP_NLE_UQ));
    if (!M_ANY(special)) return r;
    /* Subnormals: scaled by 2^23 into the normal range, k lowered by 23. */
    const VM sub = M_AND(F_CMP(x, F_SET1(0.0f), _CMP_GT_OQ), F_CMP(x, F_SET1(0x1p-126f), _CMP_LT_OQ));
    r = M_SEL(sub, VN(log_core)(F_MUL(x, F_SET1(0x1p23f)), F_SET1(-23.0f)), r);
    r = M_SEL(F_CMP(x, F_SET1(0.0f), _CMP_EQ_OQ), F_SET1(-__builtin_inff()), r); /* log(+-0) = -inf */
    r = M_SEL(F_CMP(x, F_SET1(0.0f), _CMP_LT_OQ), F_SET1(__builtin_nanf("")), r); /* x < 0, -inf */
    r = M_SEL(F_CMP(x, F_SET1(__builtin_inff()), _CMP_EQ_OQ), x, r);              /* log(inf) = inf */
    r = M_SEL(F_CMP(x, x, _CMP_UNORD_Q), F_ADD(x, x), r);                           /* NaN, quieted */
    return r;
}

/* ---- sin, cos (double arithmetic) ----------------------------------------
 *
 * Float Cody-Waite reduction leaves r = x - k pi with an error of up to an
 * ulp of r, costing about 1 ulp in the result (vector float sinf in other
 * libraries measure 1.5-1.9 ulp). Done in double instead, it is accurate
 * far beyond float precision: with a = |x| (exact in double),
 *   sin: k = round(a / pi),       q = 2k,     sin a =  (-1)^k sin r
 *   cos: k = round(a / pi - 1/2), q = 2k + 1, cos a = (-1)^(k+1) sin r
 *   r = a - q pi/2, |r| <= pi/2 (+ rounding of k),
 * with pi/2 as a double-double: a - q PIO2D_HI is exact under FMA for
 * q < 2^52 (both are multiples of 2^-52 and the difference is below 2), and
 * the second step rounds at 2^-53 relative, plus q * 2^-107 for the
 * neglected tail of pi/2. That stays far below the distance of any float
 * a < VM_TRIG_MAX from a multiple of pi/2, so r keeps a relative accuracy
 * far beyond float's (the exhaustive test finds no float where it shows).
 * sin r = r + r^3 P(r^2), P of degree 4 in r^2, minimax relative error
 * 2^-32.7 on [0, pi/2]; the double evaluation adds a few 2^-53. The one
 * rounding to float thus gives 0.5 ulp and a hair (0.5024 measured). sin is odd: it is computed for |x| and the sign of x put
 * back, which also gives sin(-0) = -0. Lanes with |x| > VM_TRIG_MAX, inf
 * or NaN are reported in *big and recomputed by libm's sinf / cosf. */
VATTR static inline VD VN(sincos_half)(VD a, int is_cos)
{
    const double off = is_cos ? 0.5 : 0.0;
    const VD k = D_ROUND(D_FMA(a, D_SET1(INVPID), D_SET1(-off)));
    const VD q = D_FMA(k, D_SET1(2.0), D_SET1(2.0 * off));
    VD r = D_FNMA(q, D_SET1(PIO2D_HI), a); /* exact */
    r = D_FNMA(q, D_SET1(PIO2D_LO), r);
    const VD r2 = D_MUL(r, r);
    VD p = D_SET1(-0x1.9e833635d2dfap-26);
    p = D_FMA(p, r2, D_SET1(0x1.71a049e4648b6p-19));
    p = D_FMA(p, r2, D_SET1(-0x1.a0194cf5e6375p-13));
    p = D_FMA(p, r2, D_SET1(0x1.1111107b3478bp-7));
    p = D_FMA(p, r2, D_SET1(-0x1.5555555524406p-3));
    const VD s = D_FMA(D_MUL(r, r2), p, r);
    /* (-1)^k for sin, (-1)^(k+1) for cos: bit 0 of the integer in the low
     * bits of k (+1) + 1.5 * 2^52, shifted to the sign bit. */
    const VD kp = D_ADD(k, D_SET1(is_cos ? 1.0 + SHIFTD : SHIFTD));
    return D_XOR(s, D_SLLI64(kp, 63));
}

VATTR static inline VF VN(sincos)(VF x, int is_cos, VM *big)
{
    const VF a = F_ABS(x);
    *big = F_CMP(a, F_SET1(VM_TRIG_MAX), _CMP_NLE_UQ);
    const VF s = F_FROM_D(VN(sincos_half)(D_FROM_LO(a), is_cos), VN(sincos_half)(D_FROM_HI(a), is_cos));
    return is_cos ? s : F_XOR(s, F_SIGN(x));
}

/* ---- tanh (double arithmetic) --------------------------------------------
 *
 * tanh a = e / (e + 2), e = expm1(2a), a = |x| clamped to 9.5 (tanh of
 * anything above 9.02 rounds to 1 in float, and the clamp keeps e finite;
 * NaN passes the clamp). In that form relative errors of e are damped, not
 * amplified (d log tanh / d log e = 2 / (e + 2) <= 1), and there is no
 * cancellation for small a, as in 1 - 2 / (exp(2a) + 1), so one formula
 * serves all a. expm1(y) = 2^n (1 + u) - 1 = 2^n u + (2^n - 1) with
 * n = round(y / ln2) in [0, 28] (2^n - 1 exact), r = y - n ln2 in
 * double-double steps, u = expm1(r) = r + r^2 Q(r), Q of degree 6 with
 * minimax relative error 2^-34 on [-0.3466, 0.3466]. Everything in double,
 * so the one rounding to float gives 0.5 ulp + about 2^-9 ulp; the sign is
 * put back from x, so tanh(-0) = -0 and tanh(+-big) = +-1 exactly. */
VATTR static inline VD VN(tanh_half)(VD a)
{
    const VD y = D_ADD(a, a);
    const VD n = D_ROUND(D_MUL(y, D_SET1(LOG2ED)));
    VD r = D_FNMA(n, D_SET1(LN2D_HI), y);
    r = D_FNMA(n, D_SET1(LN2D_LO), r);
    const VD r2 = D_MUL(r, r);
    VD q = D_SET1(0x1.4432006c615dep-16);
    q = D_FMA(q, r, D_SET1(0x1.a15146d266cb0p-13));
    q = D_FMA(q, r, D_SET1(0x1.6c648d21b2168p-10));
    q = D_FMA(q, r, D_SET1(0x1.1110c65147c50p-7));
    q = D_FMA(q, r, D_SET1(0x1.55552febb6462p-5));
    q = D_FMA(q, r, D_SET1(0x1.5555556744779p-3));
    q = D_FMA(q, r, D_SET1(0x1.00000008f939bp-1));
    const VD u = D_FMA(r2, q, r);
    /* 2^n: n sits in the low bits of n + 1.5 * 2^52; shifted into the
     * exponent field and added to the bits of 1.0. */
    const VD two_n = D_FROM_BITS_ADD(D_SLLI64(D_ADD(n, D_SET1(SHIFTD)), 52), D_SET1(1.0));
    const VD e = D_FMA(two_n, u, D_SUB(two_n, D_SET1(1.0)));
    return D_DIV(e, D_ADD(e, D_SET1(2.0)));
}

VATTR static inline VF VN(tanh)(VF x)
{
    const VF a = F_MIN(F_SET1(9.5f), F_ABS(x)); /* NaN: |x| */
    const VF t = F_FROM_D(VN(tanh_half)(D_FROM_LO(a)), VN(tanh_half)(D_FROM_HI(a)));
    return F_OR(t, F_SIGN(x));
}

/* ---- array drivers -------------------------------------------------------
 *
 * Whole vectors, then the tail as one partial vector with masked loads and
 * stores, its missing lanes set to 1.0 (a value on every function's fast
 * path). Copying the tail through a stack buffer instead cost about 45 ns
 * a call (scalar stores followed by a wide load cannot be forwarded), ten
 * times the work on one vector. BODY computes the result vector `r` of the
 * input `v`; for sin and cos it also sets the mask `big` of lanes to redo
 * with libm, before storing, so that x == y (in place) works. */
#define VM_DRIVER(name, BODY, FIX)                                                                             \
    VATTR static void VN(name)(const float *x, float *y, int64_t n)                                            \
    {                                                                                                          \
        for (int64_t i = 0; i < n; i += W) {                                                                   \
            const int part = n - i < W ? (int)(n - i) : 0;                                                     \
            const VF v = part ? F_LOAD_PART(x + i, part) : F_LOAD(x + i);                                      \
            VF r;                                                                                              \
            VM big = M_NONE;                                                                                   \
            BODY;                                                                                              \
            (void)big;                                                                                         \
            FIX;                                                                                               \
            if (part) F_STORE_PART(y + i, part, r);                                                            \
            else F_STORE(y + i, r);                                                                            \
        }                                                                                                      \
    }

/* Redo the lanes of `big` with the scalar function: rare (|x| > 2^40 or not
 * finite), so a trip through memory is fine. */
#define VM_FIX_WITH(scalar)                                                                                    \
    if (M_ANY(big)) {                                                                                          \
        float in[W], out[W];                                                                                   \
        F_STORE(in, v);                                                                                        \
        F_STORE(out, r);                                                                                       \
        for (unsigned bits = M_BITS(big); bits; bits &= bits - 1) {                                            \
            const int j = __builtin_ctz(bits);                                                                 \
            out[j] = scalar(in[j]);                                                                            \
        }                                                                                                      \
        r = F_LOAD(out);                                                                                       \
    }

VM_DRIVER(vexpf, r = VN(exp)(v), )
VM_DRIVER(vlogf, r = VN(log)(v), )
VM_DRIVER(vsinf, r = VN(sincos)(v, 0, &big), VM_FIX_WITH(sinf))
VM_DRIVER(vcosf, r = VN(sincos)(v, 1, &big), VM_FIX_WITH(cosf))
VM_DRIVER(vtanhf, r = VN(tanh)(v), )

#undef VM_DRIVER
#undef VM_FIX_WITH
#undef LN2F_HI
#undef LN2F_LO
#undef LOG2EF
#undef LN2D_HI
#undef LN2D_LO
#undef LOG2ED
#undef PIO2D_HI
#undef PIO2D_LO
#undef INVPID
#undef SHIFTD

#undef VN
#undef VATTR
#undef W
#undef VF
#undef VI
#undef VD
#undef VM
#undef V_HAS_SCALEF
#undef F_LOAD
#undef F_STORE
#undef F_LOAD_PART
#undef F_STORE_PART
#undef F_SET1
#undef F_ADD
#undef F_SUB
#undef F_MUL
#undef F_FMA
#undef F_FNMA
#undef F_MIN
#undef F_MAX
#undef F_ROUND
#undef F_ABS
#undef F_SIGN
#undef F_OR
#undef F_XOR
#undef F_CMP
#undef F_CVT_I
#undef F_AS_I
#undef F_SCALEF
#undef F_FROM_D
#undef I_TO_F
#undef I_AS_F
#undef I_SET1
#undef I_ADD
#undef I_SUB
#undef I_AND
#undef I_SLLI
#undef I_SRAI
#undef D_FROM_LO
#undef D_FROM_HI
#undef D_SET1
#undef D_ADD
#undef D_SUB
#undef D_MUL
#undef D_DIV
#undef D_FMA
#undef D_FNMA
#undef D_ROUND
#undef D_XOR
#undef D_SLLI64
#undef D_FROM_BITS_ADD
#undef M_NONE
#undef M_OR
#undef M_AND
#undef M_SEL
#undef M_ANY
#undef M_BITS
