"""Shared helpers for the Beibu Gulf data builder (scripts/make-beibu-data).

Everything geometric is done in the model projection TMERC (metres) with
GEOS through OGR; files are written in WGS84 lon/lat (RFC 7946 order).
"""
import json
import math
import os

import numpy as np
from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

TMERC_PROJ4 = ("+proj=tmerc +lat_0=20 +lon_0=108 +k=1 +x_0=0 +y_0=0 "
               "+datum=WGS84 +units=m +no_defs")

WGS84 = osr.SpatialReference()
WGS84.ImportFromEPSG(4326)
WGS84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
TMERC = osr.SpatialReference()
TMERC.ImportFromProj4(TMERC_PROJ4)
TMERC.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
TO_TM = osr.CoordinateTransformation(WGS84, TMERC)
TO_LL = osr.CoordinateTransformation(TMERC, WGS84)

# Point inside the gulf used to pick the connected water component.
GULF_POINT_LL = (108.0, 20.0)


def dms(d, m=0.0, s=0.0):
    return d + m / 60.0 + s / 3600.0


def to_tm(lon, lat):
    x, y, _ = TO_TM.TransformPoint(lon, lat)
    return x, y


def to_ll(x, y):
    lon, lat, _ = TO_LL.TransformPoint(x, y)
    return lon, lat


def point(x, y):
    p = ogr.Geometry(ogr.wkbPoint)
    p.AddPoint_2D(x, y)
    return p


def point_ll_tm(lon, lat):
    return point(*to_tm(lon, lat))


def linestring(coords):
    l = ogr.Geometry(ogr.wkbLineString)
    for x, y in coords:
        l.AddPoint_2D(float(x), float(y))
    return l


def ring(coords):
    r = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in coords:
        r.AddPoint_2D(float(x), float(y))
    if coords[0] != coords[-1]:
        r.AddPoint_2D(float(coords[0][0]), float(coords[0][1]))
    return r


def polygon(shell, holes=()):
    p = ogr.Geometry(ogr.wkbPolygon)
    p.AddGeometry(ring(shell))
    for h in holes:
        p.AddGeometry(ring(h))
    return p


def polygon_ll_tm(coords_ll):
    """A polygon given in lon/lat, returned in TMERC (vertices only are
    projected; fine for the small, hand-drawn outlines used for zones)."""
    return polygon([to_tm(lo, la) for lo, la in coords_ll])


def ring_xy(r):
    return np.array(r.GetPoints())[:, :2]


def polygons_of(g):
    """List of Polygon geometries contained in g (Polygon, MultiPolygon or
    GeometryCollection); other types are dropped."""
    out = []
    if g is None or g.IsEmpty():
        return out
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t == ogr.wkbPolygon:
        out.append(g.Clone())
    elif t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        for i in range(g.GetGeometryCount()):
            out.extend(polygons_of(g.GetGeometryRef(i)))
    return out


def multipolygon(polys):
    m = ogr.Geometry(ogr.wkbMultiPolygon)
    for p in polys:
        m.AddGeometry(p)
    return m


def clean_polygonal(g, min_area=0.0):
    """Polygon or MultiPolygon from g, parts with area < min_area dropped."""
    parts = [p for p in polygons_of(g) if p.GetArea() > min_area]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return multipolygon(parts)


def transform_copy(g, ct):
    c = g.Clone()
    c.Transform(ct)
    return c


def _round_coords(xy, nd):
    return [[round(float(x), nd), round(float(y), nd)] for x, y in xy]


def _signed_area(xy):
    x = xy[:, 0]
    y = xy[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def _dedupe(coords):
    out = [coords[0]]
    for c in coords[1:]:
        if c != out[-1]:
            out.append(c)
    return out


def _ring_ll(r, nd, ccw):
    xy = ring_xy(r)
    ll = np.array([to_ll(x, y) for x, y in xy])
    a = _signed_area(ll)
    if (a > 0) != ccw:
        ll = ll[::-1]
    return _dedupe(_round_coords(ll, nd))


def geom_tm_to_geojson(g, nd=6):
    """GeoJSON geometry dict (lon/lat) from a TMERC OGR geometry.  Exterior
    rings counter-clockwise, holes clockwise (RFC 7946 section 3.1.6)."""
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t == ogr.wkbPoint:
        lon, lat = to_ll(g.GetX(), g.GetY())
        return {"type": "Point", "coordinates": [round(lon, nd), round(lat, nd)]}
    if t == ogr.wkbLineString:
        ll = [to_ll(x, y) for x, y in ring_xy(g)]
        return {"type": "LineString", "coordinates": _round_coords(ll, nd)}
    if t == ogr.wkbMultiLineString:
        return {"type": "MultiLineString",
                "coordinates": [geom_tm_to_geojson(g.GetGeometryRef(i), nd)["coordinates"]
                                for i in range(g.GetGeometryCount())]}
    if t == ogr.wkbPolygon:
        rings = [_ring_ll(g.GetGeometryRef(0), nd, True)]
        for k in range(1, g.GetGeometryCount()):
            rings.append(_ring_ll(g.GetGeometryRef(k), nd, False))
        return {"type": "Polygon", "coordinates": rings}
    if t == ogr.wkbMultiPolygon:
        return {"type": "MultiPolygon",
                "coordinates": [geom_tm_to_geojson(g.GetGeometryRef(i), nd)["coordinates"]
                                for i in range(g.GetGeometryCount())]}
    raise ValueError("unsupported geometry type %s" % g.GetGeometryName())


def polygonal_geojson(g, nd=6, min_area=1.0):
    """GeoJSON for a polygonal TMERC geometry such that the rounded lon/lat
    geometry is still valid (GEOS) once re-read; returns (geojson, geometry
    re-read in TMERC)."""
    from osgeo import gdal
    for _ in range(5):
        gj = geom_tm_to_geojson(g, nd)
        back = geojson_to_tm(gj)
        gdal.PushErrorHandler("CPLQuietErrorHandler")  # GEOS validity notes
        try:
            if back.IsValid():
                return gj, back
            g = clean_polygonal(back.MakeValid(), min_area)
        finally:
            gdal.PopErrorHandler()
    raise RuntimeError("cannot make a valid rounded geometry")


def geojson_to_tm(gj):
    """OGR geometry in TMERC from a GeoJSON geometry dict in lon/lat."""
    g = ogr.CreateGeometryFromJson(json.dumps(gj))
    g.AssignSpatialReference(None)
    g.Transform(TO_TM)
    return g


def write_geojson(path, name, features, description=None):
    """Write a FeatureCollection deterministically (sorted nothing, fixed
    layout: one feature per line) via a temporary file and rename."""
    parts = ['{"type": "FeatureCollection", "name": %s,' % json.dumps(name)]
    if description:
        parts.append(' "description": %s,' % json.dumps(description, ensure_ascii=False))
    parts.append(' "features": [\n')
    head = "".join(parts)
    body = ",\n".join(
        json.dumps({"type": "Feature", "properties": props, "geometry": geom},
                   ensure_ascii=False, separators=(",", ":"))
        for props, geom in features)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(head + body + "\n]}\n")
    os.replace(tmp, path)


def read_gmt_multiseg(path):
    """Read a GMT multisegment ASCII file -> list of (header, Nx2 array)."""
    segs = []
    head = None
    cur = []
    with open(path) as f:
        for line in f:
            if line.startswith(">"):
                if cur:
                    segs.append((head, np.array(cur, dtype=float)))
                head = line[1:].strip()
                cur = []
            elif line.strip() and not line.startswith("#"):
                a = line.split()
                cur.append((float(a[0]), float(a[1])))
    if cur:
        segs.append((head, np.array(cur, dtype=float)))
    return segs


def n_vertices(g):
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t in (ogr.wkbLinearRing, ogr.wkbLineString):
        return g.GetPointCount()
    return sum(n_vertices(g.GetGeometryRef(i)) for i in range(g.GetGeometryCount()))


def km2(a):
    return a / 1e6


def log(*a):
    print("[make-beibu-data]", *a, flush=True)


def haversine_m(lon1, lat1, lon2, lat2):
    r = 6371008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))
