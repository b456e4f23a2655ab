#!/bin/sh
# Makes Sources/AutodiffNN/Data/digits.csv again from scikit-learn's wheel on
# PyPI, and checks that it is the file the repository holds: scikit-learn's
# sklearn/datasets/data/digits.csv.gz, decompressed (see digits-LICENSE.md
# there for its source and licence). Needs pip, unzip and gzip.
#
#   scripts/fetch-digits.sh            # writes the CSV, then checks it
set -eu
version=1.9.1
gz_sha=09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22
csv_sha=6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pip download "scikit-learn==$version" --no-deps --only-binary=:all: -d "$work" >/dev/null
unzip -q -o "$work"/scikit_learn-*.whl sklearn/datasets/data/digits.csv.gz -d "$work"
gz="$work/sklearn/datasets/data/digits.csv.gz"
echo "$gz_sha  $gz" | sha256sum -c --quiet
gzip -dc "$gz" > "$work/digits.csv"
echo "$csv_sha  $work/digits.csv" | sha256sum -c --quiet
cp "$work/digits.csv" "$root/Sources/AutodiffNN/Data/digits.csv"
echo "wrote Sources/AutodiffNN/Data/digits.csv (scikit-learn $version, sha256 $csv_sha)"
