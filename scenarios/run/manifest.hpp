#pragma once
// The run manifest, OUT/manifest.yaml (docs/operations.md): what made a run and
// from what. Written atomically when the run starts (complete: false) and again
// when every output is in place (complete: true, end time, mass-budget residuals).
// `beibu export` publishes only from runs whose manifest says complete: true.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace beibu {

struct ManifestInput {
  std::string role, path, sha256;
};

// A result file of the run: its path relative to the run directory.
struct ManifestOutput {
  std::string path, sha256;
  std::uintmax_t bytes = 0;
};

struct Manifest {
  std::string scenario, scenario_file;
  std::string version_text, command_line, petsc_options;
  int ranks = 1;
  std::string start_utc, end_utc;
  std::vector<std::string> resumed_from;  // checkpoints this run continued from, in order
  std::vector<ManifestInput> inputs;
  std::vector<std::pair<std::string, double>> budget_residuals;  // per component, relative
  std::vector<ManifestOutput> outputs;                           // listed once complete
  // The report's notes (limitations, provenance) per language, listed once complete, so
  // that a report made later from the run (`beibu compliance --run`) carries them too.
  std::vector<std::pair<std::string, std::vector<std::string>>> notes;
  double max_budget_residual = 0;
  bool complete = false;
  std::string failure;  // the error that stopped a failed run ("" otherwise)
};

// The notes in `lang` of a complete run's manifest (`notes:`); none if the file does not
// exist or has none (runs made before beibu kept them). InputError if it is malformed.
std::vector<std::string> manifest_notes(const std::string& path, const std::string& lang);
// Hashes each (role, path); paths that are empty are skipped, a path given twice is
// listed once. InputError naming a file that cannot be read.
std::vector<ManifestInput> hash_inputs(const std::vector<std::pair<std::string, std::string>>& role_paths);
// The run's result files: the outputs this process committed (committed_outputs(),
// from index `first` on) that lie under `dir` and are still there, each once, sorted,
// with size and SHA-256. Not listed: manifest.yaml itself and checkpoints/ (removed
// when the run is complete); the log is not an AtomicOutput.
std::vector<ManifestOutput> hash_outputs(const std::string& dir, std::size_t first);
// One hash over the inputs' hashes (not their paths): the identity of a run's input.
std::string inputs_identity(const std::vector<ManifestInput>& inputs);
// The scenario file and the files it extends, child first.
std::vector<std::string> scenario_chain(const std::string& scenario_file);

std::string utc_now();                                           // ISO 8601, seconds, "Z"
std::string petsc_options_text();                                // the PETSc options database, as PETSc prints it
void write_manifest(const std::string& dir, const Manifest& m);  // atomic; Failure if it cannot
// The `resumed_from` list of an earlier manifest in `dir` (empty if none).
std::vector<std::string> manifest_resumed_from(const std::string& dir);
// InputError (file = DIR/manifest.yaml) unless the manifest exists and says complete: true.
void require_complete_manifest(const std::string& dir);
// The files a run directory's manifest vouches for: manifest.yaml, run_complete.yaml,
// beibu.log and every listed output, as paths under `dir` (what an export must not overwrite).
std::vector<std::string> run_files(const std::string& dir);
// Whether DIR/manifest.yaml exists and says complete: true.
bool run_is_complete(const std::string& dir);

}  // namespace beibu
