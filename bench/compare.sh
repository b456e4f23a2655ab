#!/usr/bin/env bash
# Runs autodiff-bench and the peers' benchmark scripts (bench/peers) one after
# the other on this machine, and prints one table: workload, variant, our
# median, each peer's median, ratio ours / best peer (bench/compare.py).
# Only ratios within one run mean anything: the peers' numbers are redone
# here, never taken from elsewhere.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/compare.sh [options] [VENV]

The workloads are defined in bench/WORKLOADS.md; the peers' scripts are in
bench/peers (another folder may be given in PEERS_DIR).

VENV is a Python virtual environment with the peers' packages
(bench/requirements.txt). Without it, .build-bench/venv is used, and made
first by bench/make-venv.sh if it is not there (pip from PyPI; about 6 GB,
most of it torch's CUDA wheels, which run on CPU). A package that cannot
install (MLX has no Linux CPU wheel on most machines) is skipped, and a peer
whose package is missing gets n/a in its columns.

options:
  --out DIR        keep every program's output and the table there
                   (default: a new folder under /tmp/bench)
  --peers LIST     comma list among numpy,jax,torch,autograd,mlx (default: all),
                   and swift-native if PEERS_DIR has such a SwiftPM package
  --only LIST      workloads for autodiff-bench and the table, e.g. W4,W8
                   (the peer scripts have no selection: they still run all)
  --quick          autodiff-bench --quick: checks that the script works, the
                   numbers mean nothing
  --no-build       use the autodiff-bench already built in .build-bench
  --wait-idle S    before each program, wait up to S seconds for a quiet machine
  --strict         refuse to print a table (exit 3) if any result was taken
                   while another process kept a core busy; by default such
                   results are marked *
  --limits         also run limits.py (machine's GFLOP/s and memory bandwidth)
  -h, --help       this text

Each workload's own check (as timing.py's) prints `# W.. other_cores=x` when
other processes used more than 0.1 core while it ran; nothing else should run
on the machine meanwhile. The whole run takes about 6 minutes on 2 cores.
EOF
}

command_line="bench/compare.sh $*"
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peers_dir=${PEERS_DIR:-$repo/bench/peers}
out="" peers="numpy,jax,torch,autograd,mlx" only="" quick="" build=1
wait_idle=0 strict="" limits="" venv=""

while (($#)); do
    case $1 in
        --out) out=${2:?--out needs a folder}; shift ;;
        --peers) peers=${2:?--peers needs a list}; shift ;;
        --only) only=${2:?--only needs a list of workloads}; shift ;;
        --quick) quick=1 ;;
        --no-build) build="" ;;
        --wait-idle) wait_idle=${2:?--wait-idle needs seconds}; shift ;;
        --strict) strict=1 ;;
        --limits) limits=1 ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) [[ -z $venv ]] || { echo "compare.sh: one VENV only (got $venv and $1)" >&2; exit 2; }
           venv=$1 ;;
    esac
    shift
done
if [[ -z $venv ]]; then
    venv=$repo/.build-bench/venv
    [[ -x $venv/bin/python ]] || "$repo/bench/make-venv.sh" "$venv" || exit 1
fi
if [[ ! -x $venv/bin/python ]]; then
    echo "compare.sh: $venv/bin/python not found: make the virtual environment first (bench/make-venv.sh $venv)" >&2
    exit 2
fi
venv=$(cd "$venv" && pwd)  # the peers run from their own folder
py=$venv/bin/python
if [[ -z $peers_dir || ! -d $peers_dir ]]; then
    echo "compare.sh: no peer scripts at '$peers_dir' (PEERS_DIR)" >&2
    exit 2
fi
peers_dir=$(cd "$peers_dir" && pwd)
out=${out:-/tmp/bench/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
# Only our own files: --out may name a folder that holds other things.
for name in autodiff numpy jax torch autograd mlx swift-native limits; do
    rm -f "$out/$name".{txt,err,missing,failed}
done

# OpenBLAS's CPU detection: some machines set these to work around old
# OpenBLAS bugs, and they slow a current NumPy; unset for the peers only.
peer_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE PYTHONDONTWRITEBYTECODE=1)

quiet() { [[ $wait_idle == 0 ]] || "$py" "$repo/bench/compare.py" idle --wait "$wait_idle"; }

# run NAME COMMAND...: the command's stdout to NAME.txt (shown as it comes),
# stderr to NAME.err; a failure leaves NAME.failed with stderr's last line.
run() {
    local name=$1; shift
    quiet
    echo "== $name" >&2
    if ! "$@" 2>"$out/$name.err" | tee "$out/$name.txt" | sed 's/^/   /' >&2; then
        grep -v '^\s*$' "$out/$name.err" | tail -n 1 >"$out/$name.failed" || true
        echo "   $name stopped early: $(cat "$out/$name.failed")" >&2
    fi
}

# ---- ours ------------------------------------------------------------------
if [[ -n $build ]]; then
    echo "== building autodiff-bench (release)" >&2
    (cd "$repo" && swift build -c release --scratch-path .build-bench --product autodiff-bench) \
        >"$out/build.log" 2>&1 || { tail -n 20 "$out/build.log" >&2; exit 1; }
fi
bench_bin=$repo/.build-bench/release/autodiff-bench
[[ -x $bench_bin ]] || { echo "compare.sh: $bench_bin not built (drop --no-build)" >&2; exit 1; }
args=()
[[ -z $only ]] || args+=(--only "$only")
[[ -z $quick ]] || args+=(--quick)
run autodiff "$bench_bin" "${args[@]}"

# ---- peers -----------------------------------------------------------------
# A peer runs when its Python package imports; otherwise NAME.missing says why.
declare -A module=([numpy]="numpy, threadpoolctl" [jax]=jax [torch]=torch [autograd]=autograd [mlx]=mlx.core)
declare -A script=([numpy]=numpy_ref.py [jax]=jax_bench.py [torch]=torch_bench.py
                   [autograd]=autograd_bench.py [mlx]=mlx_bench.py)
IFS=, read -r -a wanted <<<"$peers"
for peer in "${wanted[@]}"; do
    case $peer in
        swift-native)
            # Built outside the peers folder, in our own scratch path.
            scratch=$repo/.build-bench/swift-native
            if [[ ! -d $peers_dir/swift-native ]]; then
                echo "no swift-native package in $peers_dir" >"$out/swift-native.missing"
            elif swift build -c release --package-path "$peers_dir/swift-native" \
                    --scratch-path "$scratch" >"$out/swift-native.build.log" 2>&1; then
                run swift-native "$scratch/release/swift-native-bench"
            else
                echo "swift build failed: $(tail -n 1 "$out/swift-native.build.log")" >"$out/swift-native.missing"
            fi ;;
        numpy|jax|torch|autograd|mlx)
            if ! err=$("$py" -c "import ${module[$peer]}" 2>&1); then
                echo "not installed in $venv: $(tail -n 1 <<<"$err")" >"$out/$peer.missing"
                echo "== $peer: not installed, skipped" >&2
                continue
            fi
            # The scripts import timing.py from their own folder.
            run "$peer" "${peer_env[@]}" bash -c 'cd "$1" && exec "$2" -u "$3"' _ \
                "$peers_dir" "$py" "${script[$peer]}" ;;
        *) echo "compare.sh: unknown peer $peer (see --help)" >&2; exit 2 ;;
    esac
done
if [[ -n $limits ]]; then
    run limits "${peer_env[@]}" bash -c 'cd "$1" && exec "$2" -u limits.py' _ "$peers_dir" "$py"
fi

# ---- the table ---------------------------------------------------------------
status=0
{
    echo "autodiff-bench against its peers, $(date '+%Y-%m-%d %H:%M %Z')"
    echo "machine: $(uname -sm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
    echo "command: $command_line"
    echo
} >"$out/table.txt"
"$py" "$repo/bench/compare.py" table "$out" ${only:+--only "$only"} ${strict:+--strict} \
    >>"$out/table.txt" || status=$?
if ((status == 0)) && [[ -n $limits && -f $out/limits.txt ]]; then
    { echo; echo "Machine limits (limits.py):"; grep -E 'gflops=|gb_per_s=|other_cores=' "$out/limits.txt" | sed 's/^/  /'; } >>"$out/table.txt"
fi
cat "$out/table.txt"
echo "(outputs and this table: $out)" >&2
exit "$status"
