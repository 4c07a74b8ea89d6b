#!/usr/bin/python3
"""Gridded forcing files in the layouts of ocean and weather products, with analytic
fields, written at test time (nothing binary is committed).

  era5_winds.nc       ERA5-like hourly 10 m wind: u10/v10 packed shorts (scale_factor,
                      add_offset, _FillValue/missing_value), valid_time int64 seconds
                      since 1970, latitude descending, global 0-360 longitudes
  sst_curvilinear.nc  SST in K on a rotated curvilinear grid (2-D lon/lat), daily, with
                      a block of land (fill values) in the north-east
  cmems_bgc.nc        CMEMS-like 3-D daily fields: no3 (mmol m-3) and so (1e-3) on
                      (time, depth, latitude, longitude), depth positive down, float32
                      with _FillValue below 60 m (the column's bottom) and on a block of
                      land in the north-east, time in hours since 1950
  bad files           one fault each: sst_decreasing_time.nc, sst_furlongs.nc,
                      sst_kelvin_as_celsius.nc, winds_no_v10.nc, winds_short.nc,
                      cmems_bgc_decreasing_time.nc, cmems_bgc_furlongs.nc (no3 in
                      furlongs), cmems_bgc_far.nc (over 120-127E: no open boundary)

The analytic fields (the C++ and Python checks compute the same formulas):
  u10 = 2 + 0.1 (lon - 108) + 0.2 (lat - 20) + 0.05 h     (h: hours since 2024-06-30T12Z)
  v10 = -1 + 0.05 (lon - 108) - 0.1 (lat - 20) - 0.02 h
  sst = 293.15 + 2 (lon - 108) + 1.5 (lat - 20) + 0.5 d  K (d: days since 2024-06-30T00Z)
  no3 = 2 + 0.5 (lon - 108) + 0.3 (lat - 20) + 0.02 z + 0.1 d   mmol m-3 (z: depth, m)
  so  = 33 + 0.1 (lon - 108) - 0.2 (lat - 20) + 0.01 z + 0.05 d  1e-3
Linear in lon, lat and time, so bilinear interpolation (inverse-bilinear in the
curvilinear cells, which are parallelograms) and linear time interpolation reproduce
them to the packing precision.

usage: make_forcing_files.py OUT_DIR [FAULT_RUN_YAML]
  with FAULT_RUN_YAML (tests/fault/fault-run.yaml) also scenarios that use each file:
  forcing_good.yaml, and temp_*.yaml / wind_*.yaml for the faults.
"""
import math
import os
import sys

import netCDF4
import numpy as np

out = sys.argv[1]
fault_run = sys.argv[2] if len(sys.argv) > 2 else None
os.makedirs(out, exist_ok=True)

T0_WIND = 1719748800  # 2024-06-30T12:00:00Z, seconds since 1970
T0_SST_DAYS = "days since 2024-06-30 00:00:00"
WIND_SCALE = 0.002
WIND_OFFSET = 1.0
# Fill values in this block (north of lat_min, between lon_min and lon_max: the Guangxi
# coast to the Leizhou peninsula), away from every open boundary.
LAND = dict(lon_min=109.2, lon_max=110.6, lat_min=21.2)


def u10(lon, lat, h):
    return 2 + 0.1 * (lon - 108) + 0.2 * (lat - 20) + 0.05 * h


def v10(lon, lat, h):
    return -1 + 0.05 * (lon - 108) - 0.1 * (lat - 20) - 0.02 * h


def sst_k(lon, lat, d):
    return 293.15 + 2 * (lon - 108) + 1.5 * (lat - 20) + 0.5 * d


def no3(lon, lat, z, d):
    return 2 + 0.5 * (lon - 108) + 0.3 * (lat - 20) + 0.02 * z + 0.1 * d


def so(lon, lat, z, d):
    return 33 + 0.1 * (lon - 108) - 0.2 * (lat - 20) + 0.01 * z + 0.05 * d


BGC_DEPTHS = [0.494, 5.078, 15.81, 29.44, 55.76, 92.33, 155.85]  # m, as GLORYS's first levels
BGC_BOTTOM = 60.0  # fill values below


def write_bgc(path, days=(-1, 0, 1, 2, 3, 4), lon0=105.0, no3_units="mmol m-3"):
    lon = np.arange(lon0, lon0 + 8.01, 0.25)  # to 113E: the east open boundary reaches 112.25E
    lat = np.arange(16.0, 23.01, 0.25)
    z = np.array(BGC_DEPTHS)
    la, lo = np.meshgrid(lat, lon, indexing="ij")
    land = (lo > LAND["lon_min"]) & (lo < LAND["lon_max"]) & (la > LAND["lat_min"])
    with netCDF4.Dataset(path, "w") as d:
        d.Conventions = "CF-1.8"
        d.createDimension("time", len(days))
        d.createDimension("depth", len(z))
        d.createDimension("latitude", len(lat))
        d.createDimension("longitude", len(lon))
        t = d.createVariable("time", "f8", ("time",))
        t.units = "hours since 1950-01-01"
        t.standard_name = "time"
        base = (np.datetime64("2024-06-30T00:00") - np.datetime64("1950-01-01T00:00")) / np.timedelta64(1, "h")
        t[:] = base + 24.0 * np.array(days, dtype=float)
        zv = d.createVariable("depth", "f4", ("depth",))
        zv.units = "m"
        zv.positive = "down"
        zv.standard_name = "depth"
        zv[:] = z
        v = d.createVariable("latitude", "f4", ("latitude",))
        v.units = "degrees_north"
        v[:] = lat
        v = d.createVariable("longitude", "f4", ("longitude",))
        v.units = "degrees_east"
        v[:] = lon
        for name, f, units, std in (("no3", no3, no3_units, "mole_concentration_of_nitrate_in_sea_water"),
                                    ("so", so, "1e-3", "sea_water_salinity")):
            var = d.createVariable(name, "f4", ("time", "depth", "latitude", "longitude"),
                                   fill_value=np.float32(-32767.0))
            var.units = units
            var.standard_name = std
            for k, day in enumerate(days):
                for level, depth in enumerate(z):
                    a = f(lo, la, depth, day)
                    if depth > BGC_BOTTOM:
                        a[:] = -32767.0
                    a[land] = -32767.0
                    var[k, level, :, :] = a.astype(np.float32)


def write_winds(path, hours=range(0, 61), with_v=True, fill_at=None):
    lat = np.arange(90.0, -90.1, -1.5)  # descending, as ERA5
    lon = np.arange(0.0, 360.0, 1.5)  # 0-360, global
    with netCDF4.Dataset(path, "w") as d:
        d.set_auto_maskandscale(False)
        d.Conventions = "CF-1.7"
        d.createDimension("valid_time", len(hours))
        d.createDimension("latitude", len(lat))
        d.createDimension("longitude", len(lon))
        t = d.createVariable("valid_time", "i8", ("valid_time",))
        t.standard_name = "time"
        t.units = "seconds since 1970-01-01"
        t.calendar = "proleptic_gregorian"
        t[:] = np.array([T0_WIND + 3600 * h for h in hours], dtype=np.int64)
        y = d.createVariable("latitude", "f8", ("latitude",))
        y.units = "degrees_north"
        y.standard_name = "latitude"
        y[:] = lat
        x = d.createVariable("longitude", "f8", ("longitude",))
        x.units = "degrees_east"
        x.standard_name = "longitude"
        x[:] = lon
        # ERA5's own scalar coordinates, which are no dimension of the data.
        d.createVariable("number", "i8", ())[...] = 0
        names = [("u10", u10, "10 metre U wind component")]
        if with_v:
            names.append(("v10", v10, "10 metre V wind component"))
        LON, LAT = np.meshgrid(lon, lat)
        # The field is linear in longitude east of 0 (the seam at 0/360 is far from the gulf).
        for name, f, long_name in names:
            v = d.createVariable(name, "i2", ("valid_time", "latitude", "longitude"), fill_value=-32767)
            v.set_auto_maskandscale(False)  # the values below are written packed
            v.missing_value = np.int16(-32767)
            v.units = "m s**-1"
            v.long_name = long_name
            v.scale_factor = WIND_SCALE
            v.add_offset = WIND_OFFSET
            for k, h in enumerate(hours):
                packed = np.round((f(LON, LAT, h) - WIND_OFFSET) / WIND_SCALE).astype(np.int16)
                if fill_at:
                    for (j, i) in fill_at:
                        packed[j, i] = -32767
                v[k, :, :] = packed


def write_sst(path, days=(0, 1, 2, 3), units="K", offset=0.0, var="sst"):
    ny, nx = 40, 44
    rot = math.radians(30)
    jj, ii = np.meshgrid(np.arange(ny), np.arange(nx), indexing="ij")
    # A rotated grid of 0.3 x 0.25 degree cells around 108E 20N.
    a = (ii - 22) * 0.3
    b = (jj - 20) * 0.25
    lon = 108 + a * math.cos(rot) - b * math.sin(rot)
    lat = 20 + a * math.sin(rot) + b * math.cos(rot)
    land = (lon > LAND["lon_min"]) & (lon < LAND["lon_max"]) & (lat > LAND["lat_min"])
    with netCDF4.Dataset(path, "w") as d:
        d.set_auto_maskandscale(False)
        d.createDimension("time", len(days))
        d.createDimension("eta", ny)
        d.createDimension("xi", nx)
        t = d.createVariable("time", "f8", ("time",))
        t.units = T0_SST_DAYS
        t[:] = np.array(days, dtype=float)
        lo = d.createVariable("lon_rho", "f8", ("eta", "xi"))
        lo.units = "degrees_east"
        lo[:] = lon
        la = d.createVariable("lat_rho", "f8", ("eta", "xi"))
        la.units = "degrees_north"
        la[:] = lat
        v = d.createVariable(var, "f4", ("time", "eta", "xi"), fill_value=np.float32(1e20))
        v.standard_name = "sea_surface_temperature"
        v.units = units
        v.coordinates = "lon_rho lat_rho"
        for k, day in enumerate(days):
            f = sst_k(lon, lat, day) + offset
            f[land] = 1e20
            v[k, :, :] = f.astype(np.float32)


write_winds(os.path.join(out, "era5_winds.nc"), fill_at=[(47, 72)])  # 19.5N 108E: one corner of the gulf's cells
write_sst(os.path.join(out, "sst_curvilinear.nc"))
write_sst(os.path.join(out, "sst_decreasing_time.nc"), days=(3, 2, 1, 0))
write_sst(os.path.join(out, "sst_furlongs.nc"), units="furlongs")
write_sst(os.path.join(out, "sst_kelvin_as_celsius.nc"), units="degC")
write_winds(os.path.join(out, "winds_no_v10.nc"), with_v=False)
write_winds(os.path.join(out, "winds_short.nc"), hours=range(0, 13))  # to 2024-07-01T00Z only
write_bgc(os.path.join(out, "cmems_bgc.nc"))
write_bgc(os.path.join(out, "cmems_bgc_decreasing_time.nc"), days=(4, 3, 2, 1, 0, -1))
write_bgc(os.path.join(out, "cmems_bgc_furlongs.nc"), no3_units="furlongs")
write_bgc(os.path.join(out, "cmems_bgc_far.nc"), lon0=120.0)

if fault_run:
    fault_dir = os.path.dirname(os.path.abspath(fault_run))
    base = open(os.path.join(fault_dir, "..", "..", "scenarios", "beibu", "baseline-wet.yaml")).read()
    start = base.index("\ntransport:\n")
    end = base.index("\nsources:\n")
    transport = base[start + 1:end].rstrip("\n")
    # Two tracers with the same decay at 20 C, one following the temperature, one not.
    transport = transport.replace(
        "  water_age:",
        "    - {name: X, decay_k20: 2.0, theta: 1.047, initial: 1.0, boundary_default: 1.0}\n"
        "    - {name: Y, decay_k20: 2.0, theta: 1.0, initial: 1.0, boundary_default: 1.0}\n"
        "  water_age:")
    # The baseline's hydrodynamics with its paths made absolute and the wind replaced.
    hydro = base[base.index("\nhydrodynamics:\n") + 1:start].rstrip("\n")
    hydro = hydro.replace("../../data/", os.path.abspath(os.path.join(fault_dir, "..", "..", "data")) + "/")
    hydro = hydro[:hydro.index("\n\n")] if "\n\n" in hydro else hydro  # the block alone (no water_temperature)
    hydro = "\n".join(line for line in hydro.split("\n") if not line.strip().startswith("wind:"))

    def scenario(name, wind, temperature, extra_transport=False, fields=None):
        text = (f"extends: {os.path.abspath(fault_run)}\nname: {name}\n"
                f"{hydro}\n  wind: {{file: {wind}}}\n")
        if temperature is not None:
            text += f"water_temperature: {temperature}\n"
        if extra_transport:
            text += transport + "\n"
        if fields is not None:  # DIN's boundary and salinity's initial and boundary fields
            din, sal = fields
            lines = []
            for line in transport.split("\n"):
                if line.startswith("       ") and lines and lines[-1] is None:
                    continue  # the rest of a replaced constituent's flow mapping
                if lines and lines[-1] is None:
                    lines.pop()
                if line.startswith("    - {name: DIN,"):
                    line = ("    - {name: DIN, decay_k20: 0.02, theta: 1.047, initial: 0.10, "
                            f"boundary_default: {din}}}")
                if line.startswith("    - {name: salinity,"):
                    lines.append(f"    - {{name: salinity, conservative: true, initial: {sal}, "
                                 f"boundary_default: {sal}}}")
                    lines.append(None)
                    continue
                lines.append(line)
            t = "\n".join(x for x in lines if x is not None)
            assert t.count("{file:") == 3, t
            text += t + "\n"
        with open(os.path.join(out, name + ".yaml"), "w") as f:
            f.write(text)

    w = os.path.join(out, "era5_winds.nc")
    scenario("forcing_good", w, "{file: sst_curvilinear.nc}", extra_transport=True)
    scenario("temp_decreasing_time", w, "{file: sst_decreasing_time.nc}")
    scenario("temp_missing_variable", w, "{file: sst_curvilinear.nc, variable: thetao}")
    scenario("temp_furlongs", w, "{file: sst_furlongs.nc}")
    scenario("temp_kelvin_as_celsius", w, "{file: sst_kelvin_as_celsius.nc}")
    scenario("temp_out_of_range", w, "45")
    scenario("temp_bad_vertical", w, "{file: sst_curvilinear.nc, vertical: bottom}")
    scenario("wind_no_v10", os.path.join(out, "winds_no_v10.nc"), None)
    scenario("wind_short", os.path.join(out, "winds_short.nc"), None)
    so_field = "{file: cmems_bgc.nc, variable: so}"
    scenario("bgc_good", w, None, fields=("{file: cmems_bgc.nc, variable: no3}", so_field))
    scenario("bgc_missing_variable", w, None, fields=("{file: cmems_bgc.nc, variable: nh4}", so_field))
    scenario("bgc_unnamed", w, None, fields=("{file: cmems_bgc.nc}", so_field))
    scenario("bgc_furlongs", w, None, fields=("{file: cmems_bgc_furlongs.nc, variable: no3}", so_field))
    scenario("bgc_decreasing_time", w, None, fields=("{file: cmems_bgc_decreasing_time.nc, variable: no3}", so_field))
    scenario("bgc_far", w, None, fields=("{file: cmems_bgc_far.nc, variable: no3}", so_field))
    scenario("bgc_bad_vertical", w, None, fields=("{file: cmems_bgc.nc, variable: no3, vertical: bottom}", so_field))
