#!/usr/bin/env bash
# Builds the DocC documentation of the libraries (Autodiff, AutodiffPlot,
# AutodiffNN, AutodiffTour) with `swift package generate-documentation`,
# into DIR (default .build/docs), one archive per library; fails on any
# warning docc reports (a broken symbol link, a missing parameter).
#
# The plugin (swiftlang/swift-docc-plugin) is a dependency only while this
# script runs: Package.swift adds it when AUTODIFF_DOCC_PLUGIN is set, so
# that a package that depends on this one never fetches it. The build uses
# its own scratch folder, .build-docs, so that switching the dependency on
# and off does not disturb .build. The first run compiles every library
# (about two minutes on 2 cores); later runs take under a minute.
#
#   scripts/build-docs.sh [DIR]
#
# Open an archive with Xcode, or read it with `docc preview`.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mkdir -p "${1:-.build/docs}" && cd "${1:-.build/docs}" && pwd)"
export AUTODIFF_DOCC_PLUGIN=1
# Package.resolved sits beside Package.swift whatever the scratch folder:
# put back the one without the plugin afterwards, or an ordinary build
# would fetch and build the plugin too.
resolved="$(mktemp)"
if [[ -f Package.resolved ]]; then cp Package.resolved "$resolved"; else rm -f "$resolved"; fi
restore() { if [[ -f "$resolved" ]]; then mv "$resolved" Package.resolved; else rm -f Package.resolved; fi; }
trap restore EXIT

failed=()
for target in Autodiff AutodiffPlot AutodiffNN AutodiffTour; do
    echo "build-docs: $target"
    # Every library is tried, so that one run reports all the warnings.
    swift package --scratch-path .build-docs --allow-writing-to-directory "$out" \
        generate-documentation --target "$target" --output-path "$out/$target.doccarchive" \
        --warnings-as-errors || failed+=("$target")
done
if (( ${#failed[@]} > 0 )); then
    echo "build-docs: docc reported problems in ${failed[*]} (the errors above)" >&2
    exit 1
fi
echo "build-docs: archives in $out, one per library"
