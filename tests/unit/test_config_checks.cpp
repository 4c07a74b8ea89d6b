// The one configuration layer (core/config, core/numbers): keys given twice, numbers
// that are not finite or out of range, files that are directories or unreadable.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/numbers.hpp"

using namespace beibu;
namespace fs = std::filesystem;

namespace {
// The InputError that `f` throws (fails the test if it throws none).
template <class F>
InputError error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e;
  }
  FAIL("no InputError thrown");
  return InputError("", "", "");
}
}  // namespace

TEST_CASE("A key given twice in one mapping is refused with both lines", "[core][config]") {
  const InputError top = error_of([] { Config::load_string("name: a\nperiod: 1\nname: b\n", "s.yaml"); });
  CHECK(top.file() == "s.yaml");
  CHECK(top.where() == "line 3");
  CHECK(top.problem() == "key 'name' is given twice (first on line 1)");

  const InputError nested = error_of([] {
    Config::load_string("hydrodynamics:\n  time_step_s: 600\n  manning: 0.02\n  time_step_s: 60\n", "s.yaml");
  });
  CHECK(nested.where() == "line 4");
  CHECK(nested.problem() == "key 'hydrodynamics.time_step_s' is given twice (first on line 2)");

  const InputError in_list =
      error_of([] { Config::load_string("sources:\n  - name: a\n    lon: 108\n    lon: 109\n", "s.yaml"); });
  CHECK(in_list.where() == "line 4");
  CHECK(in_list.problem() == "key 'sources[0].lon' is given twice (first on line 3)");

  const InputError flow = error_of([] { Config::load_string("size: {max_m: 1, max_m: 2}\n", "m.yaml"); });
  CHECK_THAT(flow.problem(), Catch::Contains("'size.max_m' is given twice"));

  // The same key in different mappings is not a duplicate.
  CHECK_NOTHROW(Config::load_string("a: {x: 1}\nb: {x: 2}\nc: [{x: 1}, {x: 2}]\n", "ok.yaml"));
}

TEST_CASE("Aliases that expand beyond any configuration are refused, not walked for ever", "[core][config]") {
  std::string text = "a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n";
  for (int i = 1; i < 12; ++i)
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" +
            std::string("*a" + std::to_string(i - 1) + ", ") + "*a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + "]\n";
  const InputError e = error_of([&] { Config::load_string(text, "laughs.yaml"); });
  CHECK_THAT(e.problem(), Catch::Contains("aliases"));
}

TEST_CASE("Numbers must be finite, in every YAML spelling", "[core][config]") {
  for (const char* bad : {".nan", ".NaN", ".inf", "-.inf", "+.Inf", ".INF", "nan", "inf", "-infinity"}) {
    const Config c = Config::load_string(std::string("hydrodynamics:\n  manning: ") + bad + "\n", "s.yaml");
    const InputError e = error_of([&] { c.at("hydrodynamics").at("manning").as_double(); });
    INFO(bad);
    CHECK(e.where() == "line 2, key 'hydrodynamics.manning'");
    CHECK_THAT(e.problem(), Catch::StartsWith("is not a finite number"));
  }
  // Too large for a double is not infinity but no number at all.
  const Config big = Config::load_string("x: 1e400\n", "s.yaml");
  CHECK_THAT(error_of([&] { big.at("x").as_double(); }).problem(), Catch::Contains("expected a number, got '1e400'"));
  // Lists are checked element by element.
  const Config wind = Config::load_string("wind: [.nan, 1e300]\n", "s.yaml");
  CHECK_THAT(error_of([&] { wind.at("wind").as_doubles(); }).where(), Catch::Contains("key 'wind[0]'"));
  CHECK(Config::load_string("x: -2.5e-3\n", "s.yaml").at("x").as_double() == -2.5e-3);
  CHECK(Config::load_string("x: 12\n", "s.yaml").at("x").as_double() == 12);
}

TEST_CASE("Numbers outside their range name the key and the range", "[core][config]") {
  const Config c = Config::load_string("size:\n  max_m: 0\n  grade: 1e300\nyear: 99999\n", "m.yaml");
  const InputError zero = error_of([&] { c.at("size").at("max_m").as_double(Range::positive()); });
  CHECK(zero.where() == "line 2, key 'size.max_m'");
  CHECK(zero.problem() == "must be > 0, got 0");
  const InputError huge = error_of([&] { c.at("size").get("grade", 0.1, Range::closed(0, 1)); });
  CHECK(huge.problem() == "must be >= 0 and <= 1, got 1e+300");
  const InputError year = error_of([&] { c.at("year").as_int(Range::whole(1900, 2200)); });
  CHECK(year.problem() == "must be a whole number >= 1900 and <= 2200, got 99999");
  CHECK(c.at("size").get("absent", 7.5, Range::positive()) == 7.5);
}

TEST_CASE("Range descriptions stay short and parse_number_text reads whole numbers only", "[core][config]") {
  CHECK(Range::positive().describe() == "> 0");
  CHECK(Range::non_negative(1).describe() == ">= 0 and <= 1");
  CHECK(Range::any().describe() == "a finite number");
  CHECK(range_problem(0, Range::positive()) == "must be > 0, got 0");
  CHECK(range_problem(NAN, Range::any()) == "is not a finite number (nan)");
  double v = 0;
  CHECK(parse_number_text(" 2.5 ", v));
  CHECK(v == 2.5);
  for (const char* bad : {"", "12abc", "1e400", "0x10", "--1", "1,5"}) {
    INFO(bad);
    CHECK_FALSE(parse_number_text(bad, v));
  }
  CHECK(number_problem("abc", Range::positive(), v) == "expected a number, got 'abc'");
  CHECK(number_problem("nan", Range::positive(), v) == "is not a finite number (nan)");
  CHECK(number_problem("2.5", Range::whole(1, 6), v) == "expected a whole number, got '2.5'");
  CHECK(number_problem("7", Range::whole(1, 6), v) == "must be a whole number >= 1 and <= 6, got 7");
  CHECK(number_problem("3", Range::whole(1, 6), v).empty());
}

TEST_CASE("A directory or an unreadable file is named as such", "[core][config]") {
  const fs::path dir = fs::temp_directory_path() / ("beibu_cfg_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const InputError d = error_of([&] { Config::load_file(dir.string()); });
  CHECK(d.file() == dir.string());
  CHECK(d.problem() == "is a directory, not a YAML file");
  CHECK(error_of([&] { Config::load_file((dir / "none.yaml").string()); }).problem() == "no such file");
  const fs::path empty = dir / "empty.yaml";
  std::ofstream(empty) << "# nothing\n";
  CHECK_THAT(error_of([&] { Config::load_file(empty.string()); }).problem(), Catch::Contains("is empty"));
  if (::geteuid() != 0) {  // root reads anything
    const fs::path locked = dir / "locked.yaml";
    std::ofstream(locked) << "a: 1\n";
    fs::permissions(locked, fs::perms::none);
    CHECK(error_of([&] { Config::load_file(locked.string()); }).problem() == "cannot be read: Permission denied");
  }
  fs::remove_all(dir);
}
