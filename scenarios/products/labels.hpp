#pragma once
// The fixed text of every product (reports, tables, ledgers) in English and
// Chinese, in one table: a product asks for a label by key and language, so a
// new language is one more column here and a missing translation is a test failure.
#include <string>
#include <vector>

namespace beibu {

// Text of the label `key` in `lang` ("en" or "zh"; anything else is English).
// Failure for an unknown key (a programming error, not bad input).
const std::string& tr(const std::string& key, const std::string& lang);

// The same with placeholders {1}, {2}, ... replaced by `args` in order (the
// languages put them in different places: "share of {1} from {2}", "来自 {2} 的 {1}").
std::string tr(const std::string& key, const std::string& lang, const std::vector<std::string>& args);

// Every key of the table, for the completeness test.
std::vector<std::string> label_keys();

// A name a data file gives in both languages (zones, stations, standards).
inline const std::string& localized(const std::string& en, const std::string& zh, const std::string& lang) {
  return lang == "zh" ? zh : en;
}

}  // namespace beibu
