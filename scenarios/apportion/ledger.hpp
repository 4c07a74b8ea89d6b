#pragma once
// The compensation ledger: agreements between jurisdictions written as data
// (e.g. the Guangdong-Guangxi Jiuzhou River agreement: the downstream province
// pays the upstream one when the border section meets its target class, and is
// paid when it does not). Evaluated on a run's (or observed) section means.
#include <map>
#include <string>
#include <vector>

#include "scenarios/compliance/standards.hpp"

namespace beibu {

struct Agreement {
  std::string id, name, name_zh, section, upstream, downstream, standard_file, currency, source;
  int target_class = 2;  // 0-based
  std::vector<std::string> parameters;
  // Standard parameter -> the constituent of the section table that stands for it (e.g.
  // NH3N measured as the model's DIN); parameters not listed are looked up by their own name.
  std::map<std::string, std::string> measured_as;
  double paid_when_met = 0;     // downstream -> upstream
  double paid_when_failed = 0;  // upstream -> downstream
  int line = 0;
};

// Reads data/beibu/agreements.yaml-style files; errors name file, line and key.
std::vector<Agreement> load_agreements(const std::string& path);

struct LedgerEntry {
  std::string agreement, section, payer, payee, currency, reason;
  int section_class = -1;
  bool met = false;
  double amount = 0;
};

// One entry per agreement. `section_means[section][parameter]` in mg/L, read from
// `data_file`. A missing section or parameter is an InputError naming `data_file`, a
// parameter the standard lacks one naming `agreements_file` (the ledger must not guess).
std::vector<LedgerEntry> evaluate_ledger(const std::vector<Agreement>& agreements,
                                         const std::map<std::string, std::map<std::string, double>>& section_means,
                                         const std::string& agreements_file, const std::string& data_file = "");

// Net amount each jurisdiction receives (positive) or pays (negative), per currency.
std::map<std::string, double> net_positions(const std::vector<LedgerEntry>& entries);

// section -> constituent -> period mean (mg/L): the `mean_mg_L` column of a section
// table (a run's rivers/sections.csv). Rows without a mean (the "all" summary rows)
// are skipped; an unreadable file, a missing column, a row of the wrong length or a
// mean that is not a number >= 0 is an InputError naming the file and line.
std::map<std::string, std::map<std::string, double>> read_section_means(const std::string& path);

// DIR/ledger.csv, DIR/net_positions.csv and DIR/ledger.md (class names and title in
// `lang`); `agreements_file` and `sections_file` are named in the Markdown.
void write_ledger(const std::string& dir, const std::vector<Agreement>& agreements,
                  const std::vector<LedgerEntry>& entries, const std::string& agreements_file,
                  const std::string& sections_file, const std::string& lang);

}  // namespace beibu
