"""The table of bench/compare.sh, and its wait for an idle machine.

    python3 bench/compare.py table DIR [--only W1,W4] [--strict]
    python3 bench/compare.py idle [--wait SECONDS]

`table` reads the outputs that compare.sh saved in DIR (`autodiff.txt` and one
`<peer>.txt` per peer, in autodiff-bench's line format) and
prints one row per workload and variant of ours: our median, each peer's
median for the same `what` (`grad`, `forward`, ...) in each of its modes, the
best peer and the ratio ours / best peer. A `<peer>.missing` file (one line:
why) makes that peer's columns `n/a`.

Only the Python standard library is used, so any python3 runs it.
"""
import argparse
import os
import re
import sys
import time

# Peers in the order compare.sh runs them, with the name of their output file.
PEERS = ["numpy", "jax", "torch", "autograd", "mlx", "swift-native"]

# Columns: (peer, mode) -> heading, in this order. NumPy's `eager` (forward
# only) and `hand` (derivatives only) never meet in one row, so they share a
# column.
COLUMNS = [
    (("jax", "eager"), "jax"),
    (("jax", "jit"), "jax-jit"),
    (("torch", "eager"), "torch"),
    (("autograd", "eager"), "autograd"),
    (("mlx", "eager"), "mlx"),
    (("mlx", "compiled"), "mlx-comp"),
    (("numpy", "eager"), "numpy"),
    (("numpy", "hand"), "numpy"),
    # References, not in "best peer": other programs or other algorithms than
    # the workload's (W2 rewritten as a loop, W8's gradient without matmuls,
    # Swift's compiled AD on scalars), as the goals in issue 6 count them.
    (("jax", "jit_fori"), "(jax-fori)"),
    (("numpy", "closedform"), "(np-closed)"),
    (("swift-native", "native"), "(swift-ad)"),
]
REFERENCE_ONLY = {"(jax-fori)", "(np-closed)", "(swift-ad)"}

# NumPy's hand-written derivative is a peer where it does the work that AD
# does (backpropagation through the same kernels: W2, W4, W5, W6, W8), but in
# W1, W3, W7 and W9 it is a closed formula for the whole derivative (4 x,
# 2^k, Wᵀ D W, diag(1 - t²) W): a lower bound, shown in parentheses and not
# counted as a peer (issue 6 counts JAX jit as the best peer there).
CLOSED_FORMULA = {("numpy", "hand", w) for w in ("W1", "W3", "W7", "W9")}

# A peer's `what` that answers more than one of ours: numpy_ref.py's
# hand-written Jacobian stands for both jacrev and jacfwd.
SYNONYMS = {"jacobian": ["jacrev", "jacfwd"]}

TIMING = re.compile(r"^(W\d+) (\S+) median_us=(\S+) min_us=(\S+) max_us=(\S+)")
DISTURBED = re.compile(r"^# (W\d+) (\S+) other_cores=(\S+)")
SKIPPED = re.compile(r"^(W\d+) (\S+) skipped: (.*)")
FACT = re.compile(r"^(W\d+) (\S+) (\w+=.*)")


class Output:
    """One program's saved output, parsed."""

    def __init__(self, path):
        self.times = {}      # (workload, variant) -> median_us
        self.disturbed = {}  # (workload, variant) -> other cores busy
        self.skipped = {}    # (workload, variant) -> reason
        self.facts = []      # (workload, variant, "k=v ...") lines, in order
        self.header = []     # comment lines that are not disturbance marks
        self.missing = None  # why the peer did not run
        self.failed = None   # last line of stderr when it stopped early
        stem = path[:-len(".txt")]
        if os.path.exists(stem + ".missing"):
            with open(stem + ".missing") as f:
                self.missing = f.read().strip() or "not run"
            return
        if not os.path.exists(path):
            self.missing = "no output"
            return
        with open(path, errors="replace") as f:
            for line in f:
                line = line.rstrip("\n")
                if m := TIMING.match(line):
                    self.times[m[1], m[2]] = float(m[3])
                elif m := DISTURBED.match(line):
                    self.disturbed[m[1], m[2]] = float(m[3])
                elif m := SKIPPED.match(line):
                    self.skipped[m[1], m[2]] = m[3]
                elif m := FACT.match(line):
                    self.facts.append((m[1], m[2], m[3]))
                elif line.startswith("#"):
                    self.header.append(line)
        if os.path.exists(stem + ".failed"):
            with open(stem + ".failed") as f:
                self.failed = f.read().strip() or "failed"


def split_variant(variant):
    """`grad-eager` -> ("grad", "eager"); `grad-jit_fori` -> ("grad", "jit_fori")."""
    what, _, mode = variant.rpartition("-")
    return what, mode


def fmt_us(us):
    """Three significant digits or so, no wider than needed."""
    if us < 1:  # Swift's compiled AD: nanoseconds
        return f"{us:.2g}"
    if us < 10:
        return f"{us:.2f}"
    if us < 100:
        return f"{us:.1f}"
    return f"{us:.0f}"


def peer_cells(peers, workload, what):
    """{heading: (median_us, disturbed, note)} for one row, over all peers;
    note is "ref" for a cell that is a reference, not a peer."""
    cells = {}
    for (peer, mode), heading in COLUMNS:
        out = peers.get(peer)
        if out is None:
            continue
        if out.missing:
            cells.setdefault(heading, (None, False, "n/a"))
            continue
        for peer_what in [what] + [w for w, ours in SYNONYMS.items() if what in ours]:
            key = (workload, f"{peer_what}-{mode}")
            if key in out.times:
                note = "ref" if (peer, mode, workload) in CLOSED_FORMULA else ""
                cells[heading] = (out.times[key], key in out.disturbed, note)
            elif key in out.skipped and heading not in cells:
                cells[heading] = (None, False, "skip")
    return cells


def render(rows):
    """Left-aligned first columns, right-aligned numbers."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, r in enumerate(rows):
        cells = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def table(args):
    ours = Output(os.path.join(args.dir, "autodiff.txt"))
    if ours.missing or not ours.times:
        sys.exit(f"compare: no results of autodiff-bench in {args.dir} "
                 f"({ours.missing or ours.failed or 'no timing lines'})")
    peers = {p: Output(os.path.join(args.dir, f"{p}.txt")) for p in PEERS
             if any(os.path.exists(os.path.join(args.dir, f"{p}.{e}")) for e in ("txt", "missing"))}
    only = {w.strip().upper() for w in args.only.split(",")} if args.only else None

    headings = []
    for (peer, _), heading in COLUMNS:
        if peer in peers and heading not in headings:
            headings.append(heading)
    rows = [["workload", "variant", "ours"] + headings + ["best peer", "ours/best"]]
    disturbed = []
    for (workload, variant), median in ours.times.items():
        if only and workload not in only:
            continue
        what, _ = split_variant(variant)
        mark = "*" if (workload, variant) in ours.disturbed else ""
        if mark:
            disturbed.append(f"autodiff {workload} {variant}")
        row = [workload, variant, fmt_us(median) + mark]
        cells = peer_cells(peers, workload, what)
        best = None
        for heading in headings:
            us, hit, note = cells.get(heading, (None, False, "-"))
            if us is None:
                row.append(note)
                continue
            reference = heading in REFERENCE_ONLY or note == "ref"
            cell = fmt_us(us) + ("*" if hit else "")
            row.append(f"({cell})" if note == "ref" else cell)
            if hit:
                disturbed.append(f"{heading} {workload} {what}")
            if not reference and (best is None or us < best[0]):
                best = (us, heading, hit)
        if best:
            row += [best[1], f"{median / best[0]:.2f}x" + ("*" if mark or best[2] else "")]
        else:
            row += ["-", "-"]
        rows.append(row)

    # Drop the columns that have nothing for these rows (e.g. --only W4
    # leaves W2's jax-fori empty), but keep a missing peer's main columns as
    # n/a, so that it shows.
    def wanted(i):
        if i < 3 or i >= 3 + len(headings):
            return True
        cells = {r[i] for r in rows[1:]}
        return bool(cells - {"-", "n/a"}) or ("n/a" in cells and rows[0][i] not in REFERENCE_ONLY)
    keep = [i for i in range(len(rows[0])) if wanted(i)]
    rows = [[r[i] for i in keep] for r in rows]

    if args.strict and disturbed:
        print("compare: refused: other processes kept a core busy (other_cores > 0.1) during:",
              file=sys.stderr)
        for d in disturbed:
            print(f"  {d}", file=sys.stderr)
        print("run again on a quiet machine, or without --strict to see the marked table",
              file=sys.stderr)
        sys.exit(3)

    print("Medians in microseconds; ratio = ours / fastest peer. In parentheses: references,")
    print("not counted as peers (another program or algorithm: W2 as a loop, W8's gradient")
    print("without matmuls, Swift's compiled AD on scalars, NumPy's closed-form derivatives).")
    print("* = another process kept a core busy meanwhile;")
    print("n/a = peer not installed or not run; skip = the peer cannot run it; - = no such variant.")
    print()
    print(render(rows))
    print()
    if disturbed:
        print(f"* {len(disturbed)} results were taken while other processes kept more than "
              "0.1 core busy: run again for numbers that count.")
    for peer, out in peers.items():
        if out.missing:
            print(f"n/a {peer}: {out.missing}")
        elif out.failed:
            print(f"!   {peer} stopped early: {out.failed}")
    if ours.failed:
        print(f"!   autodiff-bench stopped early: {ours.failed}")
    print()
    print("Our facts (checksums against references computed independently in float64):")
    for workload, variant, facts in ours.facts:
        if not only or workload in only:
            print(f"  {workload} {variant} {facts}")
    gflops = [f"{p} {v.rsplit('-', 1)[1]} {float(f.split('gflops=')[1].split()[0]):.1f}"
              for p, out in [("autodiff", ours)] + list(peers.items())
              for w, v, f in out.facts if w == "W8" and "gflops=" in f]
    if gflops and (not only or "W8" in only):
        print("W8 forward GFLOP/s: " + ", ".join(gflops))
    # The cost of the tape: issue 6 asks for at most 2.7 (ours, eager).
    ratios = [f"{p} {v.split('-', 1)[1]} {float(f.split('=')[1]):.2f}"
              for p, out in [("autodiff", ours)] + list(peers.items())
              for w, v, f in out.facts if w == "W4" and f.startswith("value_and_grad_over_forward=")]
    if ratios and (not only or "W4" in only):
        print("W4 value_and_grad / forward: " + ", ".join(ratios))
    print()
    print("Versions:")
    for name, out in [("autodiff", ours)] + list(peers.items()):
        for line in out.header[:2]:
            print(f"  {line.lstrip('# ')}")


def busy_ticks():
    """Busy ticks of the whole machine (user+nice+system+irq+softirq+steal)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return v[0] + v[1] + v[2] + sum(v[5:8])


def idle(args):
    """Wait until one second passes with less than 0.1 core busy, at most
    args.wait seconds; say how busy the machine was. Exit status 0 either way:
    the per-workload check of each program is what marks results."""
    hz = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + args.wait
    while True:
        t0 = busy_ticks()
        time.sleep(1.0)
        busy = (busy_ticks() - t0) / hz
        if busy < 0.1:
            return
        if time.monotonic() >= deadline:
            print(f"compare: the machine is busy ({busy:.2f} cores used by other processes); "
                  "going on, results taken meanwhile are marked *", file=sys.stderr)
            return


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("table", help="print the comparison table of a results folder")
    t.add_argument("dir")
    t.add_argument("--only", help="comma list of workloads to show")
    t.add_argument("--strict", action="store_true",
                   help="refuse (exit 3) when any result was taken on a busy machine")
    i = sub.add_parser("idle", help="wait for a quiet machine")
    i.add_argument("--wait", type=float, default=0, help="at most this many seconds")
    args = parser.parse_args()
    {"table": table, "idle": idle}[args.command](args)


if __name__ == "__main__":
    main()
