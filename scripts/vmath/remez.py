# Produces the polynomial coefficients of Sources/CAutodiffKernels/vmath_template.h
# (needs mpmath: pip install mpmath). Run: python3 scripts/vmath/remez.py
# Minimax (relative error) fits for the vector math kernels.
# approx(x) = A(x) + B(x) * sum_i c_i * phi(x)^i ; minimize max |approx/T - 1|
import mpmath as mp
mp.mp.dps = 40
DEBUG = 0

def remez(T, A, B, phi, n, lo, hi, iters=30, grid=1501):
    # initial reference: Chebyshev extrema
    m = n + 1
    xs = [ (lo+hi)/2 + (hi-lo)/2*mp.cos(mp.pi*(m-1-j)/(m-1)) for j in range(m)]
    c = None
    for it in range(iters):
        # solve A + B*sum c_i phi^i - T = (-1)^j E T
        M = mp.matrix(m, m); v = mp.matrix(m, 1)
        for j, x in enumerate(xs):
            for i in range(n):
                M[j, i] = B(x) * phi(x)**i
            M[j, n] = -(-1)**j * T(x)
            v[j] = T(x) - A(x)
        if DEBUG: print(it, [mp.nstr(x,6) for x in xs])
        sol = mp.lu_solve(M, v)
        c = [sol[i] for i in range(n)]; E = sol[n]
        err = lambda x: (A(x) + B(x)*sum(c[i]*phi(x)**i for i in range(n)))/T(x) - 1
        # find extrema on grid
        g = [lo + (hi-lo)*k/grid for k in range(grid+1)]
        ev = [err(x) for x in g]
        # locate local extrema of alternating sign
        ext = []
        for k in range(len(g)):
            left = ev[k-1] if k > 0 else None; right = ev[k+1] if k < len(g)-1 else None
            e = ev[k]
            if (left is None or abs(e) >= abs(left)) and (right is None or abs(e) >= abs(right)):
                ext.append((g[k], e))
        # merge same-sign neighbours keeping the largest
        alt = []
        for x, e in ext:
            if alt and mp.sign(alt[-1][1]) == mp.sign(e):
                if abs(e) > abs(alt[-1][1]): alt[-1] = (x, e)
            else:
                alt.append((x, e))
        while len(alt) > m:
            # drop the smaller end
            if abs(alt[0][1]) < abs(alt[-1][1]): alt.pop(0)
            else: alt.pop()
        maxerr = max(abs(e) for _, e in alt)
        if len(alt) == m: xs = [x for x, _ in alt]
        else: break
    return c, maxerr, E

def show(name, c, maxerr, fmt='d'):
    print(name, 'max rel err %.3e = 2^%.2f' % (float(maxerr), float(mp.log(maxerr, 2))))
    for ci in c:
        f = float(ci)
        if fmt == 'f':
            import numpy as np
            print('  %-28s // %s' % (float(np.float32(f)).hex() + 'f', mp.nstr(ci, 20)))
        else:
            print('  %-28s // %s' % (f.hex(), mp.nstr(ci, 20)))

import sys
which = sys.argv[1:]
ln2h = mp.log(2)/2 * mp.mpf('1.0001')
if 'expf' in which:
    for n in (4, 5):
        # exp(r) = 1 + r + r^2 * Q(r)
        c, e, _ = remez(mp.exp, lambda x: 1 + x, lambda x: x*x, lambda x: x, n, -ln2h, ln2h)
        show('expf Q deg %d' % (n-1), c, e, 'f')
if 'logf' in which:
    lo, hi = mp.sqrt(2)/2 - 1, mp.sqrt(2) - 1
    for n in (7, 8, 9):
        # log1p(f) = f + f^2 * Q(f); singular at 0 in relative terms -> avoid exact 0 by tiny shift
        c, e, _ = remez(lambda x: mp.log1p(x) if x != 0 else mp.mpf('1e-40'),
                        lambda x: x, lambda x: x*x, lambda x: x, n, lo, hi)
        show('logf Q deg %d' % (n-1), c, e, 'f')
if 'sin' in which:
    hi = mp.pi/2 * mp.mpf('1.00001')
    for n in (4, 5):
        c, e, _ = remez(lambda x: mp.sin(x) if x != 0 else mp.mpf('1e-40'), lambda x: x, lambda x: x**3, lambda x: x*x, n, hi/1000, hi)
        show('sin P deg %d in r^2' % (n-1), c, e)
if 'expm1' in which:
    for n in (6, 7, 8):
        c, e, _ = remez(lambda x: mp.expm1(x) if x != 0 else mp.mpf('1e-40'), lambda x: x, lambda x: x*x, lambda x: x, n, -ln2h, ln2h)
        show('expm1 Q deg %d' % (n-1), c, e)
