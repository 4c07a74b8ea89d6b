// `beibu ledger RUN_DIR`: the compensation ledger of the agreements
// (data/beibu/agreements.yaml) on a run's river border sections
// (RUN_DIR/rivers/sections.csv): who owes whom, how much and why.
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "command.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "scenarios/apportion/ledger.hpp"
#include "scenarios/compliance/standards.hpp"
#include "scenarios/products/report.hpp"

namespace beibu::cli {

namespace {
const std::string kData = BEIBU_DATA_DIR;

struct LedgerArgs {
  std::string run, out, sections, agreements = kData + "/beibu/agreements.yaml", lang = "en";
};

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out{""};
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      out.emplace_back();
    else if (c != '\r')
      out.back() += c;
  }
  return out;
}

// section -> constituent -> mean (mg/L), from the rivers' sections table.
std::map<std::string, std::map<std::string, double>> read_section_means(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, "", "cannot read (was the run made with the river network?)");
  std::string line;
  if (!std::getline(in, line)) throw InputError(path, "line 1", "empty file");
  const auto header = split_csv(line);
  auto col = [&](const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    throw InputError(path, "line 1", "missing column '" + name + "'");
  };
  const std::size_t cs = col("section"), cc = col("constituent"), cm = col("mean_mg_L");
  std::map<std::string, std::map<std::string, double>> out;
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.empty() || line == "\r") continue;
    const auto f = split_csv(line);
    if (f.size() != header.size())
      throw InputError(path, "line " + std::to_string(n),
                       std::to_string(f.size()) + " fields, expected " + std::to_string(header.size()));
    if (f[cm].empty()) continue;  // a summary row (constituent "all") has a class but no mean
    double v = 0;
    try {
      std::size_t used = 0;
      v = std::stod(f[cm], &used);
      if (used != f[cm].size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      throw InputError(path, "line " + std::to_string(n), "mean_mg_L '" + f[cm] + "' is not a number");
    }
    if (!(v >= 0)) throw InputError(path, "line " + std::to_string(n), "mean_mg_L must be >= 0");
    out[f[cs]][f[cc]] = v;
  }
  return out;
}

std::string money(double v) {
  std::ostringstream os;
  os.setf(std::ios::fixed);
  os.precision(0);
  os << v;
  return os.str();
}

void run(const LedgerArgs& a) {
  const std::string sections = a.sections.empty() ? a.run + "/rivers/sections.csv" : a.sections;
  const auto agreements = load_agreements(a.agreements);
  const auto means = read_section_means(sections);
  const auto entries = evaluate_ledger(agreements, means, a.agreements, sections);
  const auto net = net_positions(entries);
  const std::string out = a.out.empty() ? a.run + "/ledger" : a.out;
  open_output_dir(out);
  run_on_root(PETSC_COMM_WORLD, [&] {
    const bool zh = a.lang == "zh";
    Table t{{"agreement", "section", "class", "target", "met", "payer", "payee", "amount", "currency", "reason"}, {}};
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto& e = entries[i];
      const Standard s = load_standard(agreements[i].standard_file);
      t.rows.push_back({e.agreement, e.section, s.class_name(e.section_class, a.lang),
                        s.class_name(agreements[i].target_class, a.lang), e.met ? "yes" : "no", e.payer, e.payee,
                        money(e.amount), e.currency, e.reason});
    }
    write_csv(out + "/ledger.csv", t);
    Table nt{{"jurisdiction", "net (receives + / pays -)"}, {}};
    for (const auto& [who, v] : net) nt.rows.push_back({who, money(v)});
    write_csv(out + "/net_positions.csv", nt);
    std::ostringstream md;
    md << "# " << (zh ? "生态补偿台账" : "Compensation ledger") << "\n\n"
       << "Agreements: `" << a.agreements << "`; section means: `" << sections << "`.\n\n";
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
    write_text(out + "/ledger.md", md.str());
    for (const auto& e : entries)
      BLOG(info) << e.agreement << ": " << e.payer << " -> " << e.payee << " " << e.amount << " " << e.currency;
  });
}
}  // namespace

Command add_ledger_command(CLI::App& parent) {
  auto args = std::make_shared<LedgerArgs>();
  Command c;
  c.app = parent.add_subcommand("ledger", "Compensation ledger of cross-border river agreements on a run's sections");
  c.app->add_option("run", args->run, "A run's output directory (reads rivers/sections.csv)")->required();
  c.app->add_option("--agreements", args->agreements, "Agreements (YAML)")->capture_default_str();
  c.app->add_option("--sections", args->sections, "Section table instead of RUN/rivers/sections.csv");
  c.app->add_option("-o,--output", args->out, "Output directory (default RUN/ledger)");
  c.app->add_option("--lang", args->lang, "Class names in this language")->check(CLI::IsMember({"en", "zh"}));
  c.run = [args] { run(*args); };
  return c;
}

}  // namespace beibu::cli
