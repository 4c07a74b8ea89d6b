#include "scenarios/apportion/ledger.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/config.hpp"
#include "core/error.hpp"
#include "ingest/csv_reader.hpp"
#include "scenarios/compliance/compliance.hpp"
#include "scenarios/products/report.hpp"

namespace beibu {

std::vector<Agreement> load_agreements(const std::string& path) {
  const Config root = Config::load_file(path);
  root.check_keys({"agreements"});
  const std::string base = std::filesystem::path(path).parent_path().string();
  std::vector<Agreement> out;
  for (const Config& c : root.at("agreements").items()) {
    c.check_keys({"id", "name", "name_zh", "section", "upstream", "downstream", "standard", "target_class",
                  "parameters", "measured_as", "currency", "paid_when_met", "paid_when_failed", "source"});
    Agreement a;
    a.line = c.line();
    a.id = c.at("id").as_string();
    a.name = c.get("name", a.id);
    a.name_zh = c.get("name_zh", a.name);
    a.section = c.at("section").as_string();
    a.upstream = c.at("upstream").as_string();
    a.downstream = c.at("downstream").as_string();
    if (a.upstream == a.downstream) c.at("downstream").fail("must differ from upstream");
    std::filesystem::path sp(c.at("standard").as_string());
    a.standard_file = (sp.is_absolute() ? sp : std::filesystem::path(base) / sp).lexically_normal().string();
    a.target_class = static_cast<int>(c.at("target_class").as_int(Range::whole(1, 6))) - 1;
    for (const Config& p : c.at("parameters").items()) a.parameters.push_back(p.as_string());
    if (a.parameters.empty()) c.at("parameters").fail("needs at least one parameter");
    if (c.has("measured_as")) {
      const Config m = c.at("measured_as");
      for (const auto& k : m.keys()) {
        if (std::find(a.parameters.begin(), a.parameters.end(), k) == a.parameters.end())
          m.at(k).fail("'" + k + "' is not one of this agreement's parameters");
        a.measured_as[k] = m.at(k).as_string();
      }
    }
    a.currency = c.get("currency", std::string("CNY"));
    a.paid_when_met = c.get("paid_when_met", 0.0, Range::non_negative());
    a.paid_when_failed = c.get("paid_when_failed", 0.0, Range::non_negative());
    a.source = c.get("source", std::string());
    out.push_back(a);
  }
  return out;
}

std::vector<LedgerEntry> evaluate_ledger(const std::vector<Agreement>& agreements,
                                         const std::map<std::string, std::map<std::string, double>>& means,
                                         const std::string& file, const std::string& data_file) {
  std::vector<LedgerEntry> out;
  for (const auto& a : agreements) {
    const Standard s = load_standard(a.standard_file);
    auto sec = means.find(a.section);
    if (sec == means.end())
      throw InputError(data_file.empty() ? file : data_file, "",
                       "no section '" + a.section + "', which agreement '" + a.id + "' (" + file + ", line " +
                           std::to_string(a.line) + ") needs");
    std::map<std::string, double> vals;
    for (const auto& p : a.parameters) {
      if (!s.find(p))
        throw InputError(file, "line " + std::to_string(a.line), "parameter '" + p + "' is not in " + s.id);
      const auto as = a.measured_as.find(p);
      const std::string col = as == a.measured_as.end() ? p : as->second;
      auto v = sec->second.find(col);
      if (v == sec->second.end())
        throw InputError(
            data_file.empty() ? file : data_file, "",
            "section '" + a.section + "' has no value for '" + col + "', which agreement '" + a.id + "' needs");
      vals[p] = v->second;
    }
    const WorstClass w = classify_worst(s, vals);
    LedgerEntry e;
    e.agreement = a.id;
    e.section = a.section;
    e.currency = a.currency;
    e.section_class = w.cls;
    e.met = w.cls >= 0 && w.cls <= a.target_class;
    std::ostringstream why;
    const auto as = a.measured_as.find(w.parameter);
    why << "section '" << a.section << "' is " << s.class_name(w.cls) << " (worst: " << w.parameter
        << (as == a.measured_as.end() ? "" : " as " + as->second) << " " << vals[w.parameter]
        << " mg/L) against the target " << s.class_name(a.target_class);
    if (e.met) {
      e.payer = a.downstream;
      e.payee = a.upstream;
      e.amount = a.paid_when_met;
      why << ": met, so " << a.downstream << " compensates " << a.upstream;
    } else {
      e.payer = a.upstream;
      e.payee = a.downstream;
      e.amount = a.paid_when_failed;
      why << ": not met, so " << a.upstream << " compensates " << a.downstream;
    }
    e.reason = why.str();
    out.push_back(e);
  }
  return out;
}

std::map<std::string, double> net_positions(const std::vector<LedgerEntry>& entries) {
  std::map<std::string, double> net;
  for (const auto& e : entries) {
    net[e.payee + " (" + e.currency + ")"] += e.amount;
    net[e.payer + " (" + e.currency + ")"] -= e.amount;
  }
  return net;
}

std::map<std::string, std::map<std::string, double>> read_section_means(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot read (was the run made with the river network?)");
  CsvReader csv(in, path);
  CsvRecord rec;
  if (!csv.next(rec)) throw InputError(path, "line 1", "empty file");
  const auto cols = csv_header_columns(rec, path, {"section", "constituent", "mean_mg_l"});
  const std::size_t cs = cols.at("section"), cc = cols.at("constituent"), cm = cols.at("mean_mg_l");
  std::map<std::string, std::map<std::string, double>> out;
  while (csv.next(rec)) {
    csv_require_fields(rec, cols.size(), path);
    const std::string& mean = rec.fields[cm];
    if (mean.empty()) continue;  // a summary row (constituent "all") has a class but no mean
    const auto v = parse_number(mean);
    if (!v) throw InputError(path, csv_line(rec), "mean_mg_L '" + mean + "' is not a number");
    if (!(*v >= 0)) throw InputError(path, csv_line(rec), "mean_mg_L must be >= 0");
    out[rec.fields[cs]][rec.fields[cc]] = *v;
  }
  return out;
}

namespace {

// Amounts of money in whole units of their currency.
std::string money(double v) {
  std::ostringstream os;
  os.setf(std::ios::fixed);
  os.precision(0);
  os << v;
  return os.str();
}

}  // namespace

void write_ledger(const std::string& dir, const std::vector<Agreement>& agreements,
                  const std::vector<LedgerEntry>& entries, const std::string& agreements_file,
                  const std::string& sections_file, const std::string& lang) {
  Table t{{"agreement", "section", "class", "target", "met", "payer", "payee", "amount", "currency", "reason"}, {}};
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    const Standard s = load_standard(agreements[i].standard_file);
    t.rows.push_back({e.agreement, e.section, s.class_name(e.section_class, lang),
                      s.class_name(agreements[i].target_class, lang), e.met ? "yes" : "no", e.payer, e.payee,
                      money(e.amount), e.currency, e.reason});
  }
  write_csv(dir + "/ledger.csv", t);
  Table nt{{"jurisdiction", "net (receives + / pays -)"}, {}};
  for (const auto& [who, v] : net_positions(entries)) nt.rows.push_back({who, money(v)});
  write_csv(dir + "/net_positions.csv", nt);
  std::ostringstream md;
  md << "# " << tr("ledger", lang) << "\n\n"
     << "Agreements: `" << agreements_file << "`; section means: `" << sections_file << "`.\n\n";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    md << "- **" << agreements[i].name << "**: " << e.payer << " owes " << e.payee << " " << money(e.amount) << " "
       << e.currency << ". Why: " << e.reason << "."
       << (agreements[i].source.empty() ? "" : " Terms: " + agreements[i].source) << "\n";
  }
  md << "\n## Entries\n\n";
  md_table(md, t);
  md << "\n## Net positions\n\n";
  md_table(md, nt);
  md << "\nThe amounts are the agreements' (per assessment period, usually a year); the section means come from the "
        "run's period, which stands in for that assessment. Illustrative terms are marked in the agreements file.\n";
  write_text(dir + "/ledger.md", md.str());
}

}  // namespace beibu
