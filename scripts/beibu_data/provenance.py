"""Write data/beibu/PROVENANCE.md from the build summary (WORKDIR/summary.json).

python3 -m beibu_data.provenance WORKDIR OUTDIR"""
import json
import os
import sys

from . import domain as D
from . import features as F
from . import jurisdictions as J

LICENCES = {
    "gmt": "LGPL-3+ (tool only)",
    "gmt-gshhg-high": "LGPL-3+ (GSHHG 2.3.7, Wessel & Smith; Debian copyright: The GMT Team)",
    "gmt-dcw": "LGPL-3+ (DCW-GMT 2.1.1, The GMT Team; derived from the public-domain "
               "Digital Chart of the World, NIMA/NGA)",
    "ferret-datasets": "Ferret licence (NOAA/PMEL, open source, \"public domain\" statement); "
                       "ETOPO5 itself is a US-government (NOAA NGDC) public-domain product",
    "gdal-bin": "Expat/MIT (tool only)",
    "python3-gdal": "Expat/MIT (tool only)",
    "python3-netcdf4": "Expat (tool only)",
    "python3-numpy": "BSD-3-clause (tool only)",
    "python3-scipy": "BSD-3-clause (tool only)",
}
USED_FOR = {
    "gmt": "`gmt coast` dumps of GSHHG and DCW",
    "gmt-gshhg-high": "coastline (domain), rivers, China-Viet Nam land border at the Beilun",
    "gmt-dcw": "land polygons of CN.GX, CN.GD, CN.HI, VN",
    "ferret-datasets": "`/usr/share/ferret-vis/data/etopo5.cdf` (bathymetry)",
    "gdal-bin": "ogrinfo/gdalinfo for checks",
    "python3-gdal": "OGR/GEOS geometry, rasterize, polygonize",
    "python3-netcdf4": "NetCDF read/write",
    "python3-numpy": "arrays",
    "python3-scipy": "distance transform, k-d trees",
}


def fmt_ll(c):
    return "%.6f E, %.6f N" % (c[0], c[1])


def dms_str(d):
    deg = int(d)
    m = (d - deg) * 60
    mi = int(m)
    s = (m - mi) * 60
    return "%d°%02d′%04.1f″" % (deg, mi, s)


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)


# Files in data/beibu/ written by hand (not by make-beibu-data); each documents itself.
HAND_WRITTEN = ["mesh.yaml", "mesh-coarse.yaml", "tides.yaml", "river_network.yaml", "RIVERS.md", "agreements.yaml"]
# Files in data/beibu/ written by other scripts (section "tide_gauges.yaml" below).
OTHER_SCRIPTS = {"tide_gauges.yaml": "scripts/make-tide-gauges"}

TIDE_GAUGES = [
    "Observed tidal harmonic constants (amplitude, Greenwich phase lag; about 50 constituents each) "
    "of the tide gauges Beihai, Dongfang, Haikou, Hon Dau and Zhapo, the tide stations of the npm package "
    "`@neaps/tide-database` 0.10.20260924 (MIT licence, https://github.com/openwatersio/tide-database) "
    "that lie in `domain.geojson` or within 3 km of it (gauges stand on quays the coastline counts as "
    "land: Beihai 0.30 km, Dongfang 0.23 km, Haikou 1.32 km, Zhapo 0.83 km outside the polygon, Hon "
    "Dau inside). "
    "The stations come from **TICON-4**: Hart-Davis, M., Dettmering, D., Seitz, F. (2025), TICON-4: "
    "TIdal CONstants based on GESLA-4 sea-level records, SEANOE, https://doi.org/10.17882/109129, "
    "licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); the database documents its "
    "modifications at https://github.com/openwatersio/tide-database#modifications-to-source-data. "
    "Zhapo (111.833 E 21.583 N), east of the Leizhou peninsula, has been inside the domain since "
    "its eastern boundary moved onto the shelf (it constrains that boundary); Macau (113.55 E), the "
    "next station east, is outside it.",
    "",
    "```sh",
    "scripts/make-tide-gauges        # needs node >= 18, npm and the npm registry; a few seconds",
    "```",
    "",
    "`scripts/make-tide-gauges` installs the pinned package into a temporary directory and runs "
    "`scripts/tide_gauges/extract.mjs`, which keeps every tide station accepted by the database's "
    "quality evaluation within 3 km of the domain, rounds amplitudes to 0.1 mm and phases to 0.01°, "
    "translates the database's constituent names to beibu's spelling (SA Sa, SSA Ssa, MM Mm, MF Mf, "
    "MSF MSf, MTM Mtm, MSQM MSqm, SGM SIGMA1, EP2 EPS2) and writes the tidal datums of the database "
    "(metres above its chart datum) and the period of the analysed record. Haikou is marked "
    "`use: validate` (never used for fitting the model), the others `use: fit`. The format and the "
    "comparison with a run are described in docs/hydrodynamics.md (\"Comparison with tide gauges\").",
    "",
    "Limitations: Hon Dau's constants come from one year (1960) and the database scores the station "
    "58/100 (the Chinese gauges 81); the Chinese gauges' records end in 1997, before the harbour works "
    "of the last decades; the gauges' positions are given to 0.001° (about 100 m).",
]


def main(workdir, outdir):
    with open(os.path.join(workdir, "summary.json")) as f:
        S = json.load(f)
    V = S["versions"]
    sizes = []
    total = 0
    for n in sorted(os.listdir(outdir)):
        if n == "PROVENANCE.md" or n in HAND_WRITTEN or n in OTHER_SCRIPTS or n.endswith(".tmp"):
            continue
        sz = os.path.getsize(os.path.join(outdir, n))
        total += sz
        sizes.append((n, sz))
    ob = S["open_boundaries"]
    di = S["domain_info"]
    L = []
    w = L.append
    w("# Provenance of `data/beibu/`")
    w("")
    w("Every file in this directory except the hand-written ones ("
      + ", ".join(f"`{n}`" for n in HAND_WRITTEN)
      + "; each states its own sources) and those of other scripts ("
      + ", ".join(f"`{n}` by `{s}`" for n, s in OTHER_SCRIPTS.items())
      + ", below) is generated by `scripts/make-beibu-data` from Debian data packages, with no network "
      "access; this file too is generated (from the build summary), so edit "
      "`scripts/beibu_data/` rather than this text. The run is deterministic: the same "
      "package versions give byte-identical files. `scripts/check-beibu-data` verifies the "
      "result (it is run at the end of `make-beibu-data`).")
    w("")
    w("```sh")
    w("apt-get install -y gmt gmt-gshhg-high gmt-dcw ferret-datasets gdal-bin \\")
    w("    python3-gdal python3-netcdf4 python3-numpy python3-scipy")
    w("scripts/make-beibu-data          # 1-2 minutes on 2 cores, runs the check too")
    w("scripts/check-beibu-data         # about 15 s")
    w("```")
    w("")
    w("## Sources (Debian packages)")
    w("")
    w(table(["package", "version", "licence", "used for"],
            [(p, V.get(p, "?"), LICENCES[p], USED_FOR[p]) for p in LICENCES]))
    w("")
    w("Versions are those of the machine that generated the files (`dpkg-query -W`). "
      "Upstream references: P. Wessel & W. H. F. Smith (1996), A global, self-consistent, "
      "hierarchical, high-resolution shoreline database, J. Geophys. Res. 101(B4), "
      "8741-8743 (GSHHG); NOAA NGDC (1988), Data Announcement 88-MGG-02, Digital relief of "
      "the Surface of the Earth (ETOPO5); Digital Chart of the World (DMA 1992) as packaged "
      "by DCW-GMT.")
    w("")
    w("All geometric processing uses the model projection `%s` (metres); areas, buffers, "
      "tolerances and distances below are in that projection. Files are written in WGS84 "
      "longitude/latitude (RFC 7946 axis order, no `crs` member; exterior rings "
      "counter-clockwise, holes clockwise)." % "+proj=tmerc +lat_0=20 +lon_0=108 +k=1 "
      "+x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs")
    w("")
    w("### Exact commands")
    w("")
    w("`scripts/make-beibu-data` runs (in a temporary directory):")
    w("")
    w("```sh")
    w("gmt coast -R104/113/16/24 -Dh -W1 -A0/1/1 -M > shore_l1.txt      # GSHHG level-1 shorelines")
    w("gmt coast -R105/111/16.5/23 -Dh -I0 -I1 -I2 -I3 -M > rivers.txt  # GSHHG rivers")
    w("gmt coast -R107.8/108.3/21.3/21.8 -Dh -N1 -M > border_beilun.txt # GSHHG national border")
    w("for c in CN.GX CN.GD CN.HI VN; do gmt coast -E$c -M > dcw_$c.txt; done   # DCW")
    w("ln -s /usr/share/ferret-vis/data/etopo5.cdf etopo5.cdf")
    w("PYTHONPATH=scripts /usr/bin/python3 -m beibu_data.build WORK data/beibu")
    w("PYTHONPATH=scripts /usr/bin/python3 -m beibu_data.provenance WORK data/beibu")
    w("scripts/check-beibu-data")
    w("```")
    w("")
    w("The Python steps are in `scripts/beibu_data/` (`domain.py`, `bathymetry.py`, "
      "`jurisdictions.py`, `features.py`; GEOS through OGR, no shapely).")
    w("")
    w("### Files")
    w("")
    w(table(["file", "bytes"], sizes + [("total (without PROVENANCE.md)", total)]))
    w("")

    # ----------------------------------------------------------- domain
    w("## domain.geojson")
    w("")
    w("One Polygon feature: the water of the Beibu Gulf (Gulf of Tonkin, 北部湾), outer "
      "ring plus %d island holes, properties `name`, `name_zh`, `area_km2`, `source`."
      % (S["domain_rings"] - 1))
    w("")
    w("**Reference area: %.1f km² (in the model projection). The mesh area is checked "
      "against this within 1 %%.** %d rings, %d distinct vertices."
      % (S["domain_area_km2"], S["domain_rings"], S["domain_vertices"]))
    w("")
    w("For comparison, the gulf is usually quoted as about 128 000-130 000 km²; "
      "the shares of the water on either side of the 2000 delimitation line computed here "
      "(VN %.1f %%, CN %.1f %%) match the officially quoted 53.23 %% / 46.77 %%."
      % (100 * S["sea_areas"]["VN"] / S["domain_area_km2"],
         100 * (S["domain_area_km2"] - S["sea_areas"]["VN"]) / S["domain_area_km2"]))
    w("")
    w("Processing (`scripts/beibu_data/domain.py`):")
    w("")
    w("1. The GSHHG high-resolution level-1 (land/ocean) shoreline segments for "
      "104-113°E, 16-24°N (%d faces after noding them with the region box and "
      "polygonizing with GEOS) give the sea face containing 108°E 20°N (%d rings)."
      % (di["gshhg_faces"], di["raw_sea_rings"]))
    w("2. **Narrow features**: morphological opening of the water, buffer(-%g m) then "
      "buffer(+%g m) (8 segments per quarter circle): water narrower than ~%g m "
      "(channels, creeks, the narrowest inlets) is removed; the component containing "
      "108°E 20°N is kept." % (D.OPENING_RADIUS_M, D.OPENING_RADIUS_M, 2 * D.OPENING_RADIUS_M))
    w("3. **Islands** smaller than %g km² are dropped (filled with water): %d dropped. "
      "Weizhou (~25 km²) and Xieyang (~2 km²) are kept as holes."
      % (D.MIN_ISLAND_M2 / 1e6, di["islands_dropped_lt_1km2"]))
    w("4. **Simplification**: Douglas-Peucker, tolerance %g m, topology preserving." % D.SIMPLIFY_TOL_M)
    w("5. Small islands closer than %g m to an open-boundary line are dropped so that "
      "each open boundary stays one straight edge: %s." % (
          D.MIN_RING_GAP_M,
          "; ".join("island at %.4f E %.4f N, %.2f km² (Con Co, Viet Nam: the 2000 "
                    "agreement's closing line passes through it by definition)"
                    % (d["lon"], d["lat"], d["area_km2"])
                    for d in di["islands_dropped_on_open_boundary"]) or "none"))
    w("6. **Cut** at the two open boundaries (below): the coastline is noded with the "
      "two straight lines and polygonized again; the face containing 108°E 20°N is the "
      "domain. Water of the South China Sea east of Leizhou and south-east of Hainan "
      "is therefore excluded.")
    nb_r = sum(1 for b in di["bridges"] if b["kind"] == "rings")
    nb_n = sum(1 for b in di["bridges"] if b["kind"] == "neck")
    lost = sum(b["water_lost_km2"] for b in di["bridges"])
    w("7. **Minimum gap %g m**: wherever two different rings (island-island, "
      "island-coast; %d places) or two parts of one ring across water (necks left "
      "by the simplification; %d places) are closer than %g m, the gap is closed by a "
      "land bridge (convex hull of both shorelines within %g m of the contact point), "
      "keeping the component containing 108°E 20°N; repeated until none is left. "
      "Water removed in total: %.1f km² (largest: %s)."
      % (D.MIN_RING_GAP_M, nb_r, nb_n, D.MIN_RING_GAP_M, D.BRIDGE_RADIUS_M, lost,
         "; ".join("%.1f km² at %.3f E %.3f N" % (b["water_lost_km2"], b["lon"], b["lat"])
                   for b in sorted(di["bridges"], key=lambda b: -b["water_lost_km2"])[:4])))
    w("8. Coastline vertices within %g m of an open-boundary endpoint are removed (%d), "
      "and vertices closer than %g m to the previous one (%d)."
      % (D.ENDPOINT_CLEAR_M, di["vertices_removed_near_endpoints"], D.MIN_VERTEX_STEP_M,
         di["near_duplicate_vertices_removed"]))
    w("9. Written with 6 decimals (~0.1 m); the rounded polygon is re-read and must pass "
      "GEOS `IsValid()`; the area above is that of the file as stored.")
    w("")
    w("Guarantees checked by `scripts/check-beibu-data`: valid (no self-intersection, rings "
      "do not touch), exactly one outer ring, every hole ≥ 1 km², no two vertices (nor "
      "edges) of different rings closer than 250 m, no water neck narrower than 250 m, "
      "each open boundary is one edge of the outer ring. Vertices along a ring are "
      "25 m or more apart (median ~640 m); the mesher should still resample the boundary "
      "at its local mesh size.")
    w("")
    w("Bays checked to be inside the polygon: Maowei Sea (108.55 E 21.81 N) and Qinzhou "
      "Bay (108.62 E 21.60 N), Lianzhou Bay/Beihai (109.06 E 21.55 N), Tieshan Bay "
      "(109.57 E 21.55 N), Fangcheng Bay (108.37 E 21.60 N), Pearl Bay/Zhenzhu Gang at "
      "the Beilun mouth (108.18 E 21.56 N), Anpu Bay (109.85 E 21.42 N), the Red River "
      "mouths (106.62 E 20.23 N), the Qiongzhou Strait (110.2 E 20.15 N).")
    w("")
    w("Islands kept (area km², a point inside), largest first:")
    w("")
    isl = S["islands"]
    w(", ".join("%.1f (%.3f E %.3f N)" % (i["area_km2"], i["lon"], i["lat"]) for i in isl))
    w("")
    w("Limitations: GSHHG high resolution is accurate to a few hundred metres and "
      "predates recent land reclamation (e.g. Qinzhou port, Fangchenggang, Tieshan port "
      "and the Beilun estuary have changed since); features narrower than ~300 m are not "
      "represented; thousands of karst islets of Ha Long/Bai Tu Long bays are below the "
      "1 km² threshold and are water in the model.")
    w("")

    # ----------------------------------------------------- open boundaries
    w("## open_boundaries.geojson")
    w("")
    w("Two LineString features (`name`, `description`, `length_km`), each exactly one "
      "edge of the domain's outer ring: same two vertices, same coordinates as stored in "
      "`domain.geojson`, so a mesher can tag the ring edges lying on them.")
    w("")
    rows = []
    for o in D.OPEN_BOUNDARIES:
        c = ob[o["name"]]["coordinates"]
        rows.append((o["name"], fmt_ll(c[0]), fmt_ll(c[1]), "%.2f" % ob[o["name"]]["length_km"]))
    w(table(["name", "endpoint 1", "endpoint 2", "length km"], rows))
    w("")
    w("- **south** (mouth of the gulf): the closing line of Art. 1(2) of the 2000 "
      "China-Viet Nam Beibu Gulf agreement, from Yinggezui (莺歌嘴, Yinggehai, Hainan) "
      "18°30′19″N 108°41′17″E through Con Co island (昏果岛/Cồn Cỏ) to the point "
      "16°57′40″N 107°08′42″E on the Vietnamese coast. The line through these two points "
      "(straight in the model projection) meets the processed GSHHG coastline at the "
      "endpoints above, %.0f m and %.0f m from the treaty points, cutting cleanly across "
      "water from coast to coast (no other crossing). The 21st point of the delimitation "
      "line (17°47′N 107°58′E) lies on this line." % (
          _dist_m(ob["south"]["coordinates"][0], (107.145, 16.961111)),
          _dist_m(ob["south"]["coordinates"][1], (108.688056, 18.505278))))
    w("- **east**: across the South China Sea shelf east of the Qiongzhou Strait, the "
      "straight line through 112.32°E 21.8°N and 110.95°E 19.85°N between the Guangdong "
      "coast just east of Hailing Island and Hainan's north-east coast near Tongguling "
      "(%.1f km). The strait, Zhanjiang Bay and the Leizhou peninsula's east coast are "
      "inside the domain, so the strait's tide is made by the model between two boundaries, "
      "and the Zhapo tide gauge (111.83°E 21.58°N, TICON-4) lies inside, near this boundary's "
      "north end, to constrain it. Until December 2026 this boundary was the meridian "
      "110.45°E inside the strait, where no gauge constrained the tide." % ob["east"]["length_km"])
    w("")

    # ----------------------------------------------------------- bathymetry
    b = S["bathymetry"]
    w("## bathymetry.nc")
    w("")
    w("ETOPO5 (5′, ~9 km) from `etopo5.cdf` (ferret-datasets %s, variable `ROSE`), "
      "subset to lon %.3f-%.3f, lat %.3f-%.3f (%d x %d points), written as CF-1.8 "
      "NetCDF-3 classic: 1-D `lon` (degrees_east, axis X), `lat` (degrees_north, axis Y), "
      "`elevation(lat, lon)` in m, positive up, standard_name "
      "`height_above_mean_sea_level`, `crs` grid mapping (WGS84); global attributes "
      "`source`, `history`, `comment`, `references`. Range %.0f to %.0f m; %s."
      % (V.get("ferret-datasets", "?"), b["lon0"], b["lon1"], b["lat0"], b["lat1"],
         b["nlon"], b["nlat"], b["zmin"], b["zmax"],
         "contains fill values" if b["has_fill"] else "no missing values (no _FillValue)"))
    w("")
    w("The source axes drift from the nominal 5′ grid by float rounding (up to %.4f° in "
      "this window); they are snapped to exact multiples of 1/12°. Limitations: 5′ "
      "resolution does not resolve the bays (Maowei Sea, Qinzhou, Lianzhou, Tieshan "
      "bays are a few grid cells or less), ETOPO5 shallow-water depths are known to be "
      "poor, and many coastal cells are land (>0) where the GSHHG domain has water: "
      "consumers must clamp to a minimum depth and smooth near the coast."
      % b["axis_drift_deg"])
    w("")

    # ------------------------------------------------------- jurisdictions
    w("## jurisdictions.geojson")
    w("")
    w("Land polygons (MultiPolygon) from the Digital Chart of the World as packaged in "
      "gmt-dcw (`gmt coast -E<code> -M`), unioned, clipped to %g-%g°E, %g-%g°N, "
      "simplified with a %g m tolerance (topology preserving) and parts under %.2f km² "
      "dropped; 5 decimals. Properties `code`, `name`, `name_zh`, `country`, `source`."
      % (J.CLIP_BOX_LL + (J.SIMPLIFY_TOL_M, J.MIN_PART_M2 / 1e6)))
    w("")
    w(table(["code", "name", "name_zh", "country"],
            [(c, n, z, k) for c, n, z, k in J.JURISDICTIONS]))
    w("")
    w("DCW is a 1:1 000 000 product: its coastline differs from GSHHG by up to a few km "
      "in places; it is used only for land attribution, never for the water domain.")
    w("")

    # ------------------------------------------------------------ sea areas
    w("## sea_areas.geojson")
    w("")
    w("Polygons (properties `code`, `name`, `name_zh`, `area_km2`) that together cover "
      "`domain.geojson` exactly (union = domain within 0.1 %, no overlaps; checked). "
      "**Rule**:")
    w("")
    w("1. Water west of the China-Viet Nam Beibu Gulf delimitation line (Agreement of "
      "25 December 2000, in force 30 June 2004) is **VN**. North of its first point "
      "the line is continued up the Beilun estuary along the GSHHG China-Viet Nam land "
      "border (`gmt coast -N1`).")
    w("2. Water east of the line is attributed to the Chinese province whose coast is "
      "nearest: DCW land of CN.GX, CN.GD and CN.HI is rasterized on a 500 m grid in the "
      "model projection, a Euclidean distance transform gives each cell its nearest "
      "Chinese land cell, the label raster is polygonized (GDAL) and intersected with "
      "the domain. Province boundaries at sea are therefore 500 m staircases along the "
      "equidistance lines (Guangxi/Guangdong off Yingluo Bay, Guangdong/Hainan in the "
      "Qiongzhou Strait and off the Leizhou peninsula, Guangxi/Hainan in mid-gulf).")
    w("")
    w("This is an analysis convention for apportionment, not a legal boundary: it "
      "ignores any administrative sea boundaries agreed between the provinces, which "
      "should replace it where they exist.")
    w("")
    w(table(["code", "area km²", "share"],
            [(k, "%.1f" % v, "%.1f %%" % (100 * v / S["domain_area_km2"]))
             for k, v in S["sea_areas"].items()]))
    w("")
    w("Delimitation line points used (Art. 2 of the Agreement; decimal degrees "
      "computed from the published degrees-minutes-seconds; the coordinates are used as "
      "WGS84, any datum shift being far below the accuracy of the other data):")
    w("")
    rows = []
    for n, lat, lon in J.DELIMITATION_POINTS_DMS:
        la = lat[0] + lat[1] / 60 + lat[2] / 3600
        lo = lon[0] + lon[1] / 60 + lon[2] / 3600
        rows.append((n, "%d°%02d′%s″N" % (lat[0], lat[1], _sec(lat[2])),
                     "%d°%02d′%s″E" % (lon[0], lon[1], _sec(lon[2])),
                     "%.5f" % la, "%.5f" % lo))
    w(table(["point", "latitude", "longitude", "lat", "lon"], rows))
    w("")
    w("Source and confidence: point 1 (21°28′12.5″N 108°06′04.3″E, Beilun estuary) and the "
      "closing line are as published in the Agreement's Chinese text (Wikisource, "
      "中华人民共和国和越南社会主义共和国关于两国在北部湾领海、专属经济区和大陆架的划界协定) and "
      "in the PRC's 2024 baseline statement for the northern Beibu Gulf; the full list of "
      "21 points was taken from a secondary transcription of Art. 2 (the list ends at "
      "17°47′00″N 107°58′00″E, the gulf's mouth). The resulting areal split "
      "(above) reproduces the officially quoted 53.23 % / 46.77 %, which supports the "
      "transcription; verify against the official text before any legal use.")
    w("")

    # ------------------------------------------------------------ rivers
    w("## rivers.geojson and river_lines.geojson")
    w("")
    w("`rivers.geojson`: one Point per river mouth, on the water side inside the domain "
      "and at least 500 m from its boundary (a nominal position that is too close to the "
      "coast is moved to the nearest point that is not; the distance is in "
      "`distance_to_coast_m`). Properties: `id`, `name`, `name_zh`, `jurisdiction`, "
      "`country`, `discharge_mean_m3s`, `discharge_wet_m3s`, `discharge_dry_m3s`, "
      "`wet_months`, `discharge_uncertainty_pct`, `discharge_source`, `represents`.")
    w("")
    w("Wet/dry discharges are derived from the annual mean Q and the share s of the "
      "annual runoff that falls in the wet months (n months): Q_wet = Q·s·12/n, "
      "Q_dry = Q·(1-s)·12/(12-n). **All figures are approximate** (uncertainty column); "
      "several are estimates from basin area × runoff depth, flagged as such. They are "
      "climatological means, not a given year's flows; replace them with gauged series "
      "for any calibrated study.")
    w("")
    rows = []
    for r in F.RIVERS:
        rs = S["rivers"][r["id"]]
        rows.append((r["id"], r["name_zh"], r["jurisdiction"],
                     "%.4f E %.4f N" % tuple(rs["coordinates"]), "%g" % r["q_mean"],
                     "%g" % rs["q_wet"], "%g" % rs["q_dry"], r["wet_months"],
                     "±%d %%" % r["uncertainty_pct"]))
    w(table(["id", "name", "jurisdiction", "mouth (file)", "Q mean m³/s", "Q wet", "Q dry",
             "wet months", "uncertainty"], rows))
    w("")
    for r in F.RIVERS:
        w("- **%s** (%s): %s. Source: %s" % (r["name"], r["name_zh"], r["represents"],
                                             r["discharge_source"]))
    w("")
    w("Mouth positions: Ba Lat just outside the GSHHG estuary opening (106.56 E 20.27 N); "
      "the published mouth coordinates (20°14′43″N 106°35′20″E) fall ~4.7 km off the "
      "GSHHG coast, which differs from today's delta front; "
      "Nanliu and Jiuzhou seaward of where the GSHHG level-3 river lines meet the coast; "
      "Changhua seaward of the GSHHG river end at Changhua port; Qin (Litouzui/Shajing at the head of the "
      "Maowei Sea), Maoling (north-west Maowei Sea), Fangcheng (head of the western arm "
      "of Fangcheng Bay) and Beilun (first point of the delimitation line) from "
      "descriptions and maps, placed by hand: ±1-2 km. **Jiuzhou**: it rises in Guangxi "
      "(Luchuan/Bobai), flows through Hedi reservoir in Lianjiang (Guangdong) and reaches "
      "the sea at Anpu Bay (Anpu town, Lianjiang), which GSHHG's river line confirms; "
      "how much of its flow reaches the sea after the Leizhou Qingnian canal diversions "
      "is the uncertain part.")
    w("")
    w("`river_lines.geojson`: %d GSHHG river lines (levels 0-3: double-lined, major, "
      "additional major and additional rivers; `gmt coast -I0 -I1 -I2 -I3 -M`) in "
      "105-111°E, 16.5-23°N, simplified with a 200 m tolerance, lines shorter than 1 km "
      "dropped; properties `gshhg_level`, `gshhg_class`, `length_km` (GSHHG carries no "
      "river names). Several Guangxi coastal rivers (Qin, Maoling, Fangcheng) are not in "
      "GSHHG at these levels." % S["river_lines"])
    w("")

    # ------------------------------------------------------ not assessed
    w("## not_assessed.geojson")
    w("")
    w("The domain's water east of the meridian 110.45°E in the Qiongzhou Strait (%.1f km² of "
      "the domain's %.1f km²; the Beibu Gulf and the strait west of that line, %.1f km², are "
      "assessed): the shelf east of the Leizhou peninsula, Zhanjiang Bay and the strait's "
      "eastern end, which the model carries so that the strait's tide is made between two "
      "gauged boundaries. No loads are entered there, so `beibu` does not assess its water "
      "quality (mesh.yaml `not_assessed`; docs/mesh.md). One feature, id `east_shelf`: the "
      "domain cut by that line (as at the open boundaries), the part without the gulf point, "
      "widened by 2 km outside the domain (less the assessed water) so that mesh faces along "
      "its resampled coast fall inside, simplified at 200 m." % (
          S["domain_area_km2"] - S["assessed_area_km2"], S["domain_area_km2"],
          S["assessed_area_km2"]))
    w("")

    # ------------------------------------------------------------- zones
    w("## zones.geojson")
    w("")
    w("Marine functional zones, **approximate** polygons drawn from the publicly described "
      "locations of each area (not digitized from the official Guangxi/Guangdong/Hainan "
      "marine functional zoning plans, which are not available as open data), clipped to "
      "the domain; Chinese zones are also clipped to the Chinese side of the delimitation "
      "line and the Vietnamese one to the Vietnamese side. Zones never overlap: reserves "
      "take precedence over ports/industrial zones, which take precedence over "
      "aquaculture/recreation zones. `target_class` is the GB 3097-1997 seawater class "
      "(1 = Class I ... 4 = Class IV) usually assigned to such zones: nature reserves "
      "Class I, aquaculture and bathing Class II, ports Class III-IV. `jurisdiction` is "
      "administrative and may differ from the nearest-coast attribution of "
      "`sea_areas.geojson` (e.g. the Hepu dugong reserve extends into water nearer to "
      "Guangdong).")
    w("")
    w(table(["id", "name", "name_zh", "type", "class", "jurisdiction", "area km²", "rationale"],
            [(z[0], z[1], z[2], z[3], z[4], z[5], "%.1f" % S["zones"][z[0]], z[6])
             for z in F.ZONES]))
    w("")
    w("VN-C01 is **not a GB 3097 zone**: it is included for comparison, with Class II "
      "applied by analogy.")
    w("")

    # ------------------------------------------------------------ stations
    w("## stations.geojson")
    w("")
    w("Virtual monitoring stations (Point; `id`, `name`, `name_zh`, `type` coastal | "
      "offshore | boundary | estuary, `jurisdiction`, `distance_to_coast_m`): at least "
      "one in each named bay, offshore in the gulf, near each open boundary and at each "
      "major river mouth. They are placed by hand in water at least 1 km from the domain "
      "boundary (nudged to the nearest such point when needed) and are **not** the "
      "official monitoring network. `jurisdiction` is the sea area (above) containing the "
      "station.")
    w("")
    w(table(["id", "name", "name_zh", "type", "nominal position", "distance to coast m"],
            [(s[0], s[1], s[2], s[3], "%.3f E %.3f N" % (s[5], s[6]),
              "%.0f" % S["stations"][s[0]]) for s in F.STATIONS]))
    w("")
    w("## tide_gauges.yaml")
    w("")
    for line in TIDE_GAUGES:
        w(line)
    w("")
    w("## Open questions")
    w("")
    w("- River discharges: only the Qin River figure comes from a municipal source quoted "
      "directly; Nanliu, Changhua and the Red River are commonly quoted values or "
      "literature ranges; Maoling, Fangcheng, Beilun and Jiuzhou are estimates from basin "
      "area × runoff depth. Replace with hydrological yearbook values when available.")
    w("- Delimitation points 2-21 come from a secondary transcription (see above).")
    w("- Zones and stations are illustrative approximations, to be replaced by the "
      "official zoning and monitoring-station coordinates when available.")
    w("")
    tmp = os.path.join(outdir, "PROVENANCE.md.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(L))
    os.replace(tmp, os.path.join(outdir, "PROVENANCE.md"))


def _sec(s):
    return "%04.1f" % s if s != int(s) else "%02d" % s


def _dist_m(a, b):
    from .common import haversine_m
    return haversine_m(a[0], a[1], b[0], b[1])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
