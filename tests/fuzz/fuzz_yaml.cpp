// libFuzzer harness for the YAML front end (core/config.cpp): any input must parse
// to a Config or end in an InputError naming the file, and every accessor on every
// node (keys, items, numbers, strings, flags, lists) must answer or throw an
// InputError naming the file: never a crash, a hang, another exception or a huge
// allocation.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/config.hpp"
#include "core/error.hpp"

namespace {

void must_name_file(const beibu::InputError& e) {
  if (std::string(e.what()).rfind("fuzz.yaml", 0) != 0) __builtin_trap();
}

template <class F>
void probe(F f) {
  try {
    f();
  } catch (const beibu::InputError& e) {
    must_name_file(e);
  }
}

void walk(const beibu::Config& c, int depth) {
  if (depth > 80) return;
  probe([&] { (void)c.as_double(); });
  probe([&] { (void)c.as_int(); });
  probe([&] { (void)c.as_bool(); });
  probe([&] { (void)c.as_string(); });
  probe([&] { (void)c.as_doubles(); });
  probe([&] { c.check_keys({"name", "file", "value"}); });
  probe([&] {
    for (const auto& k : c.keys()) {
      (void)c.has(k);
      walk(c.at(k), depth + 1);
    }
  });
  probe([&] {
    for (const auto& item : c.items()) walk(item, depth + 1);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    walk(beibu::Config::load_string(text, "fuzz.yaml"), 0);
  } catch (const beibu::InputError& e) {
    must_name_file(e);
  }
  return 0;
}
