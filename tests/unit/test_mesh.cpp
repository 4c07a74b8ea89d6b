// Mesh: topology, geometry arrays, distribution over ranks, size field,
// boundary resampling, quality measures and the UGRID file.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include "core/error.hpp"
#include "core/petsc_env.hpp"
#include "ingest/netcdf_file.hpp"
#include "mesh/domain.hpp"
#include "mesh/face_locator.hpp"
#include "mesh/inflow_footprint.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/partition.hpp"
#include "mesh/quality.hpp"
#include "mesh/size_field.hpp"
#include "mesh/synthetic.hpp"
#include "mesh/ugrid_io.hpp"

using namespace beibu;

namespace {
Mesh test_rectangle(double perturb = 0.3) {
  RectangleSpec s;
  s.lx = 3000;
  s.ly = 2000;
  s.nx = 15;
  s.ny = 10;
  s.perturb = perturb;
  s.open = {"south", "", "", "west"};
  return rectangle_mesh(s);
}
}  // namespace

TEST_CASE("Rectangle mesh topology satisfies Euler's formula", "[mesh]") {
  const Mesh m = test_rectangle();
  // V - E + F = 1 for a triangulated disc.
  CHECK(static_cast<long>(m.n_nodes()) - static_cast<long>(m.n_edges()) + static_cast<long>(m.n_faces()) == 1);
  std::size_t boundary = 0, south = 0, west = 0;
  for (std::size_t e = 0; e < m.n_edges(); ++e) {
    REQUIRE(m.edge_face[2 * e] >= 0);
    if (m.edge_face[2 * e + 1] >= 0) {
      CHECK(m.edge_tag[e] == kInteriorEdge);
      continue;
    }
    ++boundary;
    south += m.edge_tag[e] == kOpenEdgeBase;
    west += m.edge_tag[e] == kOpenEdgeBase + 1;
  }
  CHECK(boundary == 2 * (15 + 10));
  CHECK(south == 15);
  CHECK(west == 10);
  for (std::size_t f = 0; f < m.n_faces(); ++f) CHECK(m.face_area(f) > 0);
}

TEST_CASE("Serial LocalMesh: areas sum to the domain, cell normals close", "[mesh]") {
  const Mesh m = test_rectangle();
  const LocalMesh lm = distribute_mesh(m, PETSC_COMM_SELF);
  CHECK(lm.n_owned == static_cast<int>(m.n_faces()));
  CHECK(lm.total_area() == Approx(3000.0 * 2000.0).epsilon(1e-13));
  for (int c = 0; c < lm.n_owned; ++c) {
    double sx = 0, sy = 0;
    for (int k = 0; k < 3; ++k) {
      const int e = lm.cell_edge[3 * c + k];
      const double s = lm.cell_edge_sign[3 * c + k];
      sx += s * lm.nx[e] * lm.len[e];
      sy += s * lm.ny[e] * lm.len[e];
      // Outward normal of this cell points away from its centroid.
      CHECK(s * (lm.nx[e] * (lm.mx[e] - lm.cx[c]) + lm.ny[e] * (lm.my[e] - lm.cy[c])) > 0);
    }
    CHECK(std::fabs(sx) < 1e-9);
    CHECK(std::fabs(sy) < 1e-9);
  }
}

TEST_CASE("Distributed LocalMesh: same area, ghosts filled by the halo", "[mpi]") {
  const Mesh m = test_rectangle();
  const std::string partition = GENERATE(as<std::string>{}, "levels", "dmplex");
  INFO("-mesh_partition " << partition);
  REQUIRE(PetscOptionsSetValue(nullptr, "-mesh_partition", partition.c_str()) == 0);
  const LocalMesh lm = distribute_mesh(m, PETSC_COMM_WORLD);
  REQUIRE(PetscOptionsClearValue(nullptr, "-mesh_partition") == 0);
  const int size = mpi_size();
  REQUIRE(size == 2);
  double serial = 0;
  for (std::size_t f = 0; f < m.n_faces(); ++f) serial += m.face_area(f);
  CHECK(std::fabs(lm.total_area() - serial) <= 1e-12 * serial);
  long owned = lm.n_owned, total = 0;
  MPI_Allreduce(&owned, &total, 1, MPI_LONG, MPI_SUM, PETSC_COMM_WORLD);
  CHECK(total == static_cast<long>(m.n_faces()));
  CHECK(lm.n_local > lm.n_owned);  // a partition boundary exists

  // Owned cells carry (gid, 2*gid); ghosts start wrong and must receive their owner's values.
  std::vector<double> v(2 * lm.n_local, -1.0);
  for (int c = 0; c < lm.n_owned; ++c) {
    v[2 * c] = static_cast<double>(lm.cell_gid[c]);
    v[2 * c + 1] = 2.0 * lm.cell_gid[c];
  }
  lm.halo->update(v.data(), 2);
  for (int c = lm.n_owned; c < lm.n_local; ++c) {
    CHECK(v[2 * c] == static_cast<double>(lm.cell_gid[c]));
    CHECK(v[2 * c + 1] == 2.0 * lm.cell_gid[c]);
  }
  // Every edge of an owned cell is local and its neighbour is present.
  for (int c = 0; c < lm.n_owned; ++c)
    for (int k = 0; k < 3; ++k) {
      const int e = lm.cell_edge[3 * c + k];
      REQUIRE(e >= 0);
      CHECK((lm.edge_left[e] == c || lm.edge_right[e] == c));
    }
}

TEST_CASE("1-D distance transform is exact", "[mesh]") {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> out;
  distance_transform_1d({inf, inf, 0, inf, inf, inf, 0, inf}, out);
  CHECK(out == std::vector<double>{4, 1, 0, 1, 4, 1, 0, 1});
  distance_transform_1d({inf, 3, inf}, out);  // a seed with an offset (squared distance 3)
  CHECK(out == std::vector<double>{4, 3, 4});
}

TEST_CASE("Distance grid matches the exact distance to a coastline", "[mesh]") {
  const double h = 50;
  const DistanceGrid d({{0.0, 1000.0}}, {{0.0, 0.0}}, -5000, -5000, 5000, 5000, h);
  const double tol = h / std::sqrt(2.0) + 1e-9;
  CHECK(d(500, 300) == Approx(300).margin(tol));
  CHECK(d(-400, 300) == Approx(500).margin(tol));
  CHECK(d(500, -4000) == Approx(4000).margin(tol));
  CHECK(d(3000, 3000) == Approx(std::hypot(2000, 3000)).margin(tol));
}

TEST_CASE("Target size grows with the grade and respects regions", "[mesh]") {
  SizeParams p;
  p.coast = 400;
  p.max = 5000;
  p.grade = 0.2;
  CHECK(target_size(p, 0, 0, 0) == 400);
  CHECK(target_size(p, 0, 0, 1000) == Approx(600));
  CHECK(target_size(p, 0, 0, 1e6) == 5000);
  p.regions.push_back({0, 0, 1000, 150});
  CHECK(target_size(p, 500, 0, 1000) == 150);
  CHECK(target_size(p, 2000, 0, 1e6) == Approx(150 + 0.2 * 1000));
}

TEST_CASE("Resampling follows the size, keeps open-boundary corners, cuts sharp tips", "[mesh]") {
  // A 10 km square with an open south side and a 2-degree spike of water on the north side.
  Domain d;
  d.open_names = {"south"};
  BoundaryRing r;
  r.x = {0, 10000, 10000, 5050, 5000, 4950, 0};
  r.y = {0, 0, 10000, 10000, 12000, 10000, 10000};
  r.tag = {kOpenEdgeBase, kLandEdge, kLandEdge, kLandEdge, kLandEdge, kLandEdge, kLandEdge};
  d.rings.push_back(r);
  ResampleReport rep;
  const Domain out = resample_domain(
      d, [](double, double) { return 1000.0; }, 30.0, 0.0, &rep);
  const BoundaryRing& o = out.rings[0];
  CHECK(rep.tips_cut >= 1);
  int open_segments = 0;
  for (std::size_t i = 0; i < o.x.size(); ++i) {
    const std::size_t j = (i + 1) % o.x.size();
    const double L = std::hypot(o.x[j] - o.x[i], o.y[j] - o.y[i]);
    if (o.tag[i] == kOpenEdgeBase) {
      ++open_segments;
      CHECK(L == Approx(1000).epsilon(1e-9));
      CHECK(std::fabs(o.y[i]) < 1e-9);
    }
    CHECK(L < 1600);
  }
  CHECK(open_segments == 10);
  double x, y;
  CHECK(boundary_is_simple(out, x, y));
}

TEST_CASE("Crossing boundaries are detected", "[mesh]") {
  Domain d;
  BoundaryRing r;  // a bow tie
  r.x = {0, 1000, 1000, 0};
  r.y = {0, 1000, 0, 1000};
  r.tag.assign(4, kLandEdge);
  d.rings.push_back(r);
  double x, y;
  CHECK_FALSE(boundary_is_simple(d, x, y));
}

TEST_CASE("Triangle shape measures", "[mesh]") {
  const auto eq = triangle_shape(0, 0, 1, 0, 0.5, std::sqrt(3.0) / 2);
  CHECK(eq.min_angle_deg == Approx(60));
  CHECK(eq.aspect_ratio == Approx(1));
  const auto right = triangle_shape(0, 0, 1, 0, 0, 1);
  CHECK(right.min_angle_deg == Approx(45));
  CHECK(right.aspect_ratio > 1.2);
}

TEST_CASE("UGRID file round-trips the mesh", "[mesh]") {
  Mesh m = test_rectangle();
  m.lon = m.x;
  m.lat = m.y;
  for (auto& v : m.lon) v = 108 + v * 1e-5;
  for (auto& v : m.lat) v = 21 + v * 1e-5;
  m.jurisdiction_codes = {"CN.GX", "VN"};
  for (std::size_t f = 0; f < m.n_faces(); ++f) m.jurisdiction[f] = static_cast<int>(f % 2);
  const std::string path =
      (std::filesystem::temp_directory_path() / ("beibu_ugrid_" + std::to_string(::getpid()) + ".nc")).string();
  write_ugrid(m, path, "test");
  const Mesh r = read_ugrid(path);
  CHECK(r.tri == m.tri);
  CHECK(r.x == m.x);
  CHECK(r.depth == m.depth);
  CHECK(r.edge_tag == m.edge_tag);
  CHECK(r.jurisdiction == m.jurisdiction);
  CHECK(r.jurisdiction_codes == m.jurisdiction_codes);
  CHECK(r.open_boundary_names == m.open_boundary_names);
  {
    NcFile nc = NcFile::open(path);
    CHECK(nc.att_text("mesh", "cf_role") == "mesh_topology");
    CHECK(nc.att_text("", "Conventions") == "CF-1.8 UGRID-1.0");
  }
  std::filesystem::remove(path);
}

TEST_CASE("Hilbert curve: every grid point once, consecutive points adjacent", "[mesh]") {
  const int bits = 4, n = 1 << bits;
  std::vector<int> at(n * n, -1);
  for (int x = 0; x < n; ++x)
    for (int y = 0; y < n; ++y) {
      const std::uint64_t d = hilbert_index(x, y, bits);
      REQUIRE(d < static_cast<std::uint64_t>(n * n));
      CHECK(at[d] == -1);
      at[d] = x * n + y;
    }
  for (int d = 1; d < n * n; ++d) {
    const int dx = std::abs(at[d] / n - at[d - 1] / n), dy = std::abs(at[d] % n - at[d - 1] % n);
    CHECK(dx + dy == 1);
  }
}

TEST_CASE("Level-balanced partition: each step band split evenly, in compact runs", "[mesh]") {
  // Depths of 1, 4 and 16 m in stripes put the faces into three bands (step scale
  // ~ sqrt(h)); every band must be split between the ranks to within one face.
  Mesh m = test_rectangle();
  m.depth.resize(m.n_faces());
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double cx, cy;
    m.face_centroid(f, cx, cy);
    m.depth[f] = std::pow(4.0, static_cast<int>(cx / 1000));
  }
  for (int size : {1, 2, 3}) {
    const std::vector<int> owner = level_balanced_partition(m, size);
    REQUIRE(owner.size() == m.n_faces());
    std::map<int, std::vector<int>> count;  // band -> faces per rank
    for (std::size_t f = 0; f < m.n_faces(); ++f) {
      REQUIRE(owner[f] >= 0);
      REQUIRE(owner[f] < size);
      auto& c = count[face_step_band(m, f)];
      c.resize(size, 0);
      ++c[owner[f]];
    }
    CHECK(count.size() >= 3);
    for (const auto& [band, c] : count) {
      INFO("size " << size << ", band " << band);
      CHECK(*std::max_element(c.begin(), c.end()) - *std::min_element(c.begin(), c.end()) <= 1);
    }
    // Runs of a space-filling curve, not a scatter: few edges join faces of two ranks.
    std::size_t cut = 0, interior = 0;
    for (std::size_t e = 0; e < m.n_edges(); ++e) {
      const int a = m.edge_face[2 * e], b = m.edge_face[2 * e + 1];
      if (b < 0) continue;
      ++interior;
      cut += owner[a] != owner[b];
    }
    INFO("size " << size << ": " << cut << " of " << interior << " interior edges cut");
    CHECK(cut <= interior / 3);  // a scatter over 2 or 3 ranks cuts 1/2 or 2/3
    if (size == 1) CHECK(cut == 0);
  }
}

TEST_CASE("Inflow footprint: the nearest connected cells that hold the volume, shared by volume", "[mesh]") {
  RectangleSpec rs;
  rs.lx = 10000;
  rs.ly = 10000;
  rs.nx = 20;
  rs.ny = 20;
  rs.perturb = 0.2;
  Mesh m = rectangle_mesh(rs);
  // Depth 1..5 m varying across the square, so shares differ from cell to cell.
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double cx, cy;
    m.face_centroid(f, cx, cy);
    m.depth[f] = 1.0 + 4.0 * cx / 10000.0;
  }
  const FaceLocator loc(m);
  const double x = 5100, y = 4900;
  const long first = loc.find(x, y);
  auto volume = [&](long f) { return m.face_area(static_cast<std::size_t>(f)) * m.depth[static_cast<std::size_t>(f)]; };

  // Nothing to hold: the cell of the point alone.
  const auto one = inflow_footprint(m, first, x, y, 0.0);
  REQUIRE(one.size() == 1);
  CHECK(one[0].face == first);
  CHECK(one[0].share == 1.0);

  const double want = 3.0e6;  // about 16 cells of 0.125 km2 x 1.5 m
  const auto fp = inflow_footprint(m, first, x, y, want);
  CHECK(fp.front().face == first);
  double held = 0, shares = 0;
  for (const auto& c : fp) {
    held += volume(c.face);
    shares += c.share;
  }
  // Holds the volume, and would not without its last cell.
  CHECK(held >= want);
  CHECK(held - volume(fp.back().face) < want);
  CHECK(shares == Approx(1.0).epsilon(1e-14));
  for (const auto& c : fp) CHECK(c.share == Approx(volume(c.face) / held).epsilon(1e-14));
  // Connected: every cell after the first shares an edge with an earlier one.
  std::set<long> taken{fp.front().face};
  for (std::size_t i = 1; i < fp.size(); ++i) {
    bool touches = false;
    for (int k = 0; k < 3; ++k) {
      const int e = m.face_edge[3 * static_cast<std::size_t>(fp[i].face) + static_cast<std::size_t>(k)];
      for (int s = 0; s < 2; ++s)
        touches = touches || taken.count(m.edge_face[2 * static_cast<std::size_t>(e) + static_cast<std::size_t>(s)]);
    }
    CHECK(touches);
    taken.insert(fp[i].face);
  }
  // No holes: every cell nearer the point than the farthest taken one, less a cell's
  // width, is taken (in an open square the footprint is a disc).
  double reach = 0;
  for (const auto& c : fp) {
    double cx, cy;
    m.face_centroid(static_cast<std::size_t>(c.face), cx, cy);
    reach = std::max(reach, std::hypot(cx - x, cy - y));
  }
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double cx, cy;
    m.face_centroid(f, cx, cy);
    if (std::hypot(cx - x, cy - y) < reach - 500.0) CHECK(taken.count(static_cast<long>(f)) == 1);
  }
  // The same on every call (every rank computes it).
  const auto again = inflow_footprint(m, first, x, y, want);
  REQUIRE(again.size() == fp.size());
  for (std::size_t i = 0; i < fp.size(); ++i) CHECK((again[i].face == fp[i].face && again[i].share == fp[i].share));
  CHECK_THROWS_AS(inflow_footprint(m, static_cast<long>(m.n_faces()), x, y, want), Failure);
}
