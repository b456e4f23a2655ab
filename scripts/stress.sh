#!/usr/bin/env bash
# Concurrency stress test: 8 threads for 30 seconds, each running grad,
# grad of grad, hessian, jvp, jacrev, jacfwd, hvp, vjp and GradientTape on
# varied functions at random points, every result compared with its closed
# form (scripts/reliability, product stress; the workload is the unit
# test's, Tests/AutodiffTests/Reliability/Concurrency/StressWorkload.swift).
# Prints the operations checked and the failures; exits non-zero on any
# failure. Built in release (a few minutes the first time).
#
#   scripts/stress.sh                         # 8 threads, 30 s
#   scripts/stress.sh --threads 16 --seconds 120
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
package="$here/reliability"

echo "stress: building stress (release)..."
swift build -c release --package-path "$package" --product stress 2>&1 | tail -n 1
"$(swift build -c release --package-path "$package" --show-bin-path)/stress" "$@"
