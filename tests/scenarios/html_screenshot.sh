#!/usr/bin/env bash
# Renders an HTML report in headless Chromium and checks the screenshot is not
# blank: enough pixels differ from the page background, and some are coloured
# (the embedded maps), so the page really drew its images.
set -eu
html=$1 png=$2
command -v chromium >/dev/null || { echo "chromium is not installed (scripts/setup installs it)"; exit 1; }
# Headless Chromium can hang without writing its file (a CI run spent the test's 120 s
# so). Each try gets 60 s and its own profile; the third failure is
# the test's, with the browser's last words.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rm -f "$png"
for try in 1 2 3; do
  profile=$(mktemp -d)
  timeout -k 5 60 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --disable-quic --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --virtual-time-budget=10000 --user-data-dir="$profile" \
    --window-size=1200,2400 --screenshot="$png" "file://$(realpath "$html")" >"$log" 2>&1 || true
  rm -rf "$profile"
  [[ -s "$png" ]] && break
  echo "try $try: no screenshot written"
done
[[ -s "$png" ]] || { echo "no screenshot written after 3 tries; chromium said:"; tail -n 20 "$log"; exit 1; }
/usr/bin/python3 - "$png" <<'PY'
import sys
import numpy as np
from osgeo import gdal
ds = gdal.Open(sys.argv[1])
rgb = np.stack([ds.GetRasterBand(b + 1).ReadAsArray().astype(int) for b in range(3)], -1)
background = rgb[0, 0]
differs = np.any(np.abs(rgb - background) > 30, axis=-1).mean()
saturation = (rgb.max(-1) - rgb.min(-1))
coloured = (saturation > 60).mean()
print(f"pixels differing from the background: {100 * differs:.1f} %, coloured: {100 * coloured:.2f} %")
sys.exit(0 if differs > 0.02 and coloured > 0.005 else 1)
PY
