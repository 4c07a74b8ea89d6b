"""Rivers (mouth points and GSHHG river lines), marine functional zones and
monitoring stations.  Positions are hand-placed approximations (documented in
data/beibu/PROVENANCE.md); this module only checks them against the domain,
nudging a point to the nearest position at least `dmin` metres from the
coast when the nominal position is too close to (or on) land."""
import numpy as np

from .common import (clean_polygonal, linestring, log, multipolygon, point,
                     point_ll_tm, polygon, polygon_ll_tm, ring_xy, to_ll, to_tm)

# ---------------------------------------------------------------- rivers
# Discharges: annual mean Q from the cited source; the wet/dry split is
# derived from the share of annual runoff falling in the wet months
# (wet_share): Q_wet = Q * wet_share * 12 / n_wet, Q_dry = Q * (1 -
# wet_share) * 12 / (12 - n_wet).  All figures are approximate.
RIVERS = [
    {
        "id": "red_river", "name": "Red River (Song Hong), Ba Lat mouth", "name_zh": "红河",
        "jurisdiction": "VN", "country": "VN", "mouth": (106.57, 20.265),
        "q_mean": 3800.0, "wet_months": "5-10", "wet_share": 0.75, "uncertainty_pct": 30,
        "represents": ("the whole Red River (Hong-Thai Binh) system lumped at its main "
                       "mouth (Ba Lat, 20d14'43\"N 106d35'20\"E); the delta also discharges "
                       "through Tra Ly, Lach Giang, Day and the Thai Binh branches"),
        "discharge_source": ("Luu T.N.M., Garnier J., Billen G. et al. (2010), Hydrological "
                             "regime and water budget of the Red River Delta (Northern "
                             "Vietnam), J. Asian Earth Sciences 37:219-228: total delivery "
                             "to the sea ~140 km3 (wet year 1996) and ~100 km3 (dry year "
                             "2006), i.e. 3200-4400 m3/s; ~3800 m3/s (120 km3/yr) taken as "
                             "mean. Wet season May-Oct carries ~75% of the flow. "
                             "Approximate, +/-30%."),
    },
    {
        "id": "nanliu", "name": "Nanliu River", "name_zh": "南流江",
        "jurisdiction": "CN.GX", "country": "CN", "mouth": (109.04, 21.60),
        "q_mean": 180.0, "wet_months": "4-9", "wet_share": 0.78, "uncertainty_pct": 30,
        "represents": "all Nanliu delta distributaries into Lianzhou Bay (Beihai)",
        "discharge_source": ("Mean annual runoff ~5.7e9 m3/yr (~180 m3/s) at the sea, as "
                             "quoted in Chinese compilations of Guangxi coastal rivers "
                             "(largest Guangxi river draining directly to the Beibu Gulf; "
                             "basin ~9,500 km2); not verified against the Guangxi Water "
                             "Resources Bulletin. Wet season Apr-Sep ~78% of runoff. "
                             "Approximate, +/-30%."),
    },
    {
        "id": "qin", "name": "Qin River", "name_zh": "钦江",
        "jurisdiction": "CN.GX", "country": "CN", "mouth": (108.585, 21.865),
        "q_mean": 64.4, "wet_months": "4-9", "wet_share": 0.78, "uncertainty_pct": 20,
        "represents": "Qin River (east and west branches) into the head of the Maowei Sea",
        "discharge_source": ("Qinzhou municipal description of its rivers (after the Qinzhou "
                             "city gazetteer): Qin River, length 179 km, basin 2,457 km2, "
                             "mean annual discharge 64.37 m3/s (2.03e9 m3/yr), entering the "
                             "Maowei Sea at Litouzui/Shajing. Wet season Apr-Sep ~78% of "
                             "runoff. Approximate, +/-20%."),
    },
    {
        "id": "maoling", "name": "Maoling River", "name_zh": "茅岭江",
        "jurisdiction": "CN.GX", "country": "CN", "mouth": (108.50, 21.83),
        "q_mean": 90.0, "wet_months": "4-9", "wet_share": 0.78, "uncertainty_pct": 40,
        "represents": "Maoling River into the north-west of the Maowei Sea (at Maoling)",
        "discharge_source": ("Basin 2,959 km2, length 112 km (Qinzhou municipal description "
                             "of its rivers); mean discharge estimated as basin area x "
                             "runoff depth ~950 mm/yr (Qin River: 826 mm/yr; the Maoling "
                             "basin is wetter, closer to the Shiwandashan) = ~90 m3/s. "
                             "Estimate, +/-40%."),
    },
    {
        "id": "fangcheng", "name": "Fangcheng River", "name_zh": "防城江",
        "jurisdiction": "CN.GX", "country": "CN", "mouth": (108.335, 21.69),
        "q_mean": 45.0, "wet_months": "4-9", "wet_share": 0.80, "uncertainty_pct": 40,
        "represents": "Fangcheng River into the western arm of Fangcheng Bay",
        "discharge_source": ("Estimate: basin ~750 km2 x runoff depth ~1,900 mm/yr (the "
                             "Fangchenggang area receives 2,500-3,000 mm/yr of rain) = "
                             "~45 m3/s. Estimate, +/-40%."),
    },
    {
        "id": "beilun", "name": "Beilun River (Ka Long)", "name_zh": "北仑河",
        "jurisdiction": "CN.GX|VN", "country": "CN|VN", "mouth": (108.098, 21.468),
        "q_mean": 65.0, "wet_months": "4-9", "wet_share": 0.80, "uncertainty_pct": 40,
        "represents": ("border river between Dongxing (CN) and Mong Cai (VN); mouth at the "
                       "first point of the 2000 delimitation line, west of Pearl Bay"),
        "discharge_source": ("Estimate: basin ~1,190 km2 (CN+VN) x runoff depth "
                             "~1,700 mm/yr (Dongxing, one of the wettest places in China, "
                             "~2,800 mm/yr of rain) = ~65 m3/s. Estimate, +/-40%."),
    },
    {
        "id": "jiuzhou", "name": "Jiuzhou River", "name_zh": "九洲江",
        "jurisdiction": "CN.GD", "country": "CN", "mouth": (109.905, 21.455),
        "q_mean": 70.0, "wet_months": "4-9", "wet_share": 0.78, "uncertainty_pct": 50,
        "represents": ("Jiuzhou River: rises in Guangxi (Luchuan/Bobai), flows through "
                       "Hedi reservoir and Lianjiang (Guangdong) and enters Anpu Bay "
                       "(Anpu town, Lianjiang) - a cross-provincial GX->GD river; the "
                       "mouth position at the head of Anpu Bay is approximate (GSHHG "
                       "level-3 river line ends there)"),
        "discharge_source": ("Estimate: basin ~3,300 km2 x runoff depth ~900 mm/yr minus "
                             "diversions from Hedi reservoir to the Leizhou Qingnian canal "
                             "= ~70 m3/s reaching the sea. Estimate, +/-50%."),
    },
    {
        "id": "changhua", "name": "Changhua River", "name_zh": "昌化江",
        "jurisdiction": "CN.HI", "country": "CN", "mouth": (108.625, 19.305),
        "q_mean": 120.0, "wet_months": "5-10", "wet_share": 0.80, "uncertainty_pct": 40,
        "represents": ("Changhua River (Hainan's second river, 232 km, basin 5,150 km2) "
                       "into the Beibu Gulf at Changhua port (Changjiang/Dongfang)"),
        "discharge_source": ("Basin 5,150 km2 and length 232 km (Hainan river description, "
                             "after the Changjiang county gazetteer); mean runoff ~3.8e9 "
                             "m3/yr (~120 m3/s) as commonly quoted for Hainan's second "
                             "largest river, reduced by the Daguangba reservoir; not "
                             "verified. Wet season May-Oct ~80%. Approximate, +/-40%."),
    },
]


def _wet_dry(r):
    a, b = (int(x) for x in r["wet_months"].split("-"))
    n = b - a + 1
    q = r["q_mean"]
    return q * r["wet_share"] * 12.0 / n, q * (1.0 - r["wet_share"]) * 12.0 / (12 - n)


# --------------------------------------------------------------- zones
# (id, name, name_zh, type, target_class, jurisdiction, rationale, outline)
# outlines in lon/lat; "islands:" outlines are built from domain holes.
ZONES = [
    ("GX-R01", "Shankou mangrove reserve (Dandou Sea / Yingluo Bay)", "山口红树林保护区",
     "reserve", 1, "CN.GX",
     "National mangrove nature reserve (1990) on the Shankou peninsula, Hepu; nature "
     "reserves take GB 3097 Class I.",
     [(109.62, 21.62), (109.74, 21.62), (109.79, 21.50), (109.76, 21.44), (109.62, 21.46)]),
    ("GX-R02", "Hepu dugong national nature reserve", "合浦儒艮国家级自然保护区",
     "reserve", 1, "CN.GX",
     "National reserve (1992) for dugong and seagrass beds off Shatian-Shankou; Class I.",
     [(109.50, 21.46), (109.76, 21.44), (109.80, 21.30), (109.50, 21.30)]),
    ("GX-R03", "Weizhou-Xieyang islands coral reefs", "涠洲岛—斜阳岛珊瑚礁",
     "reserve", 1, "CN.GX",
     "Coral reef marine protected area around Weizhou and Xieyang islands; Class I "
     "(here: water within 3 km of the islands).",
     "islands:109.11,21.04;109.21,20.91"),
    ("GX-R04", "Beilun estuary mangrove national nature reserve", "北仑河口红树林国家级自然保护区",
     "reserve", 1, "CN.GX",
     "National mangrove reserve at the Beilun estuary and the west shore of Pearl Bay "
     "(Dongxing); Class I.  Chinese side of the delimitation line only.",
     [(108.02, 21.58), (108.15, 21.58), (108.15, 21.43), (108.02, 21.43)]),
    ("GX-P01", "Qinzhou port (Jingu / Dalanping)", "钦州港",
     "port", 4, "CN.GX",
     "Deep-water port and petrochemical zone on the east side of Qinzhou Bay; port "
     "waters take Class III-IV, here IV for the harbour basin.",
     [(108.585, 21.735), (108.66, 21.73), (108.70, 21.62), (108.64, 21.58),
      (108.58, 21.62)]),
    ("GX-P02", "Fangchenggang port (Yuwan)", "防城港",
     "port", 4, "CN.GX",
     "Fangchenggang port basin around Yuwan island in Fangcheng Bay; Class IV.",
     [(108.34, 21.65), (108.40, 21.66), (108.43, 21.58), (108.36, 21.55)]),
    ("GX-P03", "Tieshan port", "铁山港",
     "port", 3, "CN.GX",
     "Tieshan Bay port and industrial zone (Beihai); Class III.",
     [(109.47, 21.80), (109.62, 21.80), (109.62, 21.62), (109.60, 21.47),
      (109.49, 21.49)]),
    ("GX-P04", "Beihai port (Shibuling / Beihai harbour)", "北海港",
     "port", 3, "CN.GX",
     "Beihai harbour on the south shore of Lianzhou Bay; Class III.",
     [(109.02, 21.53), (109.15, 21.53), (109.15, 21.48), (109.02, 21.48)]),
    ("GX-A01", "Maowei Sea oyster aquaculture", "茅尾海",
     "aquaculture", 2, "CN.GX",
     "Semi-enclosed estuarine bay receiving the Qin and Maoling rivers; China's main "
     "oyster seed area; Class II target.",
     [(108.40, 21.98), (108.72, 21.98), (108.72, 21.735), (108.40, 21.735)]),
    ("GX-A02", "Outer Qinzhou Bay aquaculture and recreation", "钦州湾外湾",
     "aquaculture", 2, "CN.GX",
     "Outer Qinzhou Bay (Sanniang Bay dolphins, mariculture, beaches); Class II.",
     [(108.45, 21.735), (108.85, 21.735), (108.85, 21.50), (108.45, 21.50)]),
    ("GX-A03", "Lianzhou Bay", "廉州湾",
     "aquaculture", 2, "CN.GX",
     "Shallow bay fed by the Nanliu delta, aquaculture and shellfish; Class II.",
     [(108.92, 21.72), (109.20, 21.72), (109.20, 21.53), (108.92, 21.48)]),
    ("GX-A04", "Beihai Silver Beach recreation", "北海银滩",
     "recreation", 2, "CN.GX",
     "Bathing beach and tourism coast south of Beihai; Class II.",
     [(109.10, 21.42), (109.32, 21.44), (109.32, 21.34), (109.10, 21.34)]),
    ("GX-A05", "Fangcheng Bay and Pearl Bay aquaculture", "防城湾—珍珠湾",
     "aquaculture", 2, "CN.GX",
     "Mariculture in Pearl Bay (Zhenzhu Gang) and the western arm of Fangcheng Bay; "
     "Class II.",
     [(108.12, 21.63), (108.30, 21.76), (108.37, 21.76), (108.37, 21.62),
      (108.33, 21.55), (108.25, 21.50), (108.12, 21.50)]),
    ("GD-A01", "Anpu Bay", "安铺港",
     "aquaculture", 2, "CN.GD",
     "Anpu Bay (Lianjiang, Guangdong) at the mouth of the Jiuzhou River; mariculture, "
     "Class II.",
     [(109.79, 21.52), (110.00, 21.52), (110.00, 21.32), (109.79, 21.32)]),
    ("HI-P01", "Yangpu port", "洋浦港",
     "industrial", 4, "CN.HI",
     "Yangpu economic development zone and port (Danzhou); Class IV.",
     [(109.08, 19.80), (109.24, 19.80), (109.24, 19.66), (109.08, 19.66)]),
    ("HI-A01", "Changhua River estuary", "昌化江口",
     "aquaculture", 2, "CN.HI",
     "Estuary and coastal fishing grounds off Changhua port; Class II.",
     [(108.52, 19.40), (108.70, 19.40), (108.70, 19.20), (108.52, 19.20)]),
    ("VN-C01", "Ha Long Bay - Hai Phong coastal waters (for comparison)", "下龙湾—海防沿海",
     "recreation", 2, "VN",
     "Not a GB 3097 zone, for comparison: Ha Long Bay (UNESCO site), Cat Ba and Hai "
     "Phong coast; Class II applied by analogy.",
     [(106.75, 21.10), (107.45, 21.10), (107.45, 20.60), (106.75, 20.60)]),
]

# ------------------------------------------------------------- stations
# (id, name, name_zh, type, jurisdiction, lon, lat)
STATIONS = [
    ("GX01", "Maowei Sea centre", "茅尾海中部", "coastal", "CN.GX", 108.55, 21.81),
    ("GX02", "Qinzhou Bay (outer)", "钦州湾外湾", "coastal", "CN.GX", 108.62, 21.55),
    ("GX03", "Lianzhou Bay centre", "廉州湾中部", "coastal", "CN.GX", 109.06, 21.55),
    ("GX04", "Tieshan Bay", "铁山港湾", "coastal", "CN.GX", 109.56, 21.52),
    ("GX05", "Fangcheng Bay", "防城湾", "coastal", "CN.GX", 108.37, 21.55),
    ("GX06", "Pearl Bay (Zhenzhu Gang)", "珍珠湾", "coastal", "CN.GX", 108.18, 21.56),
    ("GX07", "Weizhou island north", "涠洲岛北", "offshore", "CN.GX", 109.10, 21.12),
    ("GX08", "Beihai Silver Beach offshore", "北海银滩外", "coastal", "CN.GX", 109.20, 21.36),
    ("GX09", "Qin River mouth", "钦江口", "estuary", "CN.GX", 108.58, 21.85),
    ("GX10", "Nanliu River mouth", "南流江口", "estuary", "CN.GX", 109.04, 21.575),
    ("GX11", "Beilun River mouth", "北仑河口", "estuary", "CN.GX", 108.11, 21.44),
    ("GD01", "Anpu Bay", "安铺港", "coastal", "CN.GD", 109.85, 21.40),
    ("GD02", "Leizhou peninsula west coast", "雷州半岛西岸", "coastal", "CN.GD", 109.80, 20.80),
    ("HI01", "Changhua River mouth", "昌化江口", "estuary", "CN.HI", 108.60, 19.31),
    ("HI02", "Yangpu offshore", "洋浦外", "coastal", "CN.HI", 109.05, 19.78),
    ("HI03", "Qiongzhou Strait west", "琼州海峡西口", "boundary", "CN.HI", 109.90, 20.20),
    ("BD01", "Qiongzhou Strait east", "琼州海峡东口", "boundary", "CN.GD", 110.42, 20.20),
    ("BD02", "Gulf mouth (south open boundary), centre", "湾口南开边界中部", "boundary", "VN",
     107.90, 17.80),
    ("BD03", "Gulf mouth near Yinggehai", "莺歌海湾口", "boundary", "CN.HI", 108.50, 18.40),
    ("BD04", "East open boundary, shelf off Zhanjiang", "湛江外海东开边界", "boundary", "CN.GD",
     111.60, 20.90),
    ("OF01", "Gulf centre", "北部湾中部", "offshore", "CN.HI", 107.80, 19.80),
    ("OF02", "Northern gulf offshore", "北部湾北部", "offshore", "CN.GX", 108.60, 20.80),
    ("VN01", "Red River (Ba Lat) mouth", "红河口", "estuary", "VN", 106.59, 20.25),
    ("VN02", "Ha Long Bay", "下龙湾", "coastal", "VN", 107.10, 20.85),
    ("VN03", "Bach Long Vi offshore", "白龙尾岛外", "offshore", "VN", 107.60, 20.10),
]


class Placer:
    """Checks (and if needed nudges) points to lie inside the domain at least
    dmin metres from its boundary."""

    def __init__(self, domain):
        self.domain = domain
        self.boundary = domain.Boundary()
        self._eroded = {}

    def eroded(self, dmin):
        if dmin not in self._eroded:
            self._eroded[dmin] = self.domain.Buffer(-dmin, 8)
        return self._eroded[dmin]

    def place(self, lon, lat, dmin, search_m=6000.0, step=100.0):
        p = point_ll_tm(lon, lat)
        x0, y0 = p.GetX(), p.GetY()
        er = self.eroded(dmin)
        box = polygon([(x0 - search_m, y0 - search_m), (x0 + search_m, y0 - search_m),
                       (x0 + search_m, y0 + search_m), (x0 - search_m, y0 + search_m)])
        local = er.Intersection(box)
        if local.Contains(p):
            return p, 0.0
        best = None
        n = int(search_m / step)
        for i in range(-n, n + 1):
            for j in range(-n, n + 1):
                d = np.hypot(i, j) * step
                if d > search_m or (best is not None and d >= best[0]):
                    continue
                q = point(x0 + i * step, y0 + j * step)
                if local.Contains(q):
                    best = (d, q)
        if best is None:
            raise RuntimeError("no water >= %g m from the coast within %g m of %.4f %.4f"
                               % (dmin, search_m, lon, lat))
        return best[1], best[0]


def _ll(p):
    lon, lat = to_ll(p.GetX(), p.GetY())
    return round(lon, 5), round(lat, 5)


def build_rivers(placer):
    out = []
    for r in RIVERS:
        p, moved = placer.place(r["mouth"][0], r["mouth"][1], 500.0)
        if moved > 0:
            log("river %s moved %.0f m into water" % (r["id"], moved))
        qw, qd = _wet_dry(r)
        props = {"id": r["id"], "name": r["name"], "name_zh": r["name_zh"],
                 "jurisdiction": r["jurisdiction"], "country": r["country"],
                 "discharge_mean_m3s": r["q_mean"],
                 "discharge_wet_m3s": round(qw, 1), "discharge_dry_m3s": round(qd, 1),
                 "wet_months": r["wet_months"],
                 "discharge_uncertainty_pct": r["uncertainty_pct"],
                 "discharge_source": r["discharge_source"],
                 "represents": r["represents"],
                 "distance_to_coast_m": round(placer.boundary.Distance(p), 0)}
        out.append((props, p))
    return out


def build_river_lines(segs, domain_env_ll=(105.0, 111.0, 16.5, 23.0), tol=200.0):
    """GSHHG river lines (levels as given by gmt coast -I) in TMERC, simplified."""
    names = {0: "double-lined river (river-lake)", 1: "permanent major river",
             2: "additional major river", 3: "additional river", 4: "minor river"}
    out = []
    for k, (head, xy) in enumerate(segs):
        if len(xy) < 2:
            continue
        lev = int(head.split()[-1]) if head and head.split()[-1].isdigit() else None
        l = linestring([to_tm(lo, la) for lo, la in xy]).SimplifyPreserveTopology(tol)
        if l.Length() < 1000.0:
            continue
        props = {"gshhg_level": lev, "gshhg_class": names.get(lev, "river"),
                 "length_km": round(l.Length() / 1000.0, 1)}
        out.append((props, l))
    return out


def _islands_zone(domain, spec, width=3000.0):
    pts = [tuple(map(float, s.split(","))) for s in spec.split(":", 1)[1].split(";")]
    holes = []
    for k in range(1, domain.GetGeometryCount()):
        h = polygon([tuple(v) for v in ring_xy(domain.GetGeometryRef(k))])
        if any(h.Contains(point_ll_tm(lo, la)) for lo, la in pts):
            holes.append(h)
    if len(holes) != len(pts):
        raise RuntimeError("zone %s: found %d of %d islands" % (spec, len(holes), len(pts)))
    return multipolygon(holes).UnionCascaded().Buffer(width, 8)


def build_zones(domain, vn_water):
    """Zones clipped to the domain; Chinese zones also to the Chinese side of
    the delimitation line (vn_water is the VN sea area); earlier zones take
    precedence (reserves, then ports, then the rest) so zones never overlap."""
    order = {"reserve": 0, "port": 1, "industrial": 1, "aquaculture": 2, "recreation": 2}
    zs = sorted(ZONES, key=lambda z: (order[z[3]], ZONES.index(z)))
    taken = None
    built = {}
    for zid, name, name_zh, typ, cls, jur, why, outline in zs:
        if isinstance(outline, str):
            g = _islands_zone(domain, outline)
        else:
            g = polygon_ll_tm(outline)
        g = g.Intersection(domain)
        if jur.startswith("CN"):
            g = g.Difference(vn_water)
        elif jur == "VN":
            g = g.Intersection(vn_water)
        if taken is not None:
            g = g.Difference(taken)
        g = clean_polygonal(g, 0.05e6)
        if g is None or g.GetArea() < 1e6:
            raise RuntimeError("zone %s is (nearly) empty" % zid)
        if not g.IsValid():
            g = clean_polygonal(g.MakeValid(), 0.05e6)
        taken = g.Clone() if taken is None else taken.Union(g)
        note = ("not a GB 3097 zone, for comparison" if jur == "VN" else
                "approximate outline, not the official zoning plan")
        built[zid] = ({"id": zid, "name": name, "name_zh": name_zh, "type": typ,
                       "target_class": cls, "jurisdiction": jur, "rationale": why,
                       "note": note, "area_km2": round(g.GetArea() / 1e6, 1)}, g)
    return [built[z[0]] for z in ZONES]


def build_stations(placer):
    out = []
    for sid, name, name_zh, typ, jur, lon, lat in STATIONS:
        p, moved = placer.place(lon, lat, 1000.0)
        if moved > 0:
            log("station %s moved %.0f m into water" % (sid, moved))
        out.append(({"id": sid, "name": name, "name_zh": name_zh, "type": typ,
                     "jurisdiction": jur,
                     "distance_to_coast_m": round(placer.boundary.Distance(p), 0)}, p))
    return out
