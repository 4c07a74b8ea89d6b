#!/usr/bin/python3
"""Parent ocean-model files (sea level and velocity for the open boundaries,
hydrodynamics.parent_model) in the layouts of ocean products, with analytic fields,
written at test time (nothing binary is committed).

  glorys_parent.nc     CMEMS GLORYS-like daily means: zos (packed short, scale_factor,
                       add_offset, _FillValue, standard_name sea_surface_height_above_geoid),
                       uo/vo (time, depth, latitude, longitude; float with _FillValue,
                       the deepest level all fill), time in hours since 1950, 1/12 degree
                       over 104-112E 15-23N, a block of land (fill) north-east of 111.5E 21.5N
  roms_curvilinear.nc  ROMS-like rotated curvilinear grid (2-D lon_rho/lat_rho): zeta in cm,
                       u/v depth-averaged in cm/s, no standard names, time in days
  channel_parent.nc    the channel test's parent: ssh in cm, linear in longitude, constant in time
  uniform_parent.nc    a level of 0.2 m everywhere, constant in time
  bad files            one fault each: parent_decreasing_time.nc, parent_furlongs.nc,
                       parent_short.nc (to 2024-06-30T12Z), parent_elsewhere.nc (120-125E:
                       no open-boundary edge of the gulf near it), parent_level_only.nc
                       (zos only: a velocity named in the scenario is missing)

The analytic fields (tests/hydro/test_parent_boundary.cpp computes the same formulas):
  zos = 0.1 + 0.02 (lon - 108) - 0.03 (lat - 20) + 0.01 d   m     (d: days since 2024-06-29T00Z)
  uo  = 0.2 + 0.01 (lon - 108) + 0.005 d                       m/s  (every valid level)
  vo  = -0.1 + 0.02 (lat - 20) - 0.002 d                       m/s
  channel: ssh = -0.1 (lon - 108) m;  uniform: 0.2 m
Linear in lon, lat and time, so bilinear and linear-in-time interpolation reproduce
them (to the packing precision, 1e-4 m, for zos).

usage: make_parent_files.py OUT_DIR [FAULT_RUN_YAML] [--days N]
  with FAULT_RUN_YAML (tests/fault/fault-run.yaml) also scenarios that use each file:
  parent_good.yaml, and parent_*.yaml for the faults; --days N writes glorys_parent.nc
  with N daily frames (default 8).
"""
import argparse
import math
import os

import netCDF4
import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("fault_run", nargs="?")
parser.add_argument("--days", type=int, default=8)
cli = parser.parse_args()
out, fault_run, days_total = cli.out, cli.fault_run, cli.days
os.makedirs(out, exist_ok=True)

HOURS_1950_T0 = (np.datetime64("2024-06-29T00:00") - np.datetime64("1950-01-01T00:00")) / np.timedelta64(1, "h")
ZOS_SCALE = 1e-4
FILL_SHORT = -32767
FILL_FLOAT = np.float32(1e20)
LAND = dict(lon_min=111.5, lat_min=21.5)


def zos(lon, lat, d):
    return 0.1 + 0.02 * (lon - 108) - 0.03 * (lat - 20) + 0.01 * d


def uo(lon, lat, d):
    return 0.2 + 0.01 * (lon - 108) + 0.005 * d + 0 * lat


def vo(lon, lat, d):
    return -0.1 + 0.02 * (lat - 20) - 0.002 * d + 0 * lon


def axis(d, name, units, std, values):
    d.createDimension(name, len(values))
    v = d.createVariable(name, "f8", (name,))
    v.units = units
    v.standard_name = std
    v[:] = values
    return v


def write_glorys(path, days=None, units="m", west=104.0, east=112.0, levels=(0.5, 5.0, 20.0, 50.0, 100.0),
                 level=zos, with_velocity=True):
    days = list(range(days_total)) if days is None else list(days)
    lon = np.round(np.arange(west, east + 1e-9, 1 / 12), 6)
    lat = np.round(np.arange(15.0, 23.0 + 1e-9, 1 / 12), 6)
    LON, LAT = np.meshgrid(lon, lat)
    land = (LON > LAND["lon_min"]) & (LAT > LAND["lat_min"])
    with netCDF4.Dataset(path, "w") as d:
        d.set_auto_maskandscale(False)
        d.Conventions = "CF-1.6"
        d.title = "daily mean fields from Global Ocean 1/12 deg Physics Analysis and Forecast (synthetic)"
        t = axis(d, "time", "hours since 1950-01-01", "time", [HOURS_1950_T0 + 24 * k for k in days])
        t.calendar = "gregorian"
        t.axis = "T"
        z = axis(d, "depth", "m", "depth", list(levels))
        z.positive = "down"
        axis(d, "latitude", "degrees_north", "latitude", lat)
        axis(d, "longitude", "degrees_east", "longitude", lon)
        v = d.createVariable("zos", "i2", ("time", "latitude", "longitude"), fill_value=FILL_SHORT)
        v.set_auto_maskandscale(False)  # the values below are written packed
        v.standard_name = "sea_surface_height_above_geoid"
        v.long_name = "Sea surface height"
        v.units = units
        v.scale_factor = ZOS_SCALE
        v.add_offset = 0.0
        for k, day in enumerate(days):
            f = np.round(level(LON, LAT, day) / ZOS_SCALE)
            f[land] = FILL_SHORT
            v[k, :, :] = f.astype(np.int16)
        if not with_velocity:
            return
        for name, fn, sn in (("uo", uo, "eastward_sea_water_velocity"), ("vo", vo, "northward_sea_water_velocity")):
            v = d.createVariable(name, "f4", ("time", "depth", "latitude", "longitude"), fill_value=FILL_FLOAT)
            v.standard_name = sn
            v.units = "m s-1"
            for k, day in enumerate(days):
                for iz in range(len(levels)):
                    f = fn(LON, LAT, day).astype(np.float32)
                    if iz == len(levels) - 1:
                        f[:] = FILL_FLOAT  # below the sea floor everywhere
                    f[land] = FILL_FLOAT
                    v[k, iz, :, :] = f


def write_roms(path):
    ny, nx = 90, 90
    rot = math.radians(30)
    jj, ii = np.meshgrid(np.arange(ny), np.arange(nx), indexing="ij")
    a = (ii - 45) * 0.1
    b = (jj - 45) * 0.1
    lon = 108 + a * math.cos(rot) - b * math.sin(rot)
    lat = 19 + a * math.sin(rot) + b * math.cos(rot)
    days = list(range(days_total))
    with netCDF4.Dataset(path, "w") as d:
        d.set_auto_maskandscale(False)
        d.createDimension("ocean_time", len(days))
        d.createDimension("eta_rho", ny)
        d.createDimension("xi_rho", nx)
        t = d.createVariable("ocean_time", "f8", ("ocean_time",))
        t.units = "days since 2024-06-29 00:00:00"
        t[:] = np.array(days, dtype=float)
        for name, units, vals in (("lon_rho", "degrees_east", lon), ("lat_rho", "degrees_north", lat)):
            c = d.createVariable(name, "f8", ("eta_rho", "xi_rho"))
            c.units = units
            c[:] = vals
        for name, units, fn, scale in (("zeta", "cm", zos, 100.0), ("u", "cm/s", uo, 100.0),
                                       ("v", "cm s-1", vo, 100.0)):
            v = d.createVariable(name, "f4", ("ocean_time", "eta_rho", "xi_rho"), fill_value=FILL_FLOAT)
            v.units = units
            v.coordinates = "lon_rho lat_rho"
            for k, day in enumerate(days):
                v[k, :, :] = (scale * fn(lon, lat, day)).astype(np.float32)


def write_simple(path, level_m, units="cm", scale=100.0):
    """A regular grid around the channel tests (107.5-109E, 19.5-20.5N), frames on
    2023-12-31 and 2024-01-11, named 'ssh' (found by standard_name)."""
    lon = np.round(np.arange(107.5, 109.0 + 1e-9, 0.05), 6)
    lat = np.round(np.arange(19.5, 20.5 + 1e-9, 0.05), 6)
    LON, LAT = np.meshgrid(lon, lat)
    with netCDF4.Dataset(path, "w") as d:
        axis(d, "time", "days since 2023-12-31", "time", [0.0, 11.0])
        axis(d, "lat", "degrees_north", "latitude", lat)
        axis(d, "lon", "degrees_east", "longitude", lon)
        v = d.createVariable("ssh", "f4", ("time", "lat", "lon"), fill_value=FILL_FLOAT)
        v.standard_name = "sea_surface_height_above_geoid"
        v.units = units
        for k in range(2):
            v[k, :, :] = (scale * level_m(LON, LAT)).astype(np.float32)


write_glorys(os.path.join(out, "glorys_parent.nc"))
write_roms(os.path.join(out, "roms_curvilinear.nc"))
write_simple(os.path.join(out, "channel_parent.nc"), lambda lon, lat: -0.1 * (lon - 108))
write_simple(os.path.join(out, "uniform_parent.nc"), lambda lon, lat: 0.2 + 0 * lon, units="m", scale=1.0)
write_glorys(os.path.join(out, "parent_decreasing_time.nc"), days=(7, 6, 5, 4, 3, 2, 1, 0), with_velocity=False)
write_glorys(os.path.join(out, "parent_furlongs.nc"), units="furlongs", with_velocity=False)
write_glorys(os.path.join(out, "parent_short.nc"), days=(0, 1), with_velocity=False)
write_glorys(os.path.join(out, "parent_elsewhere.nc"), west=120.0, east=125.0, with_velocity=False)
write_glorys(os.path.join(out, "parent_level_only.nc"), with_velocity=False)

if fault_run:
    fault_dir = os.path.dirname(os.path.abspath(fault_run))
    base = open(os.path.join(fault_dir, "..", "..", "scenarios", "beibu", "baseline-wet.yaml")).read()
    hydro = base[base.index("\nhydrodynamics:\n") + 1:base.index("\ntransport:\n")].rstrip("\n")
    hydro = hydro[:hydro.index("\n\n")] if "\n\n" in hydro else hydro  # the block alone (no water_temperature)
    hydro = hydro.replace("../../data/", os.path.abspath(os.path.join(fault_dir, "..", "..", "data")) + "/")

    def scenario(name, parent):
        with open(os.path.join(out, name + ".yaml"), "w") as f:
            f.write(f"extends: {os.path.abspath(fault_run)}\nname: {name}\n{hydro}\n  parent_model: {parent}\n")

    scenario("parent_good", "{file: glorys_parent.nc}")
    scenario("parent_decreasing_time", "{file: parent_decreasing_time.nc}")
    scenario("parent_missing_variable", "{file: glorys_parent.nc, sea_level: sossheig}")
    scenario("parent_missing_velocity", "{file: parent_level_only.nc, u: uo}")
    scenario("parent_furlongs", "{file: parent_furlongs.nc}")
    scenario("parent_short", "{file: parent_short.nc}")
    scenario("parent_elsewhere", "{file: parent_elsewhere.nc}")
