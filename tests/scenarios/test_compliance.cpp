// Standards and compliance. Expected classes come from the limits printed in
// GB 3097-1997 Table 1 and GB 3838-2002 Table 1 (typed here from the standards,
// not read from data/standards), so a wrong data file fails these tests.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>

#include "core/error.hpp"
#include "scenarios/compliance/compliance.hpp"
#include "scenarios/compliance/standards.hpp"

using namespace beibu;

namespace {
const std::string kStd = std::string(BEIBU_DATA_DIR) + "/standards/";
const Standard& sea() {
  static const Standard s = load_standard(kStd + "gb3097-1997.yaml");
  return s;
}
const Standard& river() {
  static const Standard s = load_standard(kStd + "gb3838-2002.yaml");
  return s;
}
int cls(const Standard& s, const char* p, double v) {
  return classify(*s.find(p), v);
}
}  // namespace

TEST_CASE("GB 3097-1997 thresholds: DIN, DIP, COD, petroleum (<=) and DO (>)", "[compliance]") {
  // DIN <= 0.20 / 0.30 / 0.40 / 0.50
  CHECK(cls(sea(), "DIN", 0.20) == 0);
  CHECK(cls(sea(), "DIN", 0.2001) == 1);
  CHECK(cls(sea(), "DIN", 0.30) == 1);
  CHECK(cls(sea(), "DIN", 0.40) == 2);
  CHECK(cls(sea(), "DIN", 0.50) == 3);
  CHECK(cls(sea(), "DIN", 0.5001) == 4);  // worse than Class IV
  // Active phosphate <= 0.015 / 0.030 / 0.030 / 0.045: just above 0.030 skips Class III.
  CHECK(cls(sea(), "DIP", 0.015) == 0);
  CHECK(cls(sea(), "DIP", 0.030) == 1);
  CHECK(cls(sea(), "DIP", 0.0301) == 3);
  CHECK(cls(sea(), "DIP", 0.046) == 4);
  // COD <= 2 / 3 / 4 / 5
  CHECK(cls(sea(), "COD", 2.0) == 0);
  CHECK(cls(sea(), "COD", 3.5) == 2);
  CHECK(cls(sea(), "COD", 5.1) == 4);
  // Petroleum <= 0.05 / 0.05 / 0.30 / 0.50
  CHECK(cls(sea(), "petroleum", 0.05) == 0);
  CHECK(cls(sea(), "petroleum", 0.06) == 2);
  // DO > 6 / 5 / 4 / 3 (strict)
  CHECK(cls(sea(), "DO", 6.01) == 0);
  CHECK(cls(sea(), "DO", 6.0) == 1);
  CHECK(cls(sea(), "DO", 3.0) == 4);
  CHECK(std::isnan(NAN));
  CHECK(cls(sea(), "DIN", NAN) == -1);
  CHECK(sea().class_name(1) == "Class II");
  CHECK(sea().class_name(4, "zh") == "劣四类");
}

TEST_CASE("GB 3838-2002 thresholds: COD, NH3-N, TP, TP (lakes), DO (>=)", "[compliance]") {
  CHECK(cls(river(), "COD", 15) == 0);  // Classes I and II share 15
  CHECK(cls(river(), "COD", 15.1) == 2);
  CHECK(cls(river(), "COD", 40.1) == 5);
  CHECK(cls(river(), "NH3N", 0.15) == 0);
  CHECK(cls(river(), "NH3N", 0.5) == 1);
  CHECK(cls(river(), "NH3N", 1.2) == 3);
  CHECK(cls(river(), "NH3N", 2.0) == 4);
  CHECK(cls(river(), "TP", 0.1) == 1);
  CHECK(cls(river(), "TP", 0.41) == 5);
  CHECK(cls(river(), "TP_lake", 0.1) == 3);
  CHECK(cls(river(), "TP_lake", 0.025) == 1);
  CHECK(cls(river(), "DO", 7.5) == 0);
  CHECK(cls(river(), "DO", 7.4) == 1);
  CHECK(cls(river(), "DO", 2.0) == 4);
  CHECK(cls(river(), "DO", 1.9) == 5);
  CHECK(river().class_name(5, "zh") == "劣Ⅴ类");
}

TEST_CASE("The worst single parameter sets the class", "[compliance]") {
  const WorstClass w = classify_worst(sea(), {{"DIN", 0.1}, {"DIP", 0.04}, {"COD", 2.5}, {"salinity", 33}});
  CHECK(w.cls == 3);  // DIP 0.04 -> Class IV
  CHECK(w.parameter == "DIP");
  CHECK(classify_worst(sea(), {{"salinity", 33}}).cls == -1);
}

TEST_CASE("Weighted mean and quantile", "[compliance]") {
  CHECK(weighted_mean({1, 2, 3}, {1, 1, 2}) == Approx(2.25));
  // Weights 1,1,1,1,6 on values 1..5: 90 % of the weight is reached only at 5.
  CHECK(weighted_quantile({3, 1, 5, 2, 4}, {1, 1, 6, 1, 1}, 0.9) == 5);
  CHECK(weighted_quantile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, std::vector<double>(10, 1.0), 0.9) == 9);
  CHECK(weighted_quantile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, std::vector<double>(10, 1.0), 0.1) == 1);
}

TEST_CASE("Nearest-rank quantile: the 90th percentile of a series", "[compliance]") {
  // Hand-computed: n = 10 -> rank ceil(9.0) = 9; n = 11 -> ceil(9.9) = 10; n = 20 -> 18;
  // n = 1 -> the value itself; unsorted input.
  CHECK(quantile({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 0.9) == 9);
  CHECK(quantile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0.9) == 10);
  std::vector<double> twenty;
  for (int i = 20; i >= 1; --i) twenty.push_back(0.5 * i);
  CHECK(quantile(twenty, 0.9) == 9.0);  // the 18th smallest of 0.5, 1, ..., 10
  CHECK(quantile({0.25}, 0.9) == 0.25);
  CHECK(quantile({3, 3, 1}, 0.5) == 3);  // rank ceil(1.5) = 2
  CHECK(std::isnan(quantile({}, 0.9)));
  // Rank ceil(0.9 n) for every n a river section or a face's time series may have,
  // where 0.9 n is an integer in exact arithmetic but not always in floating point.
  for (int n = 1; n <= 400; ++n) {
    std::vector<double> v(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = n - i;  // n, n-1, ..., 1
    const int rank = (9 * n + 9) / 10;                                   // ceil(9n / 10) in integers
    CHECK(quantile(v, 0.9) == rank);
  }
}

TEST_CASE("Headline indicator: share in Class I+II by area", "[compliance]") {
  CHECK(share_at_or_better({0, 1, 2, 4, -1}, {10, 20, 30, 40, 1000}, 1) == Approx(0.3));
}

TEST_CASE("Bad standard files are rejected with file and key", "[compliance]") {
  const std::string path = "/tmp/beibu_std_" + std::to_string(::getpid()) + ".yaml";
  auto write = [&](const std::string& text) { std::ofstream(path) << text; };
  const std::string head =
      "id: X\ntitle: t\nsource: s\nwater: sea\nclasses:\n  - {name: A, name_zh: a}\n  - {name: B, name_zh: b}\n"
      "worse_than_all: {name: C, name_zh: c}\nparameters:\n";
  write(head + "  DIN: {name: n, units: mg/L, limit: max, values: [0.2]}\n");
  CHECK_THROWS_WITH(load_standard(path), Catch::Contains("expected 2 values"));
  write(head + "  DIN: {name: n, units: mg/L, limit: below, values: [0.2, 0.3]}\n");
  CHECK_THROWS_WITH(load_standard(path), Catch::Contains("unknown limit 'below'"));
  write(head + "  DIN: {name: n, units: ug/L, limit: max, values: [0.2, 0.3]}\n");
  CHECK_THROWS_WITH(load_standard(path), Catch::Contains("mg/L"));
  write(head + "  DIN: {name: n, units: mg/L, limit: max, values: [0.3, 0.2]}\n");
  CHECK_THROWS_WITH(load_standard(path), Catch::Contains("stricter"));
  std::remove(path.c_str());
}
