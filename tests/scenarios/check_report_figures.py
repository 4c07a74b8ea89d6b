#!/usr/bin/env python3
"""The figures of a report directory: every map SVG holds its PNG, which exists beside it
and is not blank (its water pixels vary), the HTML page holds the maps inline with their scale bar,
north arrow, graticule and legend, and the station series; in Chinese, every heading
(h1-h3, table headings) is Chinese, apart from codes (ids, parameter names, units); the
notes say how far to trust the tide.
Usage: check_report_figures.py REPORT_DIR LANG"""
import glob
import os
import re
import sys

import numpy as np
from osgeo import gdal

rdir, lang = sys.argv[1], sys.argv[2]
failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


svgs = sorted(glob.glob(os.path.join(rdir, "maps", "*.svg")))
check(len(svgs) >= 2, f"{len(svgs)} map SVGs (at least the gulf's class map and one parameter)")
for svg in svgs:
    text = open(svg, encoding="utf-8").read()
    check('<image href="data:image/png;base64,' in text, f"{os.path.basename(svg)} holds its PNG")
    png = svg[:-4] + ".png"
    ds = gdal.Open(png) if os.path.exists(png) else None
    check(ds is not None, f"{os.path.basename(png)} exists and opens")
    if ds is None:
        continue
    rgba = np.stack([ds.GetRasterBand(b + 1).ReadAsArray().astype(float) for b in range(4)], -1)
    # Water pixels are opaque and coloured (a class colour, never white); a parameter in
    # one class everywhere is one colour, but the whole gulf's class map varies.
    water = (rgba[..., 3] > 0) & (rgba[..., :3].min(-1) < 250)
    var = rgba[water][:, :3].var(axis=0).sum() if water.any() else 0.0
    must_vary = os.path.basename(png) == "gulf_class.png"
    check(water.mean() > 0.05 and (var > 1.0 or not must_vary),
          f"{os.path.basename(png)}: {100 * water.mean():.0f} % coloured water pixels, colour variance {var:.0f}")

html = open(os.path.join(rdir, "report.html"), encoding="utf-8").read()
n_inline = html.count("<svg")
# Every report checked here is of a run forced by data/beibu/tides.yaml: its notes say how
# far to trust that tide (a `beibu compliance --run` report takes them from the manifest).
trust = {"en": "How far to trust the tidal forcing: The calibrated constants",
         "zh": "潮汐强迫的可信程度：率定所得的调和常数"}[lang]
check(trust in html, "the notes say how far to trust the tidal forcing")
check(n_inline >= len(svgs), f"the page holds {n_inline} inline SVGs (maps and series)")
check(html.count("data:image/png;base64,") == len(svgs), "each map's PNG is embedded in the page")
for what, pattern in (("scale bar", r"\d+ km<"), ("north arrow", r">N</text>"), ("graticule", r"°E<"),
                      ("zone outlines", r'stroke-dasharray="5 3"'), ("station markers", r'stroke-width="1.2"'),
                      ("station series", r"<polyline")):
    check(re.search(pattern, html) is not None, f"the page draws a {what}")
series = glob.glob(os.path.join(rdir, "series", "*.svg"))
check(len(series) > 0, f"{len(series)} station series SVGs")

if lang == "zh":
    han = re.compile(r"[\u4e00-\u9fff]")
    # Codes that read the same in both languages: ids, parameters and units, C/L.
    code = re.compile(r"^(id|C/L|([A-Z][A-Z0-9_]+|petroleum|salinity|temperature|age)( C/L| \(mg/L\))?)$")
    heads = re.findall(r"<(h[1-3]|th)>(.*?)</\1>", html)
    english = [t for _, t in heads if not han.search(t) and not code.match(t)]
    check(not english, f"{len(heads)} Chinese headings, untranslated: {english[:5]}")
    check(not re.search(r"\bClass (I|II|III|IV)\b", html), "no English class names in the Chinese page")

sys.exit(1 if failures else 0)
