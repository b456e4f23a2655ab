#!/usr/bin/env bash
# ThreadSanitizer over the tests that run the library on several threads at
# once: transforms and second derivatives on many threads (ThreadTests,
# the reliability stress test), one compiled function shared by threads,
# the thread pool, the C matrix-vector kernels, the matrix products split
# across cores and the C GEMM job worked on by
# several threads, the tensor buffer pool, and the NN training tests (their
# kernels split large products and maps across cores). Built in its own
# scratch folder (.build-tsan; the first build takes several minutes).
# Exits non-zero if a test fails or ThreadSanitizer reports anything.
#
#   scripts/tsan.sh               # the tests above
#   scripts/tsan.sh FILTER        # another --filter regular expression
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
filter=${1:-'ThreadTests|ThreadPoolTests|CGEMVTests|ReliabilityConcurrencyTests|manyThreadsShareOneCompiledFunction|BufferPoolTests|CGEMMJob|cSGEMMSharedJob|cGEMMJob|cSGEMMIsThreadSafe|MatmulDriverTests|TrainingTests'}
log=$(mktemp /tmp/tsan.XXXXXX.log)
echo "tsan: swift test --sanitize=thread --filter '$filter' (log: $log)" >&2
status=0
# halt_on_error=0: report every race, not just the first; the test run's
# own status says whether the tests passed.
TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 ${TSAN_OPTIONS:-}" \
    swift test --sanitize=thread --scratch-path .build-tsan --filter "$filter" >"$log" 2>&1 || status=$?
reports=$(grep -c '^WARNING: ThreadSanitizer' "$log" || true)
grep -E '^(WARNING: ThreadSanitizer|SUMMARY: ThreadSanitizer)' "$log" | sort | uniq -c >&2 || true
tail -n 3 "$log" >&2
if ((reports > 0)); then
    echo "tsan: $reports ThreadSanitizer report(s); details in $log" >&2
    exit 1
fi
if ((status != 0)); then
    echo "tsan: the tests failed (status $status); see $log" >&2
    exit "$status"
fi
echo "tsan: clean" >&2
