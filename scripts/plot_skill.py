#!/usr/bin/python3
"""Plot for `beibu skill`: model against observations at each station.

usage: plot_skill.py PAIRS.csv SKILL.csv OUT.png
PAIRS.csv is skill_pairs.csv (station_id,parameter,unit,time,obs,model), SKILL.csv
is skill.csv. One panel per parameter: a scatter of model against observed with
the 1:1 line, titled with the all-station scores. Written as PNG to OUT.png
(whatever its extension: beibu passes a temporary name and renames it).
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(pairs_path, skill_path, out_path):
    pairs = {}
    units = {}
    with open(pairs_path, newline="") as f:
        for row in csv.DictReader(f):
            p = row["parameter"]
            units[p] = row["unit"]
            pairs.setdefault(p, {}).setdefault(row["station_id"], ([], []))
            pairs[p][row["station_id"]][0].append(float(row["obs"]))
            pairs[p][row["station_id"]][1].append(float(row["model"]))
    scores = {}
    with open(skill_path, newline="") as f:
        for row in csv.DictReader(f):
            if row["station_id"] == "ALL":
                scores[row["parameter"]] = row
    params = sorted(pairs)
    n = max(1, len(params))
    cols = min(3, n)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.5 * cols, 4.2 * rows), squeeze=False)
    for ax in axes.flat[len(params):]:
        ax.set_visible(False)
    for ax, p in zip(axes.flat, params):
        lo, hi = float("inf"), float("-inf")
        for st, (o, m) in sorted(pairs[p].items()):
            ax.scatter(o, m, s=12, label=st)
            lo, hi = min(lo, *o, *m), max(hi, *o, *m)
        if lo < hi:
            ax.plot([lo, hi], [lo, hi], "k--", lw=0.8)
        s = scores.get(p, {})

        def fmt(k):
            v = s.get(k, "")
            return f"{float(v):.2f}" if v else "n/a"

        ax.set_title(f"{p}: bias {fmt('bias')}, RMSE {fmt('rmse')}\n"
                     f"r {fmt('r')}, d {fmt('willmott_d')}, NSE {fmt('nse')}", fontsize=9)
        ax.set_xlabel(f"observed ({units[p]})")
        ax.set_ylabel(f"model ({units[p]})")
        if len(pairs[p]) <= 12:
            ax.legend(fontsize=6)
    if not params:
        axes.flat[0].set_visible(True)
        axes.flat[0].text(0.5, 0.5, "no model/observation pairs", ha="center")
    fig.tight_layout()
    fig.savefig(out_path, format="png", dpi=110)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
