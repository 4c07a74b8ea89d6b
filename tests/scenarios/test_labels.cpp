// The products' one translation table: every label exists in both languages, and
// placeholders are filled where each language puts them.
#include <catch2/catch.hpp>
#include <string>

#include "core/error.hpp"
#include "scenarios/products/labels.hpp"

using namespace beibu;

namespace {
// The placeholders {1}..{9} a text uses, as a bit set.
int placeholders(const std::string& s) {
  int bits = 0;
  for (std::size_t i = 0; i + 2 < s.size(); ++i)
    if (s[i] == '{' && s[i + 1] >= '1' && s[i + 1] <= '9' && s[i + 2] == '}') bits |= 1 << (s[i + 1] - '1');
  return bits;
}
bool has_han(const std::string& s) {  // a CJK ideograph in UTF-8 (U+4E00..U+9FFF: lead byte 0xE4..0xE9)
  for (unsigned char c : s)
    if (c >= 0xE4 && c <= 0xE9) return true;
  return false;
}
}  // namespace

TEST_CASE("Labels: every key has English and Chinese text with the same placeholders", "[report]") {
  const auto keys = label_keys();
  REQUIRE(keys.size() > 50);
  for (const auto& k : keys) {
    INFO("label " << k);
    const std::string& en = tr(k, "en");
    const std::string& zh = tr(k, "zh");
    CHECK(!en.empty());
    CHECK(!zh.empty());
    CHECK(placeholders(en) == placeholders(zh));
    CHECK(!has_han(en));
    // Chinese text is Chinese, except the few labels that are codes in both languages.
    if (k != "html_lang") CHECK((has_han(zh) || zh == en));
  }
  CHECK(tr("html_lang", "zh") == "zh-CN");
  CHECK(tr("yes", "fr") == "yes");  // any other language falls back to English
  CHECK_THROWS_AS(tr("no such label", "en"), Failure);
}

TEST_CASE("Labels: placeholders are filled in each language's order, once", "[report]") {
  CHECK(tr("share_map", "en", {"VN", "DIN"}) == "share of DIN from VN sources (0-100 %)");
  CHECK(tr("share_map", "zh", {"VN", "DIN"}) == "来自 VN 的 DIN 占比（0-100 %）");
  // An argument that contains a placeholder is not expanded again.
  CHECK(tr("col.from_jurisdiction", "en", {"{1}"}) == "from {1} %");
  CHECK_THROWS_AS(tr("share_map", "en", {"VN"}), Failure);
}
