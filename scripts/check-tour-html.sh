#!/usr/bin/env bash
# Renders the tour's HTML page (`autodiff tour --exercises --html`) in
# headless Chromium and checks what the browser made of it: the page's DOM
# after loading (--dump-dom) must hold every figure as an inline <svg> with
# something drawn in it, every link of the contents must land on an anchor,
# and the page must be there to its end; a screenshot of the first screen
# must not be blank (it is compared with one of an empty page).
#
# Installs Debian's chromium with apt-get when it is missing (root, as on
# CI). Builds `autodiff` in debug, which after `swift test` is only a link.
# Leaves the page, the figures, the DOM and two screenshots (the first
# screen, and the whole page in one tall image) in DIR, by default
# .build/tour-html, to look at:
#
#   scripts/check-tour-html.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mkdir -p "${1:-.build/tour-html}" && cd "${1:-.build/tour-html}" && pwd)"
rm -rf "$out/figures" "$out"/*.png "$out"/*.html

fail() { echo "check-tour-html: $*" >&2; exit 1; }

if ! command -v chromium >/dev/null; then
    echo "check-tour-html: installing chromium (apt-get)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

swift build --product autodiff 2>&1 | tail -n 1
"$(swift build --show-bin-path)/autodiff" tour --exercises --hide-timings \
    --html "$out/tour.html" --output "$out/figures"

# A private profile, and nothing that needs a desktop session; the page
# itself loads nothing, so no network is involved.
browser() {
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$out/profile" "$@" 2>/dev/null
}

browser --dump-dom "file://$out/tour.html" > "$out/dom.html" || fail "chromium could not load the page"
grep -q '</footer>' "$out/dom.html" || fail "the page did not load to its end (no footer in the DOM)"
! grep -q '<script' "$out/dom.html" || fail "the page has a script"

# One line, so that an element and its first child can be matched together.
tr -d '\n' < "$out/dom.html" > "$out/dom-line.html"
figures=0
for file in "$out"/figures/*.svg; do
    name="figures/${file##*/}"
    # The figure's element and the <svg> in it, and at least one line or node drawn.
    grep -q "data-file=\"$out/$name\"><svg" "$out/dom-line.html" || fail "$name is not an inline svg in the DOM"
    figures=$((figures + 1))
done
(( figures > 0 )) || fail "the tour wrote no figure"
svgs=$(grep -o '<svg' "$out/dom.html" | wc -l)
(( svgs == figures )) || fail "$svgs <svg> elements in the DOM for $figures figures"
drawn=$(sed 's|</svg>|</svg>\n|g' "$out/dom-line.html" | grep '<svg' | grep -c '<polyline\|class="node"' || true)
(( drawn == figures )) || fail "$drawn of $figures figures draw something"

for target in $(grep -o 'href="#[^"]*"' "$out/dom.html" | sed 's/href="#//; s/"$//' | sort -u); do
    grep -q "id=\"$target\"" "$out/dom.html" || fail "a link goes to #$target, which the page does not have"
done
stops=$(grep -o '<section class="stop"' "$out/dom.html" | wc -l)

# The first screen, and an empty page of the same size: a page that renders
# nothing makes as small a PNG as the empty one.
browser --screenshot="$out/first-screen.png" --window-size=1000,1400 "file://$out/tour.html" >/dev/null
printf '<!DOCTYPE html><html><body></body></html>\n' > "$out/empty.html"
browser --screenshot="$out/empty.png" --window-size=1000,1400 "file://$out/empty.html" >/dev/null
shot=$(stat -c %s "$out/first-screen.png" 2>/dev/null || echo 0)
empty=$(stat -c %s "$out/empty.png")
(( shot > 4 * empty )) || fail "the screenshot looks empty ($shot bytes, an empty page $empty)"
# The whole page for a person to look at (taller than the page; the rest is white).
browser --screenshot="$out/whole-page.png" --window-size=1000,32000 "file://$out/tour.html" >/dev/null ||
    fail "chromium could not take the full-page screenshot"
rm -rf "$out/profile"

echo "check-tour-html: $stops stops and $figures figures rendered; screenshots in $out"
