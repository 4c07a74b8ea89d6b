#!/usr/bin/python3
"""Where a modelled tide's error lies: the residual (model - predicted, each about its
mean) of `beibu tides --gauges`' gauge_series.nc split into frequency bands by FFT,
and its mean at the predicted high and low waters.

    tide_error_bands.py DIR/tides/gauge_series.nc [...]

Per gauge: the RMS of the whole residual and of its long-period (< 0.7 cycles per day),
diurnal (0.7-1.5), semidiurnal (1.5-2.5), terdiurnal (2.5-3.5) and quarter-diurnal
(3.5-4.5) parts, and the mean residual over the 10 % highest and 10 % lowest predicted
waters (positive: the model is higher). The bands' squares add up to the whole's
(Parseval) but for the part above 4.5 cycles per day. docs/hydrodynamics.md
("Fourth calibration") quotes these for tide_skill.sh's windows.
"""
import sys

import netCDF4
import numpy as np

BANDS = [("long", 0.0, 0.7), ("diurnal", 0.7, 1.5), ("semi", 1.5, 2.5), ("ter", 2.5, 3.5), ("quarter", 3.5, 4.5)]


def main(paths):
    for path in paths:
        with netCDF4.Dataset(path) as d:
            names = d.gauges.split()
            t = np.asarray(d["time"][:], dtype=float)
            model = np.asarray(d["model_eta"][:], dtype=float)
            pred = np.asarray(d["predicted_eta"][:], dtype=float)
        step_days = (t[1] - t[0]) / 86400.0
        print(path)
        print("  gauge      RMS m  " + "  ".join(f"{b:>8}" for b, _, _ in BANDS) + "  at highs  at lows")
        for g, name in enumerate(names):
            p = pred[g] - pred[g].mean()
            r = (model[g] - model[g].mean()) - p
            spec = np.fft.rfft(r)
            f = np.fft.rfftfreq(r.size, step_days)  # cycles per day
            parts = []
            for _, lo, hi in BANDS:
                keep = np.where((f >= lo) & (f < hi), spec, 0)
                parts.append(np.sqrt(np.mean(np.fft.irfft(keep, r.size) ** 2)))
            high, low = p >= np.percentile(p, 90), p <= np.percentile(p, 10)
            print(f"  {name:<9} {np.sqrt(np.mean(r ** 2)):6.3f}  " + "  ".join(f"{v:8.3f}" for v in parts) +
                  f"  {r[high].mean():+8.3f}  {r[low].mean():+7.3f}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
