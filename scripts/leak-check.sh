#!/usr/bin/env bash
# Leak check: runs a short, varied program (scripts/reliability, product
# leakcheck: every kind of operation and transform, 20 rounds plus 2 on
# concurrent threads) under valgrind --leak-check=full, and passes when no
# byte is definitely lost (valgrind exits 1 on a definite leak or a memory
# error).
#
# valgrind 3.19 cannot read the DWARF 5 debug information that Swift emits,
# so the program is built in release and a copy is stripped of debug info.
# Takes a few minutes the first time (the release build), then under one.
#
#   scripts/leak-check.sh            # from anywhere
#   ROUNDS=50 scripts/leak-check.sh  # a longer run
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
package="$here/reliability"
rounds="${ROUNDS:-20}"

if ! command -v valgrind > /dev/null; then
    echo "leak-check: valgrind is not installed (apt-get install valgrind)" >&2
    exit 2
fi

echo "leak-check: building leakcheck (release)..."
swift build -c release --package-path "$package" --product leakcheck 2>&1 | tail -n 1
binary="$(swift build -c release --package-path "$package" --show-bin-path)/leakcheck"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$binary" "$work/leakcheck"
strip --strip-debug "$work/leakcheck"

echo "leak-check: valgrind --leak-check=full leakcheck $rounds"
status=0
valgrind --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --error-exitcode=1 "$work/leakcheck" "$rounds" > "$work/out.txt" 2> "$work/valgrind.txt" || status=$?
cat "$work/out.txt"
# valgrind's heap summary, the stack of each definite leak, the leak summary.
sed -n '/HEAP SUMMARY/,$p' "$work/valgrind.txt"

lost="$(grep -o 'definitely lost: [0-9,]* bytes' "$work/valgrind.txt" | grep -o '[0-9,]*' | tr -d , || true)"
if [ "$status" -ne 0 ] || { [ -n "$lost" ] && [ "$lost" -ne 0 ]; }; then
    echo "leak-check: FAILED (valgrind exit status $status, definitely lost: ${lost:-?} bytes)"
    exit 1
fi
echo "leak-check: passed (definitely lost: ${lost:-0} bytes)"
