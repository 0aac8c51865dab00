#!/usr/bin/env bash
# Builds test/fixtures/e2e/: a Thai tax invoice rendered to PDF by the extraction generator (born-digital,
# with its ground truth) and a 200 dpi scan of it (slightly rotated, blurred, 8 gray levels).
# Needs chromium, poppler-utils, imagemagick and fonts-thai-tlwg.
set -euo pipefail
cd "$(dirname "$0")/.."
TMP=$(mktemp -d)
npx bun scripts/gen-extract-fixtures.ts --out "$TMP" --count 1 --seed 7
OUT=test/fixtures/e2e
mkdir -p "$OUT"
cp "$TMP/d001.pdf" "$OUT/invoice-th.pdf"
cp "$TMP/d001.truth.json" "$OUT/invoice-th.truth.json"
pdftoppm -r 200 -gray -png -singlefile -f 1 "$OUT/invoice-th.pdf" "$TMP/clean"
convert "$TMP/clean.png" -background white -rotate 0.7 -blur 0x0.5 -colors 8 +repage "$OUT/invoice-th.scan.png"
rm -rf "$TMP"
