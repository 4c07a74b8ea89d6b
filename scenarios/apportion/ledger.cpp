#include "scenarios/apportion/ledger.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "core/config.hpp"
#include "core/error.hpp"
#include "scenarios/compliance/compliance.hpp"

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
    a.target_class = static_cast<int>(c.at("target_class").as_int()) - 1;
    if (a.target_class < 0 || a.target_class > 5) c.at("target_class").fail("expected a class number from 1");
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
    a.paid_when_met = c.get("paid_when_met", 0.0);
    a.paid_when_failed = c.get("paid_when_failed", 0.0);
    if (a.paid_when_met < 0) c.at("paid_when_met").fail("must be >= 0");
    if (a.paid_when_failed < 0) c.at("paid_when_failed").fail("must be >= 0");
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

}  // namespace beibu
