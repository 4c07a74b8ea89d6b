#!/usr/bin/env python3
"""A run's comparison with the tide gauges (beibu run, docs/hydrodynamics.md "In every run").

  check_run_gauges.py RUN_DIR LANG [TIDES_DIR]

Checks RUN_DIR/gauges/: the four gauges of data/beibu/tide_gauges.yaml with finite, sane
time-domain figures; the manifest lists the files; the report (in LANG) has the section,
names the validation gauge, says K1/O1 need 15 days (the record is shorter) and quotes
the shipped tides file's `uncertainty` in its notes. With
TIDES_DIR (`beibu tides --gauges` on the same run's --save-hydro output), each gauge is
compared at the same model cell, and the RMS errors agree to 1 cm (the run samples every
step, the saved file every coupling interval)."""
import csv
import math
import os
import sys

run, lang = sys.argv[1], sys.argv[2]
tides = sys.argv[3] if len(sys.argv) > 3 else None
bad = []


def check(ok, what):
    if not ok:
        bad.append(what)


summary = list(csv.DictReader(open(os.path.join(run, "gauges/gauge_summary.csv"))))
rows = list(csv.DictReader(open(os.path.join(run, "gauges/gauge_comparison.csv"))))
check(os.path.getsize(os.path.join(run, "gauges/gauge_series.nc")) > 0, "no gauge_series.nc")
ids = sorted(r["gauge"] for r in summary)
check(ids == ["beihai", "dongfang", "haikou", "hon_dau", "zhapo"], "gauges: %s" % ids)
for r in summary:
    g = r["gauge"]
    rms, obs, mod = (float(r[k]) for k in ("rms_error_m", "observed_rms_m", "model_rms_m"))
    check(all(map(math.isfinite, (rms, obs, mod))), g + ": non-finite summary")
    check(0.2 < obs < 2.0, "%s: observed RMS %.3f m" % (g, obs))
    check(0.01 < mod < 3.0, "%s: model RMS %.3f m" % (g, mod))
    check(0 <= rms < 1.0, "%s: RMS error %.3f m" % (g, rms))
    check(r["use"] == ("validate" if g == "haikou" else "fit"), g + ": use " + r["use"])
    check(int(r["records"]) > 20, "%s: %s records" % (g, r["records"]))
check(any(x["constituent"] == "K1" for x in rows), "no K1 row in gauge_comparison.csv")

manifest = open(os.path.join(run, "manifest.yaml")).read()
for f in ("gauges/gauge_comparison.csv", "gauges/gauge_summary.csv", "gauges/gauge_series.nc"):
    check('path: "%s"' % f in manifest, "manifest does not list " + f)
check('role: "tide_gauges"' in manifest, "manifest does not list the gauge file as an input")

report = open(os.path.join(run, "report/report.md"), encoding="utf-8").read()
words = {
    "en": ["## Tide at the tide gauges", "Validation only, never fitted (use: validate): Haikou",
           "(use: fit): Beihai, Dongfang, Hon Dau, Zhapo", "at least 15 days", "tides.yaml",
           "How far to trust the tidal forcing: The calibrated constants are EFFECTIVE values"],
    "zh": ["## 验潮站潮位对比", "仅用于验证、未参与拟合的验潮站（use: validate）：Haikou",
           "（use: fit）：Beihai, Dongfang, Hon Dau, Zhapo", "至少模拟 15 天", "tides.yaml",
           "潮汐强迫的可信程度：率定所得的调和常数是本模型的等效值"],
}[lang]
for w in words:
    check(w in report, "report.md lacks %r" % w)
table = list(csv.DictReader(open(os.path.join(run, "report/tables/tide_gauges.csv"), encoding="utf-8")))
check(len(table) == len(summary), "report/tables/tide_gauges.csv: %d rows for %d gauges" % (len(table), len(summary)))

if tides:
    other = {r["gauge"]: r for r in csv.DictReader(open(os.path.join(tides, "gauge_summary.csv")))}
    for r in summary:
        g = r["gauge"]
        o = other.get(g)
        check(o is not None, g + ": not in beibu tides' summary")
        if o is None:
            continue
        check(r["model_face"] == o["model_face"], "%s: cell %s, beibu tides %s" % (g, r["model_face"], o["model_face"]))
        d = abs(float(r["rms_error_m"]) - float(o["rms_error_m"]))
        check(d < 0.01, "%s: RMS error %s m, beibu tides %s m" % (g, r["rms_error_m"], o["rms_error_m"]))

if bad:
    print("run gauge comparison: " + "; ".join(bad))
    sys.exit(1)
print("run gauge comparison: %d gauges, finite, listed, reported (%s)%s" %
      (len(summary), lang, ", same cells and RMS as beibu tides" if tides else ""))
