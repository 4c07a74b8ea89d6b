#!/usr/bin/python3
"""Malformed NetCDF inputs, written from good ones at test time (tests/fault/nc_inputs.sh).

Each file breaks one thing the NetCDF reader (ingest/nc_var.hpp) must check before a
value is used; nc_cases.txt says what each must give. Made from a short run's own
hydro.nc and maps.nc (so the meshes match) and a hand-made source-receptor matrix
(the one of tests/scenarios/allocate_test.py), so nothing binary is committed.

usage: make_bad_nc.py HYDRO_NC RUN_DIR OUT_DIR
  HYDRO_NC  hydro.nc of `beibu run --save-hydro`
  RUN_DIR   a complete run directory (maps.nc, manifest.yaml, run_complete.yaml)
"""
import os
import shutil
import sys

import netCDF4
import numpy as np

hydro, run, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
FILL = netCDF4.default_fillvals["f8"]


def variant(src, name, change):
    path = os.path.join(out, name)
    shutil.copy(src, path)
    with netCDF4.Dataset(path, "a") as d:
        d.set_auto_maskandscale(False)
        change(d)
    return path


def transposed(src, name, names):
    """A copy with the dimensions of `names` in reverse order (same data)."""
    path = os.path.join(out, name)
    with netCDF4.Dataset(src) as s, netCDF4.Dataset(path, "w") as d:
        s.set_auto_maskandscale(False)
        d.set_auto_maskandscale(False)
        d.setncatts({a: s.getncattr(a) for a in s.ncattrs()})
        for n, dim in s.dimensions.items():
            d.createDimension(n, None if dim.isunlimited() else len(dim))
        for n, v in s.variables.items():
            dims = tuple(reversed(v.dimensions)) if n in names else v.dimensions
            fill = v.getncattr("_FillValue") if "_FillValue" in v.ncattrs() else None
            w = d.createVariable(n, v.dtype, dims, fill_value=fill)
            w.setncatts({a: v.getncattr(a) for a in v.ncattrs() if a != "_FillValue"})
            data = v[...]
            w[...] = np.transpose(data) if n in names else data
    return path


# --- stored hydrodynamics (run --hydro, batch --hydro, tides)
shutil.copy(hydro, os.path.join(out, "hydro.nc"))
os.makedirs(os.path.join(out, "tidesdir"), exist_ok=True)
shutil.copy(hydro, os.path.join(out, "tidesdir", "tides.nc"))  # an input named like the output
def all_fill(d):
    d["volume"][...] = FILL  # no _FillValue attribute: netCDF's default fill


variant(hydro, "hydro_fill.nc", all_fill)
variant(hydro, "hydro_calendar.nc", lambda d: d["time"].setncattr("calendar", "mars_sol"))
variant(hydro, "hydro_noleap.nc", lambda d: d["time"].setncattr("calendar", "noleap"))
variant(hydro, "hydro_furlong.nc", lambda d: d["volume"].setncattr("units", "furlong3"))
variant(hydro, "hydro_eta_furlong.nc", lambda d: d["eta"].setncattr("units", "furlong"))
variant(hydro, "hydro_flux_volume.nc", lambda d: d["edge_flux"].setncattr("units", "m3"))
transposed(hydro, "hydro_transposed.nc", {"volume", "edge_flux", "source_flow", "eta", "u", "v"})


# --- map files of a complete run (export, compliance): copied with the run's manifest
def run_copy(name, change):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    for f in ("manifest.yaml", "run_complete.yaml"):
        shutil.copy(os.path.join(run, f), d)
    shutil.copy(os.path.join(run, "maps.nc"), d)
    with netCDF4.Dataset(os.path.join(d, "maps.nc"), "a") as m:
        m.set_auto_maskandscale(False)
        change(m)


def din_fill(m):
    m["DIN"][...] = m["DIN"].getncattr("_FillValue")


def reversed_time(m):
    m["time"][...] = m["time"][...][::-1].copy()


def din_furlong(m):
    m["DIN"].setncattr("units", "furlong")


run_copy("run_fill", din_fill)
run_copy("run_reversed", reversed_time)
run_copy("run_din_furlong", din_furlong)

# --- source-receptor matrices (allocate)
groups = ["CN.GX.industry", "VN.agriculture", "CN.GX.natural"]
recs = [("Z1", "zone", "CN.GX", 2), ("Z2", "zone", "VN", 1), ("S1", "station", "CN.GX", 1)]
R = np.zeros((2, 3, 3))
R[1] = [[0.010, 0.005, 0.010], [0.002, 0.010, 0.0], [1.0, 0.0, 0.0]]
R[0] = 0.5
B = np.array([[1.0, 1.0, 1.0], [0.10, 0.05, 0.0]])
L = np.array([[1, 1, 1], [12.0, 10.0, 2.0]])
F = np.array([[0, 0, 1], [0, 0, 2.0]])


def matrix(name, order=lambda dims: dims, response=R, floor=F, units="(g m-3) (g s-1)-1"):
    with netCDF4.Dataset(os.path.join(out, name), "w") as d:
        d.createDimension("constituent", 2)
        d.createDimension("receptor", len(recs))
        d.createDimension("group", len(groups))

        def strings(n, dim, vals):
            v = d.createVariable(n, str, (dim,))
            for i, s in enumerate(vals):
                v[i] = s

        def numbers(n, dims, data, u):
            new = order(dims)
            perm = [dims.index(x) for x in new]
            v = d.createVariable(n, "f8", new)
            v.units = u
            v[...] = np.transpose(data, perm)

        strings("constituent_name", "constituent", ["COD", "DIN"])
        strings("receptor_name", "receptor", [r[0] for r in recs])
        strings("receptor_kind", "receptor", [r[1] for r in recs])
        strings("receptor_jurisdiction", "receptor", [r[2] for r in recs])
        d.createVariable("receptor_target_class", "i4", ("receptor",))[:] = [r[3] for r in recs]
        strings("group_name", "group", groups)
        strings("group_jurisdiction", "group", ["CN.GX", "VN", "CN.GX"])
        strings("group_sector", "group", ["industry", "agriculture", "natural"])
        numbers("response", ("constituent", "receptor", "group"), response, units)
        numbers("background", ("constituent", "receptor"), B, "g m-3")
        numbers("concentration", ("constituent", "receptor"), B + np.einsum("krg,kg->kr", R, L), "g m-3")
        numbers("current_load", ("constituent", "group"), L, "g s-1")
        numbers("floor_load", ("constituent", "group"), floor, "g s-1")
        for a in ("scenario_file", "scenario_sha256", "hydrodynamics", "period", "tag_by", "created_by"):
            d.setncattr(a, "make_bad_nc.py")


matrix("matrix.nc")
matrix("matrix_transposed.nc", order=lambda dims: tuple(reversed(dims)))
R_fill = R.copy()
R_fill[1, 0, 1] = FILL
matrix("matrix_fill.nc", response=R_fill)
matrix("matrix_floor.nc", floor=np.array([[0, 0, 1], [0, 0, 3.0]]))
matrix("matrix_furlong.nc", units="furlong")

# --- mesh files (a scenario's `mesh: {file: ...}`): the run's own mesh broken one way each
fault_run = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fault", "fault-run.yaml"))


def mesh_variant(name, change):
    path = variant(os.path.join(run, "mesh", "mesh.nc"), name + ".nc", change)
    with open(os.path.join(out, name + ".yaml"), "w") as f:
        f.write("extends: %s\nname: %s\nmesh: {file: %s}\n" % (fault_run, name.replace("_", "-"), path))


def node_out_of_range(d):
    d["mesh_face_nodes"][5, 1] = len(d.dimensions["nMesh_node"]) + 7


def zone_beyond_table(d):
    d["zone"][3] = 999


def edge_type_unknown(d):
    d["mesh_edge_type"][0] = 57


def depth_fill(d):
    d["depth"][10] = netCDF4.default_fillvals["f8"]


def face_nodes_one_based(d):
    d["mesh_face_nodes"].setncattr("start_index", 2)


mesh_variant("mesh_node_range", node_out_of_range)
mesh_variant("mesh_zone_range", zone_beyond_table)
mesh_variant("mesh_edge_type", edge_type_unknown)
mesh_variant("mesh_depth_fill", depth_fill)
mesh_variant("mesh_start_index", face_nodes_one_based)
print("wrote", len(os.listdir(out)), "malformed inputs to", out)
