#!/usr/bin/env bash
# Resident memory check, the full version: 100,000 small gradient calls,
# 1,000 gradient calls on 4M-element tensors, a training loop, and 100,000
# small calls mixed with 50 on 4M elements (issue 12), resident memory (from
# /proc/self/statm) read after a warm-up and at the end of each phase
# (scripts/reliability, product memory; the workload is the unit test's,
# Tests/AutodiffTests/Reliability/Memory/MemoryWorkload.swift). Exits
# non-zero if memory grew beyond the bound or a gradient was wrong. Built
# in release (a few minutes the first time), then about a minute.
#
#   scripts/memory-check.sh
#   scripts/memory-check.sh --small 1000000 --large 5000
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
package="$here/reliability"

echo "memory-check: building memory (release)..."
swift build -c release --package-path "$package" --product memory 2>&1 | tail -n 1
"$(swift build -c release --package-path "$package" --show-bin-path)/memory" "$@"
