"""Land jurisdictions from the Digital Chart of the World (gmt-dcw) and the
attribution of the domain's water to them (sea_areas)."""
import numpy as np
from osgeo import gdal, ogr
from scipy import ndimage

from .common import (TO_TM, clean_polygonal, dms, log, multipolygon, polygon,
                     polygons_of, to_tm)

gdal.UseExceptions()

JURISDICTIONS = [
    # code, name, name_zh, country
    ("CN.GX", "Guangxi Zhuang Autonomous Region", "广西", "CN"),
    ("CN.GD", "Guangdong Province", "广东", "CN"),
    ("CN.HI", "Hainan Province", "海南", "CN"),
    ("VN", "Viet Nam", "越南", "VN"),
]
CLIP_BOX_LL = (104.0, 113.0, 16.0, 24.0)
SIMPLIFY_TOL_M = 200.0
MIN_PART_M2 = 0.05e6

# 2000 Agreement between the PRC and the SRV on the delimitation of the
# territorial seas, EEZs and continental shelves in the Beibu Gulf (signed
# 25 Dec 2000, in force 30 Jun 2004), Art. 2: the 21 boundary points.
DELIMITATION_POINTS_DMS = [
    (1, (21, 28, 12.5), (108, 6, 4.3)),
    (2, (21, 28, 1.7), (108, 6, 1.6)),
    (3, (21, 27, 50.1), (108, 5, 57.7)),
    (4, (21, 27, 39.5), (108, 5, 51.5)),
    (5, (21, 27, 28.2), (108, 5, 39.9)),
    (6, (21, 27, 23.1), (108, 5, 38.8)),
    (7, (21, 27, 8.2), (108, 5, 43.7)),
    (8, (21, 16, 32), (108, 8, 5)),
    (9, (21, 12, 35), (108, 12, 31)),
    (10, (20, 24, 5), (108, 22, 45)),
    (11, (19, 39, 33), (107, 55, 47)),
    (12, (19, 39, 33), (107, 31, 40)),
    (13, (19, 25, 26), (107, 21, 0)),
    (14, (19, 25, 26), (107, 12, 43)),
    (15, (19, 16, 4), (107, 11, 23)),
    (16, (19, 12, 55), (107, 9, 34)),
    (17, (18, 42, 52), (107, 9, 34)),
    (18, (18, 13, 49), (107, 34, 0)),
    (19, (18, 7, 8), (107, 37, 34)),
    (20, (18, 4, 13), (107, 39, 9)),
    (21, (17, 47, 0), (107, 58, 0)),
]


def delimitation_points_ll():
    return [(n, dms(*lon), dms(*lat)) for n, lat, lon in DELIMITATION_POINTS_DMS]


def _dcw_polygon_ll(segs):
    polys = []
    for _, xy in segs:
        if len(xy) < 4:
            continue
        coords = [tuple(v) for v in xy]
        p = polygon(coords)
        gdal.PushErrorHandler("CPLQuietErrorHandler")  # GEOS validity notes
        try:
            valid = p.IsValid()
        finally:
            gdal.PopErrorHandler()
        if not valid:
            p = p.MakeValid()
        polys.extend(polygons_of(p))
    u = multipolygon(polys).UnionCascaded()
    return u


def build_jurisdictions(dcw_segs):
    """dcw_segs: code -> list of (header, xy) in lon/lat.
    Returns list of (props, geometry in TMERC)."""
    x0, x1, y0, y1 = CLIP_BOX_LL
    box = polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    out = []
    for code, name, name_zh, country in JURISDICTIONS:
        g = _dcw_polygon_ll(dcw_segs[code]).Intersection(box)
        g.Transform(TO_TM)
        g = g.SimplifyPreserveTopology(SIMPLIFY_TOL_M)
        g = clean_polygonal(g, MIN_PART_M2)
        if not g.IsValid():
            g = clean_polygonal(g.MakeValid(), MIN_PART_M2)
        props = {"code": code, "name": name, "name_zh": name_zh, "country": country,
                 "source": "DCW (gmt-dcw), clipped to %g-%gE %g-%gN, simplified %g m"
                           % (x0, x1, y0, y1, SIMPLIFY_TOL_M)}
        out.append((props, g))
        log("jurisdiction %s: %d parts" % (code, len(polygons_of(g))))
    return out


def _vn_side_polygon(border_xy):
    """Polygon (TMERC) of everything west of the delimitation line: the GSHHG
    land border down the Beilun to the estuary, then points 1..21, then south."""
    pts = delimitation_points_ll()
    p1 = np.array([pts[0][1], pts[0][2]])
    b = np.array(border_xy)
    # border vertices from 107.85E until the one nearest to point 1
    b = b[b[:, 0] >= 107.85]
    k = int(np.argmin(np.hypot(*(b - p1).T)))
    b = b[:k + 1]
    if np.hypot(*(b[-1] - p1)) > 0.05:
        raise RuntimeError("GSHHG border does not reach the Beilun estuary")
    ring_ll = [(103.0, 25.0), (float(b[0, 0]), 25.0)]
    ring_ll += [(float(x), float(y)) for x, y in b[:-1]]
    ring_ll += [(lon, lat) for _, lon, lat in pts]
    ring_ll += [(pts[-1][1], 10.0), (103.0, 10.0)]
    # densify the long straight helper edges before projecting
    dens = []
    for (ax, ay), (bx, by) in zip(ring_ll, ring_ll[1:] + ring_ll[:1]):
        n = max(1, int(max(abs(bx - ax), abs(by - ay)) / 0.05))
        for t in range(n):
            dens.append(to_tm(ax + (bx - ax) * t / n, ay + (by - ay) * t / n))
    g = polygon(dens)
    if not g.IsValid():
        raise RuntimeError("VN-side polygon invalid")
    return g


def _nearest_province_regions(jur, domain, cell=500.0):
    """Polygons (TMERC) of the cells whose nearest Chinese land cell (DCW)
    belongs to each province: dict code -> polygon."""
    env = domain.GetEnvelope()  # minx, maxx, miny, maxy
    m = 20000.0
    x0 = np.floor((env[0] - m) / cell) * cell
    y1 = np.ceil((env[3] + m) / cell) * cell
    nx = int(np.ceil((env[1] + m - x0) / cell))
    ny = int(np.ceil((y1 - (env[2] - m)) / cell))
    drv = gdal.GetDriverByName("MEM")
    ds = drv.Create("", nx, ny, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((x0, cell, 0.0, y1, 0.0, -cell))
    mem = ogr.GetDriverByName("Memory").CreateDataSource("m")
    lyr = mem.CreateLayer("land", geom_type=ogr.wkbMultiPolygon)
    lyr.CreateField(ogr.FieldDefn("lab", ogr.OFTInteger))
    codes = ["CN.GX", "CN.GD", "CN.HI"]
    for props, g in jur:
        if props["code"] in codes:
            f = ogr.Feature(lyr.GetLayerDefn())
            f.SetField("lab", codes.index(props["code"]) + 1)
            f.SetGeometry(g)
            lyr.CreateFeature(f)
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # layer has no SRS: same CRS
    try:
        gdal.RasterizeLayer(ds, [1], lyr, options=["ATTRIBUTE=lab"])
    finally:
        gdal.PopErrorHandler()
    lab = ds.GetRasterBand(1).ReadAsArray()
    idx = ndimage.distance_transform_edt(lab == 0, return_distances=False,
                                         return_indices=True)
    near = lab[idx[0], idx[1]]
    ds.GetRasterBand(1).WriteArray(near)
    out = ogr.GetDriverByName("Memory").CreateDataSource("p")
    pl = out.CreateLayer("regions", geom_type=ogr.wkbPolygon)
    pl.CreateField(ogr.FieldDefn("lab", ogr.OFTInteger))
    gdal.Polygonize(ds.GetRasterBand(1), None, pl, 0, [], callback=None)
    regions = {}
    parts = {c: [] for c in codes}
    for f in pl:
        v = f.GetField("lab")
        if 1 <= v <= 3:
            parts[codes[v - 1]].append(f.GetGeometryRef().Clone())
    for c in codes:
        regions[c] = multipolygon(parts[c]).UnionCascaded()
    return regions


def build_sea_areas(domain, jur, border_xy):
    """Attribute the domain's water: west of the 2000 delimitation line -> VN;
    east of it -> the Chinese province with the nearest (DCW) coast."""
    vn_side = _vn_side_polygon(border_xy)
    regions = _nearest_province_regions(jur, domain)
    vn = domain.Intersection(vn_side)
    rest = domain.Difference(vn_side)
    gx = rest.Intersection(regions["CN.GX"])
    gd = rest.Intersection(regions["CN.GD"]).Difference(gx)
    hi = rest.Difference(gx).Difference(gd)
    hi_check = rest.Intersection(regions["CN.HI"]).GetArea()
    log("sea areas: HI by remainder %.3f km2, by region %.3f km2"
        % (hi.GetArea() / 1e6, hi_check / 1e6))
    names = {c: (n, nz) for c, n, nz, _ in JURISDICTIONS}
    out = []
    for code, g in (("VN", vn), ("CN.GX", gx), ("CN.GD", gd), ("CN.HI", hi)):
        g = clean_polygonal(g, 1.0)
        if g is not None and not g.IsValid():
            g = clean_polygonal(g.MakeValid(), 1.0)
        out.append(({"code": code, "name": names[code][0], "name_zh": names[code][1],
                     "area_km2": round(g.GetArea() / 1e6, 1)}, g))
    return out
