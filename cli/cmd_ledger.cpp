// `beibu ledger RUN_DIR`: the compensation ledger of the agreements
// (data/beibu/agreements.yaml) on a run's river border sections
// (RUN_DIR/rivers/sections.csv): who owes whom, how much and why.
#include <memory>

#include "command.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "scenarios/apportion/ledger.hpp"

namespace beibu::cli {

namespace {
const std::string kData = BEIBU_DATA_DIR;

struct LedgerArgs {
  std::string run, out, sections, agreements = kData + "/beibu/agreements.yaml", lang = "en";
};

void run(const LedgerArgs& a) {
  const std::string sections = a.sections.empty() ? a.run + "/rivers/sections.csv" : a.sections;
  const auto agreements = load_agreements(a.agreements);
  const auto entries = evaluate_ledger(agreements, read_section_means(sections), a.agreements, sections);
  const std::string out = a.out.empty() ? a.run + "/ledger" : a.out;
  open_output_dir(out);
  run_on_root(PETSC_COMM_WORLD, [&] {
    write_ledger(out, agreements, entries, a.agreements, sections, a.lang);
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
