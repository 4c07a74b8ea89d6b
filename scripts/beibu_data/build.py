"""Driver: python3 -m beibu_data.build WORKDIR OUTDIR

WORKDIR holds the GMT dumps written by scripts/make-beibu-data; OUTDIR is
data/beibu.  Writes every derived file (except mesh.yaml and PROVENANCE.md)
and WORKDIR/summary.json with the numbers quoted in PROVENANCE.md."""
import json
import os
import sys
import time

from osgeo import ogr

from . import bathymetry, domain, features, jurisdictions
from .common import (geojson_to_tm, geom_tm_to_geojson, log, n_vertices,
                     polygonal_geojson, read_gmt_multiseg, to_ll, write_geojson)


def _versions(workdir):
    v = {}
    with open(os.path.join(workdir, "versions.txt")) as f:
        for line in f:
            a = line.split()
            if len(a) == 2:
                v[a[0]] = a[1]
    return v


def main(workdir, outdir):
    t0 = time.time()
    ver = _versions(workdir)
    summary = {"versions": ver}

    # ---------------------------------------------------------------- domain
    shore = read_gmt_multiseg(os.path.join(workdir, "shore_l1.txt"))
    dom, info = domain.build_domain(shore)
    log("domain built (%.1f s): %d rings, %d vertices"
        % (time.time() - t0, dom.GetGeometryCount(), n_vertices(dom)))
    gj = geom_tm_to_geojson(dom, 6)
    # re-read what is written (rounded lon/lat) so that every later step and
    # every reported number refers to the file as stored
    dom = geojson_to_tm(gj)
    if not dom.IsValid():
        raise RuntimeError("domain invalid after rounding")
    area = dom.GetArea() / 1e6
    write_geojson(os.path.join(outdir, "domain.geojson"), "domain", [(
        {"name": "Beibu Gulf (Gulf of Tonkin) water domain", "name_zh": "北部湾",
         "area_km2": round(area, 1),
         "source": "GSHHG 2.3.7 high resolution (gmt-gshhg-high), see PROVENANCE.md",
         "crs_processing": "+proj=tmerc +lat_0=20 +lon_0=108 +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m"},
        gj)])
    # open boundaries: the endpoint coordinates exactly as stored in the ring
    ring0 = gj["coordinates"][0]
    obs = []
    ob_info = {}
    for ob in domain.OPEN_BOUNDARIES:
        e = [to_ll(*v) for v in info["open_boundaries"][ob["name"]]]
        ends = []
        for lon, lat in e:
            best = min(ring0, key=lambda c: (c[0] - lon) ** 2 + (c[1] - lat) ** 2)
            ends.append(best)
        # order as consecutive ring vertices
        i0, i1 = ring0.index(ends[0]), ring0.index(ends[1])
        if abs(i0 - i1) not in (1, len(ring0) - 2):
            raise RuntimeError("open boundary %s endpoints not consecutive in ring" % ob["name"])
        if i0 > i1:
            ends = ends[::-1]
        seg = {"type": "LineString", "coordinates": ends}
        L = geojson_to_tm(seg).Length()
        obs.append(({"name": ob["name"], "description": ob["description"],
                     "length_km": round(L / 1000.0, 2)}, seg))
        ob_info[ob["name"]] = {"coordinates": ends, "length_km": round(L / 1000.0, 3)}
    write_geojson(os.path.join(outdir, "open_boundaries.geojson"), "open_boundaries", obs)

    # water carried for the tide only (east of the Qiongzhou Strait): not assessed.
    # Widened by 2 km (less the assessed water) so that the mesh's faces along its
    # resampled coast fall inside it.
    assessed = domain.build_assessed_area(dom)
    outside = dom.Difference(assessed)
    shape = outside.Buffer(2000.0, 4).Difference(assessed).SimplifyPreserveTopology(200.0)
    write_geojson(os.path.join(outdir, "not_assessed.geojson"), "not_assessed", [(
        {"id": "east_shelf", "name": "Shelf east of the Qiongzhou Strait (tide only)",
         "name_zh": "琼州海峡以东陆架（仅用于潮汐）",
         "water_area_km2": round(outside.GetArea() / 1e6, 1),
         "reason": ("The domain reaches onto the shelf east of the Leizhou peninsula so that the "
                    "Qiongzhou Strait's tide is made between two gauged boundaries; no loads are "
                    "entered there (Zhanjiang and the Leizhou east coast are not in the source "
                    "inventory), so its water quality is not assessed.")},
        polygonal_geojson(shape, 5)[0])],
        "Water of the domain east of the meridian 110.45E in the Qiongzhou Strait (the Beibu "
        "Gulf and the strait west of it are assessed), widened by 2 km outside the domain.")

    # ---------------------------------------------------------- bathymetry
    bi = bathymetry.build_bathymetry(os.path.join(workdir, "etopo5.cdf"),
                                     os.path.join(outdir, "bathymetry.nc"),
                                     ver.get("ferret-datasets", "?"))
    log("bathymetry: %d x %d, z %g..%g m" % (bi["nlon"], bi["nlat"], bi["zmin"], bi["zmax"]))

    # -------------------------------------------------------- jurisdictions
    dcw = {c: read_gmt_multiseg(os.path.join(workdir, "dcw_%s.txt" % c))
           for c, _, _, _ in jurisdictions.JURISDICTIONS}
    jur = jurisdictions.build_jurisdictions(dcw)
    write_geojson(os.path.join(outdir, "jurisdictions.geojson"), "jurisdictions",
                  [(p, polygonal_geojson(g, 5)[0]) for p, g in jur])

    # ---------------------------------------------------------- sea areas
    border = [tuple(v) for _, xy in read_gmt_multiseg(os.path.join(workdir, "border_beilun.txt"))
              for v in xy]
    seas = jurisdictions.build_sea_areas(dom, jur, border)
    sea_feats = []
    for p, g in seas:
        sea_feats.append((p, polygonal_geojson(g, 6)[0]))
    write_geojson(os.path.join(outdir, "sea_areas.geojson"), "sea_areas", sea_feats,
                  "Domain water attributed to jurisdictions: west of the 2000 China-Viet Nam "
                  "Beibu Gulf delimitation line -> VN; east of it -> the Chinese province "
                  "with the nearest coast (DCW land, 500 m raster distance transform).")
    vn_water = [g for p, g in seas if p["code"] == "VN"][0]

    # ------------------------------------------------------- rivers, zones
    placer = features.Placer(dom)
    rivers = features.build_rivers(placer)
    write_geojson(os.path.join(outdir, "rivers.geojson"), "rivers",
                  [(p, geom_tm_to_geojson(g, 5)) for p, g in rivers])
    rl = features.build_river_lines(read_gmt_multiseg(os.path.join(workdir, "rivers.txt")))
    write_geojson(os.path.join(outdir, "river_lines.geojson"), "river_lines",
                  [(p, geom_tm_to_geojson(g, 5)) for p, g in rl])
    zones = features.build_zones(dom, vn_water)
    write_geojson(os.path.join(outdir, "zones.geojson"), "zones",
                  [(p, polygonal_geojson(g, 6)[0]) for p, g in zones])
    stations = features.build_stations(placer)
    # jurisdiction of a station = sea area containing it
    for p, g in stations:
        codes = [sp["code"] for sp, sg in seas if sg.Contains(g)]
        if len(codes) != 1:
            raise RuntimeError("station %s in %d sea areas" % (p["id"], len(codes)))
        if codes[0] != p["jurisdiction"]:
            log("station %s: jurisdiction %s -> %s (sea area)" % (p["id"], p["jurisdiction"], codes[0]))
            p["jurisdiction"] = codes[0]
    write_geojson(os.path.join(outdir, "stations.geojson"), "stations",
                  [(p, geom_tm_to_geojson(g, 5)) for p, g in stations])

    # --------------------------------------------------------------- summary
    islands = []
    for k in range(1, dom.GetGeometryCount()):
        r = dom.GetGeometryRef(k)
        pg = ogr.Geometry(ogr.wkbPolygon)
        pg.AddGeometry(r.Clone())
        c = pg.PointOnSurface()
        lon, lat = to_ll(c.GetX(), c.GetY())
        islands.append({"lon": round(lon, 3), "lat": round(lat, 3),
                        "area_km2": round(pg.GetArea() / 1e6, 2)})
    islands.sort(key=lambda d: -d["area_km2"])
    summary.update({
        "domain_area_km2": round(area, 1),
        "assessed_area_km2": round(assessed.GetArea() / 1e6, 1),
        "domain_rings": dom.GetGeometryCount(),
        "domain_vertices": n_vertices(dom) - dom.GetGeometryCount(),
        "islands": islands,
        "domain_info": {k: v for k, v in info.items() if k != "open_boundaries"},
        "open_boundaries": ob_info,
        "bathymetry": bi,
        "sea_areas": {p["code"]: p["area_km2"] for p, _ in seas},
        "zones": {p["id"]: p["area_km2"] for p, _ in zones},
        "rivers": {p["id"]: {"coordinates": list(to_ll(g.GetX(), g.GetY())),
                             "distance_to_coast_m": p["distance_to_coast_m"],
                             "q_wet": p["discharge_wet_m3s"], "q_dry": p["discharge_dry_m3s"]}
                   for p, g in rivers},
        "stations": {p["id"]: p["distance_to_coast_m"] for p, _ in stations},
        "delimitation_points": jurisdictions.delimitation_points_ll(),
        "river_lines": len(rl),
    })
    with open(os.path.join(workdir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, ensure_ascii=False, default=float)
    log("done in %.1f s" % (time.time() - t0))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
