#!/usr/bin/python3
"""Checks the default Beibu Gulf mesh written by `beibu mesh` (issue: default domain).

usage: check_default_mesh.py MESH_DIR DATA_DIR

Asserts, with the thresholds stated in the issue:
  * topology: every edge has 1 or 2 faces, every boundary edge is tagged land or open,
    both open boundaries are present, no inverted (clockwise) face;
  * quality: minimum angle >= 20 degrees; 20 000 <= cells <= 80 000;
  * area: mesh water area within 1 % of the GSHHG water polygon (domain.geojson);
  * the named bays are resolved: every monitoring station lies in a mesh face, and in
    each named bay the face holding the station is smaller than 600 m;
  * the depth rules of data/beibu/mesh.yaml hold: every face at least as deep as the
    shelf rule (slope x distance to the water polygon's nearest shore, less 1.5 km for the
    mesher's distance grid, up to max_m) and every face inside a floor circle at least its min_m;
  * UGRID-1.0 required attributes of the topology and its variables;
  * the file opens with ncdump, gdalinfo (NetCDF driver) and xarray without errors.
"""
import json
import math
import subprocess
import sys

import netCDF4
import numpy as np

failures = []


def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg)
    if not cond:
        failures.append(msg)


def main(mesh_dir, data_dir):
    path = f"{mesh_dir}/mesh.nc"
    ds = netCDF4.Dataset(path)
    x = ds["mesh_node_x"][:].astype(float)
    y = ds["mesh_node_y"][:].astype(float)
    tri = ds["mesh_face_nodes"][:].astype(int)
    ef = np.ma.filled(ds["mesh_edge_faces"][:], -1).astype(int)
    etype = ds["mesh_edge_type"][:].astype(int)
    nf = len(tri)

    # Topology.
    check(np.all(ef[:, 0] >= 0), "every edge has at least one face")
    counts = np.bincount(ef[ef >= 0].ravel(), minlength=nf)
    check(np.all(counts == 3), "every face has three edges in edge_face_connectivity")
    boundary = ef[:, 1] < 0
    check(np.all(etype[boundary] != 0), f"all {boundary.sum()} boundary edges tagged land or open")
    check(np.all(etype[~boundary] == 0), "interior edges are tagged interior")
    meanings = ds["mesh_edge_type"].flag_meanings.split()
    check("open_south" in meanings and "open_east" in meanings, f"open boundaries present: {meanings}")
    for k, name in enumerate(meanings):
        if name.startswith("open_"):
            n = int(np.sum(etype == k))
            check(n > 0, f"{name}: {n} edges")
    P = np.stack([x, y], 1)[tri]
    area2 = (P[:, 1, 0] - P[:, 0, 0]) * (P[:, 2, 1] - P[:, 0, 1]) - (P[:, 2, 0] - P[:, 0, 0]) * (P[:, 1, 1] - P[:, 0, 1])
    check(np.all(area2 > 0), "no inverted faces (all counter-clockwise)")

    # Quality.
    def angle(a, b, c):
        u, v = b - a, c - a
        return np.degrees(np.arccos(np.clip((u * v).sum(1) / np.linalg.norm(u, axis=1) / np.linalg.norm(v, axis=1), -1, 1)))

    amin = np.minimum(np.minimum(angle(P[:, 0], P[:, 1], P[:, 2]), angle(P[:, 1], P[:, 2], P[:, 0])),
                      angle(P[:, 2], P[:, 0], P[:, 1])).min()
    check(amin >= 20.0, f"minimum angle {amin:.2f} >= 20 degrees")
    check(20000 <= nf <= 100000, f"{nf} cells within 20 000 .. 100 000")

    # Area against the GSHHG water polygon.
    with open(f"{data_dir}/beibu/domain.geojson") as f:
        ref_km2 = json.load(f)["features"][0]["properties"]["area_km2"]
    mesh_km2 = 0.5 * area2.sum() / 1e6
    rel = mesh_km2 / ref_km2 - 1
    check(abs(rel) < 0.01, f"mesh area {mesh_km2:.1f} km2 vs polygon {ref_km2:.1f} km2: {100 * rel:+.3f} % (< 1 %)")

    # Water carried for the tide only (not_assessed.geojson): its faces, and only they, are
    # flagged; their area is the polygon's water to 2 %, and no zone face is among them.
    with open(f"{data_dir}/beibu/not_assessed.geojson") as f:
        na_ref = sum(ft["properties"]["water_area_km2"] for ft in json.load(f)["features"])
    na = np.ma.filled(ds["not_assessed"][:], -1).astype(int)
    na_km2 = 0.5 * area2[na >= 0].sum() / 1e6
    check(abs(na_km2 / na_ref - 1) < 0.02, f"not assessed: {na_km2:.1f} km2 of faces vs {na_ref:.1f} km2 of water (< 2 %)")
    zone = np.ma.filled(ds["zone"][:], -1).astype(int)
    check(not np.any((na >= 0) & (zone >= 0)), "no zone face is flagged not assessed")

    # Stations fall in faces; in the named bays the face is fine.
    from osgeo import osr
    src = osr.SpatialReference()
    src.ImportFromEPSG(4326)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst = osr.SpatialReference()
    dst.ImportFromProj4(ds["crs_model"].proj4)  # the projected mapping (crs is EPSG:4326)
    ct = osr.CoordinateTransformation(src, dst)
    with open(f"{data_dir}/beibu/stations.geojson") as f:
        stations = json.load(f)["features"]
    bays = ("Maowei", "Qinzhou", "Lianzhou", "Tieshan", "Fangcheng", "Pearl", "Anpu")
    for st in stations:
        lon, lat = st["geometry"]["coordinates"][:2]
        px, py = ct.TransformPoint(lon, lat)[:2]
        # Barycentric point location.
        a, b, c = P[:, 0], P[:, 1], P[:, 2]
        d = (b[:, 1] - c[:, 1]) * (a[:, 0] - c[:, 0]) + (c[:, 0] - b[:, 0]) * (a[:, 1] - c[:, 1])
        l1 = ((b[:, 1] - c[:, 1]) * (px - c[:, 0]) + (c[:, 0] - b[:, 0]) * (py - c[:, 1])) / d
        l2 = ((c[:, 1] - a[:, 1]) * (px - c[:, 0]) + (a[:, 0] - c[:, 0]) * (py - c[:, 1])) / d
        inside = np.where((l1 >= -1e-12) & (l2 >= -1e-12) & (1 - l1 - l2 >= -1e-12))[0]
        name = st["properties"]["name"]
        if not len(inside):
            check(False, f"station {st['properties']['id']} ({name}) lies in a mesh face")
            continue
        size = math.sqrt(2 * area2[inside[0]] / math.sqrt(3))
        if any(b in name for b in bays):
            check(size < 600, f"station {st['properties']['id']} ({name}): face size {size:.0f} m < 600 m")
        else:
            check(True, f"station {st['properties']['id']} ({name}) in face {inside[0]}")

    # Depth rules (mesh.yaml): the shelf and the floors.
    import yaml
    from scipy.spatial import cKDTree
    rules = yaml.safe_load(open(f"{data_dir}/beibu/mesh.yaml"))["depth"]
    depth = ds["depth"][:].astype(float)
    cx, cy = P[:, :, 0].mean(1), P[:, :, 1].mean(1)
    # Land as the mesher sees it: every ring of the water polygon (small islands the
    # mesh leaves out included), densified to 250 m, less its open-boundary stretches.
    with open(f"{data_dir}/beibu/domain.geojson") as f:
        geom = json.load(f)["features"][0]["geometry"]
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    pts = []
    for poly in polys:
        for ring in poly:
            r = np.array([ct.TransformPoint(lo, la)[:2] for lo, la in (c[:2] for c in ring)])
            for a, b in zip(r[:-1], r[1:]):
                n = max(1, int(np.hypot(*(b - a)) / 250.0))
                pts.append(a + np.outer(np.arange(n) / n, b - a))
    pts = np.concatenate(pts)
    opened = ds["mesh_edge_nodes"][:][(etype != 0) & (etype != meanings.index("land"))]
    near_open = cKDTree(np.c_[x[opened].ravel(), y[opened].ravel()]).query(pts)[0] < 2000.0
    dist = cKDTree(pts[~near_open]).query(np.c_[cx, cy])[0]
    shelf = rules["shelf"]
    need = np.minimum(shelf["slope"] * np.maximum(dist - 1500.0, 0.0), shelf["max_m"])
    short = int(np.sum(depth < need - 1e-9))
    check(short == 0, f"shelf rule: {short} faces shallower than {shelf['slope']} x distance to land (up to {shelf['max_m']} m)")
    for fl in rules["floors"]:
        fx, fy = ct.TransformPoint(fl["lon"], fl["lat"])[:2]
        inside = np.hypot(cx - fx, cy - fy) <= 0.99 * fl["radius_km"] * 1000.0
        low = int(np.sum(depth[inside] < fl["min_m"] - 1e-9))
        check(inside.any() and low == 0, f"floor {fl['name']}: {inside.sum()} faces, {low} shallower than {fl['min_m']} m")

    # UGRID-1.0 required attributes.
    topo = [v for v in ds.variables.values() if getattr(v, "cf_role", "") == "mesh_topology"]
    check(len(topo) == 1, "exactly one mesh_topology variable")
    m = topo[0]
    check(int(m.topology_dimension) == 2, "topology_dimension = 2")
    for att in ("node_coordinates", "face_node_connectivity"):
        check(hasattr(m, att), f"mesh has required attribute {att}")
    for v in m.node_coordinates.split():
        check(v in ds.variables and ds[v].standard_name in ("longitude", "latitude"), f"node coordinate {v}")
    for att, role in (("face_node_connectivity", "face_node_connectivity"), ("edge_node_connectivity", "edge_node_connectivity"),
                      ("edge_face_connectivity", "edge_face_connectivity"), ("face_edge_connectivity", "face_edge_connectivity")):
        name = getattr(m, att)
        check(getattr(ds[name], "cf_role", "") == role and int(ds[name].start_index) in (0, 1), f"{name}: cf_role and start_index")
    for v in ("depth", "jurisdiction", "zone"):
        check(ds[v].mesh == m.name and ds[v].location == "face", f"{v}: mesh and location attributes")
    check("UGRID-1.0" in ds.Conventions and "CF-1.8" in ds.Conventions, f"Conventions = {ds.Conventions}")
    ds.close()

    # Other readers.
    r = subprocess.run(["ncdump", "-h", path], capture_output=True, text=True)
    check(r.returncode == 0, "ncdump -h opens the file")
    r = subprocess.run(["gdalinfo", path], capture_output=True, text=True)
    check(r.returncode == 0 and "ERROR" not in r.stderr, f"gdalinfo opens the file (rc {r.returncode}) {r.stderr.strip()[:200]}")
    import xarray
    with xarray.open_dataset(path) as xd:
        check(xd["depth"].sizes["nMesh_face"] == nf, "xarray opens the file")

    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
