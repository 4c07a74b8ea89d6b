"""Water polygon of the Beibu Gulf from GSHHG (high resolution) shorelines.

Pipeline (all lengths in the model projection, metres):
  1. GSHHG level-1 shoreline segments dumped by `gmt coast -Dh -W1 -A0/1/1 -M`
     for 104-113E, 16-24N are noded together with the region box and
     polygonized (GEOS); the face containing 108E 20N is the sea.
  2. Narrow water features are removed by a morphological opening
     (buffer -R then +R, R = 150 m), keeping the component containing
     108E 20N.
  3. Islands (holes) smaller than 1 km2 are dropped (filled with water).
  4. Douglas-Peucker simplification, 100 m tolerance, topology preserving.
  5. Where two different rings still come closer than 250 m (land tips that
     the opening cannot separate), the gap is closed by a small land bridge
     (convex hull of both shorelines within 375 m of the contact), merging
     the two land masses; repeated until no two rings are closer than 250 m.
  6. The gulf is cut at its two open boundaries (straight lines, see
     OPEN_BOUNDARIES) by noding the coastline with the lines and
     polygonizing again; the face containing 108E 20N is the domain.
  7. Coastline vertices closer than 250 m to an open-boundary endpoint are
     removed, so that each open boundary is one edge of two vertices.
"""
import math

import numpy as np
from osgeo import ogr

from .common import (GULF_POINT_LL, TO_TM, dms, linestring, log, n_vertices,
                     point, point_ll_tm, polygons_of, ring, ring_xy,
                     to_ll, to_tm)

OPENING_RADIUS_M = 150.0
MIN_ISLAND_M2 = 1.0e6
SIMPLIFY_TOL_M = 100.0
MIN_RING_GAP_M = 250.0
BRIDGE_RADIUS_M = 375.0
ENDPOINT_CLEAR_M = 250.0
MIN_VERTEX_STEP_M = 25.0

# Open boundaries: two points each (lon, lat) defining a straight line in the
# model projection.  The domain's boundary segment is the part of that line
# between the two coastline crossings (computed, reported in PROVENANCE.md).
OPEN_BOUNDARIES = [
    {
        "name": "south",
        # 2000 China-Viet Nam Beibu Gulf delimitation agreement, Art. 1(2):
        # the gulf's southern limit runs from Yinggezui, Hainan
        # (18d30'19"N 108d41'17"E) through Con Co island to the point
        # 16d57'40"N 107d08'42"E on the Vietnamese coast.
        "a": (dms(107, 8, 42), dms(16, 57, 40)),
        "b": (dms(108, 41, 17), dms(18, 30, 19)),
        "description": ("Mouth of the Beibu Gulf: straight line from the Vietnamese "
                        "mainland coast (16d57'40\"N 107d08'42\"E, passing just NE of "
                        "Con Co island) to Yinggezui/Yinggehai on Hainan "
                        "(18d30'19\"N 108d41'17\"E), the closing line of Art. 1 of the "
                        "2000 China-Viet Nam Beibu Gulf delimitation agreement; "
                        "endpoints are where that line meets the GSHHG coastline."),
    },
    {
        "name": "east",
        # Across the shelf east of the Qiongzhou Strait and the Leizhou peninsula,
        # from the Guangdong coast east of Hailing Island (Zhapo) to Hainan's
        # north-east coast, so that the strait's tide is made by the model between
        # two boundaries each constrained by a tide gauge (Zhapo near this one).
        "a": (112.32, 21.8),
        "b": (110.95, 19.85),
        "description": ("Eastern boundary across the South China Sea shelf east of the "
                        "Qiongzhou Strait: straight line (in the model projection) from the "
                        "Guangdong coast just east of Hailing Island (Zhapo tide gauge, "
                        "111.83E 21.58N, inside the domain) to the north-east coast of Hainan "
                        "near Tongguling; the strait, Zhanjiang Bay and the Leizhou east "
                        "coast are inside the domain."),
    },
]


def _sea_from_shoreline(segs, box):
    """Polygonize GSHHG shoreline segments + box; return the sea face (lon/lat)."""
    ml = ogr.Geometry(ogr.wkbMultiLineString)
    for _, xy in segs:
        if len(xy) >= 2:
            ml.AddGeometry(linestring(xy))
    x0, x1, y0, y1 = box
    boxline = linestring([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)])
    noded = ml.Union(boxline)
    faces = noded.Polygonize()
    gp = point(*GULF_POINT_LL)
    for i in range(faces.GetGeometryCount()):
        f = faces.GetGeometryRef(i)
        if f.Contains(gp):
            return f.Clone(), faces.GetGeometryCount()
    raise RuntimeError("no polygonized face contains the gulf point")


def _component_with(g, p):
    for part in polygons_of(g):
        if part.Contains(p):
            return part
    raise RuntimeError("no component contains the gulf point")


def _drop_small_holes(poly, amin):
    out = ogr.Geometry(ogr.wkbPolygon)
    out.AddGeometry(poly.GetGeometryRef(0).Clone())
    dropped = 0
    for k in range(1, poly.GetGeometryCount()):
        r = poly.GetGeometryRef(k)
        pg = ogr.Geometry(ogr.wkbPolygon)
        pg.AddGeometry(r.Clone())
        if pg.GetArea() >= amin:
            out.AddGeometry(r.Clone())
        else:
            dropped += 1
    return out, dropped


def _point_seg(P, A, B):
    """Distances (n, m) from points P (n,2) to segments A->B (m,2); feet."""
    d = B - A
    L2 = np.maximum((d ** 2).sum(1), 1e-12)
    t = ((P[:, None, :] - A[None, :, :]) * d[None, :, :]).sum(2) / L2[None, :]
    t = np.clip(t, 0.0, 1.0)
    F = A[None, :, :] + t[:, :, None] * d[None, :, :]
    D = np.hypot(*(P[:, None, :] - F).transpose(2, 0, 1))
    return D, F


def _ring_pair_gap(a, b, dmax):
    """Minimal distance between closed rings a, b (Nx2, closed) if < dmax:
    returns (dist, point on a, point on b) or None."""
    lo = np.maximum(a.min(0), b.min(0)) - dmax
    hi = np.minimum(a.max(0), b.max(0)) + dmax
    if np.any(lo > hi):
        return None
    best = None
    for P, Q, swap in ((a, b, False), (b, a, True)):
        inb = np.all((P >= lo) & (P <= hi), axis=1)
        if not inb.any():
            continue
        Pv = P[:-1][inb[:-1]]
        A, B = Q[:-1], Q[1:]
        sel = ~(np.all(np.maximum(A, B) < lo, 1) | np.all(np.minimum(A, B) > hi, 1))
        sel &= ~((np.maximum(A[:, 0], B[:, 0]) < lo[0]) | (np.minimum(A[:, 0], B[:, 0]) > hi[0])
                 | (np.maximum(A[:, 1], B[:, 1]) < lo[1]) | (np.minimum(A[:, 1], B[:, 1]) > hi[1]))
        if not sel.any() or len(Pv) == 0:
            continue
        D, F = _point_seg(Pv, A[sel], B[sel])
        i, j = np.unravel_index(np.argmin(D), D.shape)
        if D[i, j] < dmax and (best is None or D[i, j] < best[0]):
            p, q = Pv[i], F[i, j]
            best = (float(D[i, j]), q, p) if swap else (float(D[i, j]), p, q)
    return best


def ring_gaps(poly, dmax):
    """All pairs of different rings of poly closer than dmax:
    list of (dist, i, j, point_i, point_j), closest first."""
    rings = [ring_xy(poly.GetGeometryRef(k)) for k in range(poly.GetGeometryCount())]
    out = []
    for i in range(len(rings)):
        for j in range(i + 1, len(rings)):
            g = _ring_pair_gap(rings[i], rings[j], dmax)
            if g is not None:
                out.append((g[0], i, j, g[1], g[2]))
    out.sort(key=lambda t: t[0])
    return out


def _bridge(poly, i, j, p, q, radius):
    pts = [tuple(p), tuple(q)]
    for k, c in ((i, p), (j, q)):
        line = linestring(ring_xy(poly.GetGeometryRef(k)))
        disk = point(*c).Buffer(radius, 8)
        inter = line.Intersection(disk)
        for kk in range(max(1, inter.GetGeometryCount())):
            sub = inter.GetGeometryRef(kk) if inter.GetGeometryCount() else inter
            if sub is None:
                continue
            for xy in sub.GetPoints() or []:
                pts.append((xy[0], xy[1]))
    mp = ogr.Geometry(ogr.wkbMultiPoint)
    for x, y in pts:
        mp.AddGeometry(point(x, y))
    hull = mp.ConvexHull()
    if ogr.GT_Flatten(hull.GetGeometryType()) != ogr.wkbPolygon or hull.GetArea() < 1.0:
        hull = linestring([p, q]).Buffer(20.0, 2)
    return hull


def water_necks(poly, dmin, step=50.0, max_pick=25):
    """Places where one ring comes back within dmin metres of itself across
    water (narrow necks / inlets left by the simplification): list of
    (dist, ring index, p, q), closest first, at most one per 1 km."""
    from scipy.spatial import cKDTree
    cands = []
    for k in range(poly.GetGeometryCount()):
        r = ring_xy(poly.GetGeometryRef(k))
        a, b = r[:-1], r[1:]
        seg = np.hypot(*(b - a).T)
        n = np.maximum(1, np.ceil(seg / step).astype(int))
        idx = np.repeat(np.arange(len(a)), n)
        t = np.concatenate([np.arange(m) / m for m in n])
        P = a[idx] + t[:, None] * (b - a)[idx]
        A = np.concatenate([[0.0], np.cumsum(seg)])[idx] + t * seg[idx]
        L = seg.sum()
        pairs = cKDTree(P).query_pairs(dmin, output_type="ndarray")
        if len(pairs) == 0:
            continue
        d = np.hypot(*(P[pairs[:, 0]] - P[pairs[:, 1]]).T)
        sep = np.abs(A[pairs[:, 0]] - A[pairs[:, 1]])
        sep = np.minimum(sep, L - sep)
        m = sep > 3.0 * d + 300.0
        for (i, j), dd in zip(pairs[m], d[m]):
            cands.append((float(dd), k, P[i], P[j]))
    cands.sort(key=lambda c: c[0])
    picked = []
    for dd, k, p, q in cands:
        c = 0.5 * (p + q)
        if any(np.hypot(*(c - 0.5 * (pp + qq))) < 1000.0 for _, _, pp, qq in picked):
            continue
        if not poly.Contains(point(*c)):
            continue  # across land (a thin spit): harmless for the mesher
        picked.append((dd, k, p, q))
        if len(picked) >= max_pick:
            break
    return picked


def _close_gaps(poly, gp, dmin, radius, max_iter=60):
    """Bridge (fill with land) every place where two rings, or two parts of
    one ring across water, come closer than dmin."""
    merges = []
    for _ in range(max_iter):
        todo = [(d, i, j, p, q, "rings") for d, i, j, p, q in ring_gaps(poly, dmin)[:1]]
        if not todo:
            todo = [(d, k, k, p, q, "neck") for d, k, p, q in water_necks(poly, dmin)]
        if not todo:
            return poly, merges
        for d, i, j, p, q, kind in todo:
            hull = _bridge(poly, i, j, p, q, radius)
            before = poly.GetArea()
            newp = _component_with(poly.Difference(hull), point(*gp))
            lon, lat = to_ll(*(0.5 * (p + q)))
            merges.append({"kind": kind, "lon": round(lon, 4), "lat": round(lat, 4),
                           "gap_m": round(d, 1),
                           "water_lost_km2": round((before - newp.GetArea()) / 1e6, 4)})
            poly = newp
    raise RuntimeError("could not close all gaps after %d rounds" % max_iter)


def _line_tm(a_ll, b_ll, extend_m):
    ax, ay = to_tm(*a_ll)
    bx, by = to_tm(*b_ll)
    L = math.hypot(bx - ax, by - ay)
    ux, uy = (bx - ax) / L, (by - ay) / L
    return linestring([(ax - extend_m * ux, ay - extend_m * uy),
                       (bx + extend_m * ux, by + extend_m * uy)])


def _cut(poly, lines, gp):
    """The face holding gp of poly's rings noded with the lines and polygonized."""
    noded = poly.Boundary()
    for l in lines:
        noded = noded.Union(l)
    faces = noded.Polygonize()
    for i in range(faces.GetGeometryCount()):
        f = faces.GetGeometryRef(i)
        if f.Contains(gp):
            return f.Clone()
    raise RuntimeError("cut failed: no face holds the gulf point")


def _on_line(xy, line, tol=1e-6):
    return line.Distance(point(*xy)) < tol


def _clear_endpoints(poly, endpoints, clear):
    """Remove outer-ring vertices (other than the endpoints) within `clear`
    metres of an open-boundary endpoint, if the polygon stays valid."""
    outer = ring_xy(poly.GetGeometryRef(0))[:-1]
    E = np.array(endpoints)
    is_end = np.zeros(len(outer), bool)
    for e in E:
        is_end |= np.hypot(*(outer - e).T) < 1e-6
    near = np.zeros(len(outer), bool)
    for e in E:
        near |= np.hypot(*(outer - e).T) < clear
    cand = near & ~is_end
    removed = 0
    for idx in np.nonzero(cand)[0][::-1]:
        keep = np.ones(len(outer), bool)
        keep[idx] = False
        trial_outer = outer[keep]
        trial = ogr.Geometry(ogr.wkbPolygon)
        trial.AddGeometry(ring([tuple(v) for v in trial_outer]))
        for k in range(1, poly.GetGeometryCount()):
            trial.AddGeometry(poly.GetGeometryRef(k).Clone())
        if trial.IsValid():
            outer = trial_outer
            poly = trial
            removed += 1
    return poly, removed


def _drop_near_duplicates(poly, keep_pts, step):
    """Drop ring vertices closer than `step` metres to the previous kept one
    (left over by the noding/overlay steps); keep_pts are never dropped."""
    K = np.array(keep_pts)
    out = ogr.Geometry(ogr.wkbPolygon)
    removed = 0
    for k in range(poly.GetGeometryCount()):
        xy = ring_xy(poly.GetGeometryRef(k))[:-1]
        kept = [xy[0]]
        for v in xy[1:]:
            protected = np.any(np.hypot(*(K - v).T) < 1e-6)
            if np.hypot(*(v - kept[-1])) < step and not protected:
                removed += 1
                continue
            kept.append(v)
        while len(kept) > 3 and np.hypot(*(kept[-1] - kept[0])) < step:
            kept.pop()
            removed += 1
        out.AddGeometry(ring([tuple(v) for v in kept]))
    if not out.IsValid():
        return poly, 0
    return out, removed


def build_domain(shore_segs):
    """Return (domain polygon in TMERC, info dict)."""
    info = {}
    sea_ll, nfaces = _sea_from_shoreline(shore_segs, (104.0, 113.0, 16.0, 24.0))
    info["gshhg_faces"] = nfaces
    sea = sea_ll.Clone()
    sea.Transform(TO_TM)
    info["raw_sea_rings"] = sea.GetGeometryCount()
    gp = point_ll_tm(*GULF_POINT_LL)

    r = OPENING_RADIUS_M
    opened = sea.Buffer(-r, 8).Buffer(r, 8)
    sea = _component_with(opened, gp)
    sea, ndrop = _drop_small_holes(sea, MIN_ISLAND_M2)
    info["islands_dropped_lt_1km2"] = ndrop
    sea = sea.SimplifyPreserveTopology(SIMPLIFY_TOL_M)
    sea = _component_with(sea, gp)

    # cut at the open boundaries
    lines = {ob["name"]: _line_tm(ob["a"], ob["b"], 2000.0) for ob in OPEN_BOUNDARIES}
    # small islands within MIN_RING_GAP_M of an open boundary would split
    # the straight segment (Con Co lies on the 2000 agreement's closing
    # line): they are dropped (filled with water)
    kept = ogr.Geometry(ogr.wkbPolygon)
    kept.AddGeometry(sea.GetGeometryRef(0).Clone())
    info["islands_dropped_on_open_boundary"] = []
    for k in range(1, sea.GetGeometryCount()):
        rk = sea.GetGeometryRef(k)
        rl = linestring(ring_xy(rk))
        pg = ogr.Geometry(ogr.wkbPolygon)
        pg.AddGeometry(rk.Clone())
        # (large islands such as Hainan carry an endpoint of a line: kept)
        if pg.GetArea() < 100e6 and any(rl.Distance(l) < MIN_RING_GAP_M
                                        for l in lines.values()):
            c = rl.Centroid()
            lon, lat = to_ll(c.GetX(), c.GetY())
            info["islands_dropped_on_open_boundary"].append(
                {"lon": round(lon, 4), "lat": round(lat, 4),
                 "area_km2": round(pg.GetArea() / 1e6, 2)})
        else:
            kept.AddGeometry(rk.Clone())
    dom = _cut(kept, lines.values(), gp)
    gxy = (gp.GetX(), gp.GetY())
    dom, merges = _close_gaps(dom, gxy, MIN_RING_GAP_M, BRIDGE_RADIUS_M)
    info["bridges"] = merges
    log("domain: %d land bridges closing gaps < %.0f m" % (len(merges), MIN_RING_GAP_M))
    # the open-boundary endpoints: outer-ring vertices on each line
    outer = ring_xy(dom.GetGeometryRef(0))[:-1]
    ends = {}
    for name, l in lines.items():
        on = [i for i in range(len(outer)) if _on_line(outer[i], l, 1e-3)]
        if len(on) != 2:
            raise RuntimeError("open boundary %s: %d ring vertices on the line (want 2)"
                               % (name, len(on)))
        ends[name] = [outer[on[0]].copy(), outer[on[1]].copy()]
    allends = [e for v in ends.values() for e in v]
    dom, nrem = _clear_endpoints(dom, allends, ENDPOINT_CLEAR_M)
    info["vertices_removed_near_endpoints"] = nrem
    dom, ndup = _drop_near_duplicates(dom, allends, MIN_VERTEX_STEP_M)
    info["near_duplicate_vertices_removed"] = ndup
    if not dom.IsValid():
        raise RuntimeError("domain polygon invalid")
    info["open_boundaries"] = ends
    info["vertices"] = n_vertices(dom)
    return dom, info


# The water whose quality is assessed: the Beibu Gulf and the Qiongzhou Strait to its
# eastern end, the meridian 110.45E between the Hainan and Leizhou coasts (the domain's
# open boundary until the east boundary moved onto the shelf). East of it the domain
# carries the tide only: no loads are entered there (Zhanjiang, the Leizhou east coast).
ASSESSED_EAST_LIMIT = {"a": (110.45, 19.95), "b": (110.45, 20.45)}


def build_assessed_area(dom):
    """The part of the domain (TMERC polygon) west of ASSESSED_EAST_LIMIT that holds the
    gulf point: the domain cut by that line, as in build_domain."""
    line = _line_tm(ASSESSED_EAST_LIMIT["a"], ASSESSED_EAST_LIMIT["b"], 2000.0)
    return _cut(dom, [line], point_ll_tm(*GULF_POINT_LL))
