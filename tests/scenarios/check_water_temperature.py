#!/usr/bin/python3
"""A run with its water temperature from a gridded field (forcing_good.yaml of
tests/data/ingest/make_forcing_files.py: SST in K on a curvilinear grid, ERA5-like
hourly winds found by name): maps.nc holds the temperature the decay used, equal to the
analytic field at each face, and the decay follows it.

  - water_temperature (degree_Celsius, CF sea_surface_temperature) at every record and
    face: record 0 the field at the start, record n at the middle of the coupling
    interval ending at its time; equal to the script's formula to 1e-4 degC (float32
    K values) at faces at least 0.5 degree from the grid's land block, where every
    corner is water; within the field's range near it (filled from the nearest water).
  - Decay: tracers X (theta 1.047) and Y (theta 1) start at 1 with the same k20 and flow
    in the same water, so ln(Y/X) = k20 * sum over intervals of dt (theta^(T - 20) - 1),
    T the face's temperature at each interval's middle. At 95 % of the wet faces away
    from the land block the ratio matches to 5 % of the value + 0.002 (transport mixes
    neighbours that decay at other rates, which the formula ignores); its sign follows
    T - 20, and it correlates with the prediction (r > 0.99).

usage: check_water_temperature.py RUN_DIR
"""
import sys

import netCDF4
import numpy as np

run = sys.argv[1]
K20 = 2.0 / 86400.0
THETA = 1.047
COUPLING = 3600.0
T0 = np.datetime64("2024-06-30T00:00:00")


def sst_c(lon, lat, days):
    return 20 + 2 * (lon - 108) + 1.5 * (lat - 20) + 0.5 * days


fails = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails.append(what)


with netCDF4.Dataset(f"{run}/maps.nc") as d:
    v = d["water_temperature"]
    check(v.units == "degree_Celsius" and v.standard_name == "sea_surface_temperature",
          f"water_temperature units {v.units}, standard_name {v.standard_name}")
    temp = np.ma.filled(v[:], np.nan)
    lon = d["mesh_face_lon"][:]
    lat = d["mesh_face_lat"][:]
    time = d["time"][:]
    units = d["time"].units
    epoch = np.datetime64(units.split("since ")[1].strip().replace(" ", "T").rstrip("Z")[:19])
    x = np.ma.filled(d["X"][:], np.nan)
    y = np.ma.filled(d["Y"][:], np.nan)

# Days since the SST file's origin at which each record was sampled.
start = (epoch - T0) / np.timedelta64(1, "s")
sampled = np.where(time > 0, time - COUPLING / 2, 0.0)
days = (start + sampled) / 86400.0
expect = sst_c(lon[None, :], lat[None, :], days[:, None])
clear = (lon < 109.2 - 0.5) | (lat < 21.2 - 0.5)
err = np.abs(temp - expect)[:, clear]
check(np.isfinite(temp).all(), f"water_temperature is finite at all {temp.size} face records")
check(err.max() < 1e-4, f"water_temperature = analytic SST at {clear.sum()} faces x {len(time)} records "
                        f"(max error {err.max():.2e} degC, tolerance 1e-4)")
near = ~clear
lo, hi = expect.min() - 1e-4, expect.max() + 1e-4
check(((temp[:, near] >= lo) & (temp[:, near] <= hi)).all(),
      f"near the land block ({near.sum()} faces) within the field's range {lo:.2f}..{hi:.2f}")

# Decay: each interval's rate at the temperature of its middle.
t_end = time[-1]
mids = np.arange(COUPLING / 2, t_end, COUPLING)
T_mid = sst_c(lon[None, :], lat[None, :], ((start + mids) / 86400.0)[:, None])
predicted = K20 * COUPLING * (THETA ** (T_mid - 20) - 1).sum(axis=0)
measured = np.log(y[-1] / x[-1])
wet = np.isfinite(measured) & clear
rel = np.abs(measured - predicted)[wet] / (0.05 * np.abs(predicted[wet]) + 0.002)
share = (rel <= 1).mean()
check(share >= 0.95, f"ln(Y/X) = k20 sum dt (theta^(T-20) - 1) within 5 % + 0.002 at {share:.1%} of "
                     f"{wet.sum()} wet faces (need 95 %; worst {rel.max():.2f} x tolerance)")
r = np.corrcoef(measured[wet], predicted[wet])[0, 1]
check(r > 0.99, f"correlation of ln(Y/X) with the prediction r = {r:.5f} (need > 0.99)")
warm = wet & (T_mid.mean(axis=0) > 21)
cold = wet & (T_mid.mean(axis=0) < 19)
check((measured[warm] > 0).all() and (measured[cold] < 0).all() and warm.sum() > 10 and cold.sum() > 10,
      f"faster decay where warmer than 20 C ({warm.sum()} faces), slower where colder ({cold.sum()})")
print(f"ln(Y/X): {np.nanmin(measured[wet]):.4f} .. {np.nanmax(measured[wet]):.4f}; "
      f"predicted {predicted[wet].min():.4f} .. {predicted[wet].max():.4f}")
sys.exit(1 if fails else 0)
