// Core: error messages, YAML configuration checks, atomic outputs, progress formatting.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "core/atomic_file.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/placeholders.hpp"
#include "core/progress.hpp"

using namespace beibu;
namespace fs = std::filesystem;

TEST_CASE("InputError names file, place and problem", "[core]") {
  InputError e("a.yaml", "line 3", "expected a number");
  CHECK(std::string(e.what()) == "a.yaml: line 3: expected a number");
  CHECK(std::string(InputError("", "--x", "bad").what()) == "--x: bad");
  CHECK(std::string(InputError("f.nc", "", "no such file").what()) == "f.nc: no such file");
}

TEST_CASE("Config reports unknown keys with their line", "[core]") {
  const Config c = Config::load_string("a: 1\nb: two\nzz: 3\n", "t.yaml");
  try {
    c.check_keys({"a", "b"});
    FAIL("unknown key accepted");
  } catch (const InputError& e) {
    CHECK(e.file() == "t.yaml");
    CHECK(e.where() == "line 3");
    CHECK_THAT(e.problem(), Catch::Contains("unknown key 'zz'") && Catch::Contains("a, b"));
  }
}

TEST_CASE("Config type errors name line and key path", "[core]") {
  const Config c = Config::load_string("size:\n  coast_m: abc\n", "t.yaml");
  try {
    c.at("size").at("coast_m").as_double();
    FAIL("text accepted as a number");
  } catch (const InputError& e) {
    CHECK(e.where() == "line 2, key 'size.coast_m'");
    CHECK_THAT(e.problem(), Catch::Contains("expected a number, got 'abc'"));
  }
  CHECK_THROWS_AS(c.at("missing"), InputError);
  CHECK(c.at("size").get("other", 7.5) == 7.5);
}

TEST_CASE("Malformed YAML gives the line of the error", "[core]") {
  try {
    Config::load_string("a: [1, 2\nb: 3\n", "bad.yaml");
    FAIL("malformed YAML accepted");
  } catch (const InputError& e) {
    CHECK(e.file() == "bad.yaml");
    CHECK_THAT(e.where(), Catch::StartsWith("line "));
    CHECK_THAT(e.problem(), Catch::Contains("malformed YAML"));
  }
  CHECK_THROWS_AS(Config::load_file("/nonexistent/x.yaml"), InputError);
}

TEST_CASE("AtomicOutput only shows the final name once committed", "[core]") {
  const fs::path dir = fs::temp_directory_path() / ("beibu_atomic_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path target = dir / "result.nc";
  {
    AtomicOutput out(target);
    CHECK(out.temp_path().parent_path() == dir);
    CHECK(out.temp_path().extension() == ".nc");
    std::ofstream(out.temp_path()) << "partial";
    CHECK_FALSE(fs::exists(target));
  }  // not committed: the temporary file disappears
  CHECK_FALSE(fs::exists(target));
  CHECK(fs::is_empty(dir));
  const std::size_t committed_before = committed_outputs().size();
  {
    AtomicOutput out(target);
    std::ofstream(out.temp_path()) << "complete";
    out.commit();
  }
  CHECK(fs::exists(target));
  CHECK(fs::file_size(target) == 8);
  // Only the committed output is recorded, for the run manifest.
  REQUIRE(committed_outputs().size() == committed_before + 1);
  CHECK(committed_outputs().back() == target);
  fs::remove_all(dir);
}

TEST_CASE("prepare_output_dir rejects a file in the way", "[core]") {
  const fs::path f = fs::temp_directory_path() / ("beibu_notdir_" + std::to_string(::getpid()));
  std::ofstream(f) << "x";
  CHECK_THROWS_AS(prepare_output_dir(f), InputError);
  fs::remove(f);
}

TEST_CASE("Placeholders are filled in one pass; a place without an argument is a failure", "[core]") {
  CHECK(fill_placeholders("{2} of {1}, {2}", {"a", "b"}, "t") == "b of a, b");
  CHECK(fill_placeholders("{1}", {"{2}"}, "t") == "{2}");  // an argument is not filled again
  CHECK(fill_placeholders("{0} {x} {", {}, "t") == "{0} {x} {");
  CHECK_THROWS_WITH(fill_placeholders("{1} {3}", {"a", "b"}, "label 'k'"),
                    Catch::Contains("label 'k' needs more than 2 arguments"));
}

TEST_CASE("Durations format for progress lines", "[core]") {
  CHECK(Progress::format_duration(5) == "5s");
  CHECK(Progress::format_duration(185) == "3m05s");
  CHECK(Progress::format_duration(3725) == "1h02m");
  CHECK(Progress::format_duration(-1) == "?");
}
