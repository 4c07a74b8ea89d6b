// Source apportionment helpers: sea-boundary sections on a hand-made mesh, group
// loads from a budget table, the matrix file round trip, receptors by sea area.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "mesh/mesh.hpp"
#include "scenarios/apportion/apportion.hpp"
#include "scenarios/apportion/ledger.hpp"
#include "scenarios/compliance/assessment.hpp"
#include "scenarios/run/sea_boundaries.hpp"

using namespace beibu;

namespace {
// Two unit squares side by side, two triangles each: faces 0, 1 in sea area A, 2, 3 in B;
// the right side (nodes 2-5) is an open boundary.
Mesh two_squares() {
  Mesh m;
  m.x = {0, 1, 2, 0, 1, 2};
  m.y = {0, 0, 0, 1, 1, 1};
  m.lon = m.x;
  m.lat = m.y;
  m.tri = {0, 1, 4, 0, 4, 3, 1, 2, 5, 1, 5, 4};
  m.depth = {5, 5, 5, 5};
  m.jurisdiction = {0, 0, 1, 1};
  m.jurisdiction_codes = {"A", "B"};
  m.zone = {-1, -1, -1, -1};
  m.open_boundary_names = {"east"};
  build_edges(m, {{node_pair(2, 5), kOpenEdgeBase}});
  return m;
}

std::string temp_dir() {
  const std::string d = std::filesystem::temp_directory_path() / ("beibu_apportion_" + std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return d;
}
}  // namespace

TEST_CASE("Sea-boundary sections: shared edges oriented out of the first code, open edges", "[apportion]") {
  const Mesh m = two_squares();
  const auto s = sea_boundary_sections(m);
  REQUIRE(s.size() == 2);
  CHECK(s[0].name == "A|B");
  CHECK(s[0].from == "A");
  CHECK(s[0].to == "B");
  // The only A-B edge joins nodes 1 and 4: local edge 1 of face 0 (nodes 0, 1, 4).
  REQUIRE(s[0].face_edge.size() == 1);
  CHECK(s[0].face_edge[0] == std::pair<long, int>(0, 1));
  CHECK(s[1].name == "B|open");
  // The open edge joins nodes 2 and 5: local edge 1 of face 2 (nodes 1, 2, 5).
  REQUIRE(s[1].face_edge.size() == 1);
  CHECK(s[1].face_edge[0] == std::pair<long, int>(2, 1));
}

TEST_CASE("Receptors: one sea area per jurisdiction, area weights", "[apportion]") {
  const Mesh m = two_squares();
  const auto r = make_receptors(m, {}, {}, true);
  REQUIRE(r.size() == 2 + 4);
  CHECK(r[0].kind == "sea_area");
  CHECK(r[0].name == "A");
  CHECK(r[0].faces == std::vector<long>{0, 1});
  CHECK(r[0].weight[0] == Approx(0.5));
  CHECK(r[5].name == "cell:3");
  CHECK(r[5].jurisdiction == "B");
}

TEST_CASE("Receptors: water that is not assessed is in no sea area, and a station there has no target", "[apportion]") {
  Mesh m = two_squares();
  m.not_assessed_names = {"shelf"};
  m.not_assessed.assign(m.n_faces(), -1);
  m.not_assessed[1] = 0;  // one of A's two faces
  StationInfo st;
  st.id = "S";
  st.face = 1;
  st.target_class = 1;
  const auto r = make_receptors(m, {}, {st}, false);
  REQUIRE(r.size() == 3);
  CHECK(r[0].name == "A");
  CHECK(r[0].faces == std::vector<long>{0});
  CHECK(r[1].faces == std::vector<long>{2, 3});
  CHECK(r[2].name == "S");
  CHECK(r[2].target_class == -1);
}

TEST_CASE("Group loads from the run's budget: source inputs of the tagged copies over T", "[apportion]") {
  const std::string d = temp_dir();
  std::ofstream(d + "/mass_budget.csv") << "component,term,name,mass_g\n"
                                           "DIN,source_in,a/industry,100\n"
                                           "DIN@X,source_in,a/industry,100\n"
                                           "DIN@X,source_in,b/municipal,50\n"
                                           "DIN@X,boundary_in,east,1000\n"
                                           "DIN@Y,source_in,a/industry,0\n"
                                           "DIN@Y,source_in,c/natural,30\n";
  const auto L = group_loads_from_budget(d + "/mass_budget.csv", {"X", "Y"}, {"DIN"}, 10.0);
  REQUIRE(L.size() == 2);
  CHECK(L[0] == 15.0);
  CHECK(L[1] == 3.0);
  CHECK_THROWS_AS(group_loads_from_budget(d + "/mass_budget.csv", {"Z"}, {"DIN"}, 10.0), InputError);
  std::filesystem::remove_all(d);
}

TEST_CASE("Ledger: section means from a sections table, quoted fields and CRLF included", "[apportion][ledger]") {
  const std::string d = temp_dir();
  std::ofstream(d + "/sections.csv") << "section,river,from,to,constituent,mean_mg_L,p90_mg_L,flux_t,class\r\n"
                                        "\"a,b\",r,X,Y,DIN,1.25,2,3,Class IV\r\n"
                                        "\"a,b\",r,X,Y,all,,,,Class IV\r\n"
                                        "c,r,X,Y,DIP,0,0,0,Class I\r\n";
  const auto m = read_section_means(d + "/sections.csv");
  REQUIRE(m.size() == 2);
  CHECK(m.at("a,b").at("DIN") == 1.25);
  CHECK(m.at("a,b").count("all") == 0);  // the summary row has no mean
  CHECK(m.at("c").at("DIP") == 0);
  auto fails = [&](const std::string& text, const std::string& what) {
    std::ofstream(d + "/bad.csv") << text;
    try {
      read_section_means(d + "/bad.csv");
      FAIL("accepted " << text);
    } catch (const InputError& e) {
      CHECK(e.file() == d + "/bad.csv");
      CHECK_THAT(std::string(e.what()), Catch::Contains(what));
    }
  };
  fails("section,constituent\n", "missing column 'mean_mg_l'");
  fails("section,constituent,mean_mg_L\ns,DIN,abc\n", "line 2: mean_mg_L 'abc' is not a number");
  fails("section,constituent,mean_mg_L\ns,DIN,-1\n", "must be >= 0");
  fails("section,constituent,mean_mg_L\ns,DIN\n", "line 2: expected 3 fields, found 2");
  fails("", "empty file");
  CHECK_THROWS_AS(read_section_means(d + "/none.csv"), InputError);
  std::filesystem::remove_all(d);
}

TEST_CASE("Matrix file: write and read back exactly", "[apportion]") {
  SourceReceptorMatrix m;
  m.receptors = {"Z1", "VN"};
  m.receptor_kind = {"zone", "sea_area"};
  m.receptor_jurisdiction = {"CN.GX", "VN"};
  m.receptor_target_class = {1, -1};
  m.groups = {"CN.GX.industry", "VN.natural"};
  m.group_jurisdiction = {"CN.GX", "VN"};
  m.group_sector = {"industry", "natural"};
  m.constituents = {"DIN"};
  m.response = {0.1, 0.2, 0.3, 1.0 / 3.0};
  m.background = {0.05, 0.07};
  m.concentration = {0.5, 0.6};
  m.current_load = {1.5, 2.5};
  m.floor_load = {0, 2.5};
  m.attributes["tag_by"] = "sector";
  const std::string d = temp_dir();
  write_matrix(d + "/m.nc", m);
  const auto r = read_matrix(d + "/m.nc");
  CHECK(r.receptors == m.receptors);
  CHECK(r.receptor_kind == m.receptor_kind);
  CHECK(r.receptor_target_class == m.receptor_target_class);
  CHECK(r.group_sector == m.group_sector);
  CHECK(r.response == m.response);
  CHECK(r.R(0, 1, 1) == 1.0 / 3.0);
  CHECK(r.floor_load == m.floor_load);
  CHECK(r.attributes.at("tag_by") == "sector");
  CHECK_THROWS_AS(read_matrix(d + "/missing.nc"), InputError);
  std::filesystem::remove_all(d);
}
