#!/usr/bin/env bash
# Renders an HTML report in headless Chromium and checks the screenshot is not
# blank: enough pixels differ from the page background, and some are coloured
# (the embedded maps), so the page really drew its images.
set -eu
html=$1 png=$2
command -v chromium >/dev/null || { echo "chromium is not installed (scripts/setup installs it)"; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$png"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
  --window-size=1200,2400 --screenshot="$png" "file://$(realpath "$html")" >/dev/null 2>&1 || true
[[ -s "$png" ]] || { echo "no screenshot written"; exit 1; }
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
