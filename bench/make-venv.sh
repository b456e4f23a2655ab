#!/usr/bin/env bash
# Makes the Python environment of the peer benchmarks: a virtual
# environment with the packages of bench/requirements.txt from PyPI, each
# installed on its own, so that one that has no wheel for this machine
# (e.g. MLX on Linux) is skipped with a message instead of stopping the rest.
#
#   bench/make-venv.sh [DIR]      # default: .build-bench/venv in the repository
#
# Then bench/compare.sh DIR (compare.sh makes it itself when given none).
set -euo pipefail

usage() { sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
case ${1:-} in -h|--help) usage; exit 0 ;; esac
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${1:-$repo/.build-bench/venv}
python=${PYTHON:-python3}
command -v "$python" >/dev/null || { echo "make-venv: no $python on PATH (set PYTHON)" >&2; exit 2; }

if [[ ! -x $venv/bin/python ]]; then
    echo "make-venv: creating $venv with $("$python" --version 2>&1)" >&2
    mkdir -p "$(dirname "$venv")"
    "$python" -m venv "$venv" || { echo "make-venv: '$python -m venv' failed (on Debian: apt-get install python3-venv)" >&2; exit 1; }
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip >&2 || echo "make-venv: could not upgrade pip; going on" >&2

skipped=()
while read -r line; do
    requirement=${line%%#*}
    requirement=${requirement//[[:space:]]/}
    [[ -n $requirement ]] || continue
    echo "make-venv: pip install $requirement" >&2
    if ! "$venv/bin/python" -m pip install --quiet "$requirement" >&2; then
        echo "make-venv: $requirement did not install on this machine; skipped (compare.sh marks its columns n/a)" >&2
        skipped+=("$requirement")
    fi
done <"$repo/bench/requirements.txt"
echo "make-venv: ready: $venv${skipped:+ (skipped: ${skipped[*]})}" >&2
