#include "ugrid_io.hpp"

#include <cmath>
#include <ctime>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/numbers.hpp"
#include "ingest/nc_var.hpp"
#include "ingest/netcdf_file.hpp"
#include "ingest/projection.hpp"

namespace beibu {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
  return s;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string utc_now() {
  char buf[32];
  std::time_t t = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

void face_attr(NcFile& nc, const std::string& var, const std::string& long_name, const std::string& units) {
  nc.put_att(var, "long_name", long_name);
  if (!units.empty()) nc.put_att(var, "units", units);
  put_face_attributes(nc, var);
}

}  // namespace

void put_face_attributes(NcFile& nc, const std::string& var) {
  nc.put_att(var, "mesh", "mesh");
  nc.put_att(var, "location", "face");
  nc.put_att(var, "coordinates", "mesh_face_lon mesh_face_lat");
  nc.put_att(var, "grid_mapping", "crs");
}

void define_ugrid(NcFile& nc, const Mesh& m) {
  nc.def_dim("nMesh_node", m.n_nodes());
  nc.def_dim("nMesh_face", m.n_faces());
  nc.def_dim("nMesh_edge", m.n_edges());
  nc.def_dim("Two", 2);
  nc.def_dim("nMaxMesh_face_nodes", 3);

  nc.def_var("mesh", NC_INT, {});
  nc.put_att("mesh", "cf_role", "mesh_topology");
  nc.put_att("mesh", "long_name", "Topology of the Beibu Gulf triangular mesh");
  nc.put_att_int("mesh", "topology_dimension", 2);
  nc.put_att("mesh", "node_coordinates", "mesh_node_lon mesh_node_lat");
  nc.put_att("mesh", "face_node_connectivity", "mesh_face_nodes");
  nc.put_att("mesh", "face_dimension", "nMesh_face");
  nc.put_att("mesh", "edge_node_connectivity", "mesh_edge_nodes");
  nc.put_att("mesh", "edge_dimension", "nMesh_edge");
  nc.put_att("mesh", "edge_face_connectivity", "mesh_edge_faces");
  nc.put_att("mesh", "face_edge_connectivity", "mesh_face_edges");
  nc.put_att("mesh", "face_coordinates", "mesh_face_lon mesh_face_lat");

  // Data on faces and nodes have lon/lat coordinates (crs, EPSG:4326); only the
  // projected x/y coordinates refer to the model projection (crs_model).
  define_wgs84_grid_mapping(nc, "crs");
  define_model_grid_mapping(nc, "crs_model");

  struct Coord {
    const char *name, *dim, *std_name, *units, *long_name;
  };
  const Coord coords[] = {
      {"mesh_node_lon", "nMesh_node", "longitude", "degrees_east", "longitude of mesh nodes"},
      {"mesh_node_lat", "nMesh_node", "latitude", "degrees_north", "latitude of mesh nodes"},
      {"mesh_node_x", "nMesh_node", "projection_x_coordinate", "m", "x of mesh nodes (model projection)"},
      {"mesh_node_y", "nMesh_node", "projection_y_coordinate", "m", "y of mesh nodes (model projection)"},
      {"mesh_face_lon", "nMesh_face", "longitude", "degrees_east", "longitude of face centroids"},
      {"mesh_face_lat", "nMesh_face", "latitude", "degrees_north", "latitude of face centroids"},
      {"mesh_face_x", "nMesh_face", "projection_x_coordinate", "m", "x of face centroids (model projection)"},
      {"mesh_face_y", "nMesh_face", "projection_y_coordinate", "m", "y of face centroids (model projection)"},
  };
  for (const auto& c : coords) {
    nc.def_var(c.name, NC_DOUBLE, {c.dim}, 4);
    nc.put_att(c.name, "standard_name", c.std_name);
    nc.put_att(c.name, "units", c.units);
    nc.put_att(c.name, "long_name", c.long_name);
    nc.put_att(c.name, "grid_mapping", std::string(c.units) == "m" ? "crs_model" : "crs");
  }

  struct Conn {
    const char *name, *dim, *second, *role;
    bool fill;
  };
  const Conn conns[] = {
      {"mesh_face_nodes", "nMesh_face", "nMaxMesh_face_nodes", "face_node_connectivity", false},
      {"mesh_edge_nodes", "nMesh_edge", "Two", "edge_node_connectivity", false},
      {"mesh_edge_faces", "nMesh_edge", "Two", "edge_face_connectivity", true},
      {"mesh_face_edges", "nMesh_face", "nMaxMesh_face_nodes", "face_edge_connectivity", false},
  };
  for (const auto& c : conns) {
    nc.def_var(c.name, NC_INT, {c.dim, c.second}, 4);
    nc.put_att(c.name, "cf_role", c.role);
    nc.put_att_int(c.name, "start_index", 0);
    if (c.fill) nc.put_att_int(c.name, "_FillValue", -1);
  }

  nc.def_var("mesh_edge_type", NC_INT, {"nMesh_edge"}, 4);
  nc.put_att("mesh_edge_type", "long_name", "edge type: interior, land boundary or named open boundary");
  nc.put_att("mesh_edge_type", "mesh", "mesh");
  nc.put_att("mesh_edge_type", "location", "edge");
  std::vector<int> flags{kInteriorEdge, kLandEdge};
  std::vector<std::string> meanings{"interior", "land"};
  for (std::size_t k = 0; k < m.open_boundary_names.size(); ++k) {
    flags.push_back(kOpenEdgeBase + static_cast<int>(k));
    meanings.push_back("open_" + m.open_boundary_names[k]);
  }
  nc.put_att("mesh_edge_type", "flag_values", flags);
  nc.put_att("mesh_edge_type", "flag_meanings", join(meanings));

  nc.def_var("depth", NC_DOUBLE, {"nMesh_face"}, 4);
  nc.put_att("depth", "standard_name", "sea_floor_depth_below_mean_sea_level");
  face_attr(nc, "depth", "water depth below mean sea level", "m");
  nc.put_att("depth", "positive", "down");
  nc.def_var("cell_area", NC_DOUBLE, {"nMesh_face"}, 4);
  nc.put_att("cell_area", "standard_name", "cell_area");
  face_attr(nc, "cell_area", "face area in the model projection", "m2");

  auto flag_var = [&](const char* name, const char* long_name, const std::vector<std::string>& table) {
    nc.def_var(name, NC_INT, {"nMesh_face"}, 4);
    face_attr(nc, name, long_name, "");
    nc.put_att_int(name, "_FillValue", -1);
    std::vector<int> v;
    for (std::size_t i = 0; i < table.size(); ++i) v.push_back(static_cast<int>(i));
    if (!table.empty()) {
      nc.put_att(name, "flag_values", v);
      nc.put_att(name, "flag_meanings", join(table));
    }
  };
  flag_var("jurisdiction", "jurisdiction the sea area is attributed to", m.jurisdiction_codes);
  flag_var("zone", "marine functional zone (index into flag_meanings)", m.zone_ids);
  flag_var("not_assessed",
           "water carried for the hydrodynamics only, whose quality is not assessed (index into flag_meanings)",
           m.not_assessed_names);
}

void write_ugrid_data(NcFile& nc, const Mesh& m) {
  nc.put("mesh_node_lon", m.lon);
  nc.put("mesh_node_lat", m.lat);
  nc.put("mesh_node_x", m.x);
  nc.put("mesh_node_y", m.y);
  std::vector<double> flon(m.n_faces()), flat(m.n_faces()), fx(m.n_faces()), fy(m.n_faces()), area(m.n_faces());
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    m.face_centroid(f, fx[f], fy[f]);
    const int a = m.tri[3 * f], b = m.tri[3 * f + 1], c = m.tri[3 * f + 2];
    flon[f] = (m.lon[a] + m.lon[b] + m.lon[c]) / 3.0;
    flat[f] = (m.lat[a] + m.lat[b] + m.lat[c]) / 3.0;
    area[f] = m.face_area(f);
  }
  nc.put("mesh_face_lon", flon);
  nc.put("mesh_face_lat", flat);
  nc.put("mesh_face_x", fx);
  nc.put("mesh_face_y", fy);
  nc.put("mesh_face_nodes", m.tri);
  nc.put("mesh_edge_nodes", m.edge_node);
  nc.put("mesh_edge_faces", m.edge_face);
  nc.put("mesh_face_edges", m.face_edge);
  nc.put("mesh_edge_type", m.edge_tag);
  nc.put("depth", m.depth);
  nc.put("cell_area", area);
  nc.put("jurisdiction", m.jurisdiction.empty() ? std::vector<int>(m.n_faces(), -1) : m.jurisdiction);
  nc.put("zone", m.zone.empty() ? std::vector<int>(m.n_faces(), -1) : m.zone);
  nc.put("not_assessed", m.not_assessed.empty() ? std::vector<int>(m.n_faces(), -1) : m.not_assessed);
}

void write_ugrid(const Mesh& m, const std::string& path, const std::string& title) {
  AtomicOutput out(path);
  {
    NcFile nc = NcFile::create(out.temp_path().string());
    nc.put_att("", "Conventions", "CF-1.8 UGRID-1.0");
    nc.put_att("", "title", title);
    nc.put_att("", "institution", "beibu");
    nc.put_att("", "source", "beibu mesh (gmsh triangulation of the GSHHG coastline)");
    nc.put_att("", "history", utc_now() + " created by beibu mesh");
    define_ugrid(nc, m);
    nc.enddef();
    write_ugrid_data(nc, m);
    nc.close();
  }
  out.commit();
}

namespace {

// Whole numbers in [lo, hi] through the checked reader (dimensions by name, fill values
// refused, or read as `missing` where `missing_allowed`), less the variable's
// start_index (UGRID: 0 or 1) for connectivity.
std::vector<int> read_indices(const NcFile& nc, const std::string& path, const NcVarSpec& spec, long lo, long hi,
                              bool connectivity, int missing = -1) {
  const NcVar v(nc, spec);
  long base = 0;
  if (connectivity && nc.has_att(spec.name, "start_index")) {
    const auto si = nc.att_doubles(spec.name, "start_index");
    if (si.size() != 1 || (si[0] != 0 && si[0] != 1))
      throw InputError(path, "variable '" + spec.name + "'", "start_index must be 0 or 1");
    base = static_cast<long>(si[0]);
  }
  std::vector<int> out;
  const std::vector<double> raw = v.read();
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (std::isnan(raw[i])) {
      out.push_back(missing);
      continue;
    }
    const double x = raw[i] - static_cast<double>(base);
    if (x != std::floor(x) || x < static_cast<double>(lo) || x > static_cast<double>(hi))
      throw InputError(path, "variable '" + spec.name + "'",
                       "value " + number_text(raw[i]) + " at index " + std::to_string(i) +
                           " is not a whole number in [" + std::to_string(lo + base) + ", " +
                           std::to_string(hi + base) + "]");
    out.push_back(static_cast<int>(x));
  }
  return out;
}

std::vector<double> read_values(const NcFile& nc, const std::string& var, const char* dim) {
  return NcVar(nc, NcVarSpec{var, {dim}, ""}).read();
}

}  // namespace

Mesh read_ugrid(const std::string& path) {
  NcFile nc = NcFile::open(path);
  if (!nc.has_var("mesh") || nc.att_text("mesh", "cf_role") != "mesh_topology")
    throw InputError(path, "variable 'mesh'",
                     "missing: not a UGRID mesh file (no variable with cf_role=mesh_topology)");
  Mesh m;
  m.lon = read_values(nc, "mesh_node_lon", "nMesh_node");
  m.lat = read_values(nc, "mesh_node_lat", "nMesh_node");
  for (std::size_t i = 0; i < m.lon.size(); ++i)
    if (std::abs(m.lat[i]) > 90 || m.lon[i] < -180 || m.lon[i] > 360)
      throw InputError(path, "variables 'mesh_node_lon', 'mesh_node_lat'",
                       "node " + std::to_string(i) + " at " + number_text(m.lon[i]) + ", " + number_text(m.lat[i]) +
                           " is not a longitude and latitude");
  if (nc.has_var("mesh_node_x")) {
    m.x = read_values(nc, "mesh_node_x", "nMesh_node");
    m.y = read_values(nc, "mesh_node_y", "nMesh_node");
  } else {
    m.x = m.lon;
    m.y = m.lat;
    Projection().forward(m.x, m.y);
  }
  const long nn = static_cast<long>(m.x.size());
  m.tri = read_indices(nc, path, {"mesh_face_nodes", {"nMesh_face", "nMaxMesh_face_nodes"}, ""}, 0, nn - 1, true);
  const std::size_t nf = m.tri.size() / 3;
  if (m.tri.size() != 3 * nf || nc.dim_len("nMaxMesh_face_nodes") != 3)
    throw InputError(path, "variable 'mesh_face_nodes'", "faces must be triangles (nMaxMesh_face_nodes = 3)");
  m.depth = read_values(nc, "depth", "nMesh_face");
  for (std::size_t f = 0; f < nf; ++f)
    if (!(m.depth[f] > 0))
      throw InputError(path, "variable 'depth'", "face " + std::to_string(f) + " has a non-positive depth");
  m.jurisdiction_codes = split(nc.att_text("jurisdiction", "flag_meanings"));
  m.zone_ids = split(nc.att_text("zone", "flag_meanings"));
  if (nc.has_var("not_assessed")) m.not_assessed_names = split(nc.att_text("not_assessed", "flag_meanings"));
  auto flags = [&](const char* var, const std::vector<std::string>& table) {
    if (!nc.has_var(var)) return std::vector<int>(nf, -1);
    return read_indices(nc, path, {var, {"nMesh_face"}, "", true}, 0, static_cast<long>(table.size()) - 1, false);
  };
  m.jurisdiction = flags("jurisdiction", m.jurisdiction_codes);
  m.zone = flags("zone", m.zone_ids);
  m.not_assessed = flags("not_assessed", m.not_assessed_names);  // absent in older files: all assessed
  for (const auto& meaning : split(nc.att_text("mesh_edge_type", "flag_meanings")))
    if (meaning.rfind("open_", 0) == 0) m.open_boundary_names.push_back(meaning.substr(5));

  // Boundary tags: rebuild edges in our canonical order, then take each
  // boundary edge's type from the file's edge list.
  const auto edge_nodes = read_indices(nc, path, {"mesh_edge_nodes", {"nMesh_edge", "Two"}, ""}, 0, nn - 1, true);
  const auto edge_type = read_indices(nc, path, {"mesh_edge_type", {"nMesh_edge"}, ""}, kInteriorEdge,
                                      kOpenEdgeBase + static_cast<long>(m.open_boundary_names.size()) - 1, false);
  std::map<NodePair, int> tags;
  for (std::size_t e = 0; e < edge_type.size(); ++e)
    if (edge_type[e] != kInteriorEdge) tags[node_pair(edge_nodes[2 * e], edge_nodes[2 * e + 1])] = edge_type[e];
  orient_faces(m);
  try {
    build_edges(m, tags);
  } catch (const Failure& e) {
    throw InputError(path, "variable 'mesh_face_nodes'", e.what());
  }
  return m;
}

}  // namespace beibu
