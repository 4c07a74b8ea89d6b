#include "scenarios/run/manifest.hpp"

#include <petscsys.h>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"

namespace beibu {

namespace fs = std::filesystem;

namespace {

// A YAML double-quoted scalar.
std::string quoted(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      o += std::string("\\") + c;
    else if (c == '\n')
      o += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20)
      o += ' ';
    else
      o += c;
  }
  return o + "\"";
}

std::string number(double v) {
  if (std::isnan(v)) return ".nan";
  if (std::isinf(v)) return v > 0 ? ".inf" : "-.inf";
  std::ostringstream os;
  os.precision(17);
  os << v;
  return os.str();
}

// `p` relative to `dir` (both canonical), or empty if it is not under `dir`.
fs::path relative_under(const fs::path& p, const fs::path& dir) {
  std::error_code ec;
  const fs::path rel = fs::weakly_canonical(p, ec).lexically_relative(dir);
  if (ec || rel.empty() || *rel.begin() == "..") return {};
  return rel;
}

bool is_run_bookkeeping(const fs::path& rel) {
  return rel == "manifest.yaml" || *rel.begin() == "checkpoints";
}

}  // namespace

std::vector<ManifestInput> hash_inputs(const std::vector<std::pair<std::string, std::string>>& role_paths) {
  std::vector<ManifestInput> out;
  std::set<std::string> seen;
  for (const auto& [role, path] : role_paths) {
    if (path.empty()) continue;
    std::error_code ec;
    const std::string canon = fs::weakly_canonical(path, ec).string();
    if (!seen.insert(ec ? path : canon).second) continue;
    if (fs::is_directory(path, ec)) continue;  // a stored run directory is named, not hashed
    out.push_back({role, path, sha256_file(path)});
  }
  return out;
}

std::vector<ManifestOutput> hash_outputs(const std::string& dir, std::size_t first) {
  const fs::path root = fs::weakly_canonical(dir);
  const auto& committed = committed_outputs();
  std::set<std::string> paths;
  for (std::size_t i = first; i < committed.size(); ++i) {
    const fs::path rel = relative_under(committed[i], root);
    if (!rel.empty() && !is_run_bookkeeping(rel) && fs::is_regular_file(root / rel)) paths.insert(rel.string());
  }
  std::vector<ManifestOutput> out;
  for (const auto& p : paths) out.push_back({p, sha256_file((root / p).string()), fs::file_size(root / p)});
  return out;
}

std::string inputs_identity(const std::vector<ManifestInput>& inputs) {
  std::string all;
  for (const auto& i : inputs) all += i.sha256 + "\n";
  return sha256_hex(all);
}

std::vector<std::string> scenario_chain(const std::string& file) {
  std::vector<std::string> chain{file};
  std::string cur = file;
  for (int depth = 0; depth < 16; ++depth) {
    const Config c = Config::load_file(cur);
    if (!c.has("extends")) break;
    const fs::path parent = fs::path(cur).parent_path() / c.at("extends").as_string();
    cur = parent.lexically_normal().string();
    chain.push_back(cur);
  }
  return chain;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string petsc_options_text() {
  char* s = nullptr;
  if (PetscOptionsGetAll(nullptr, &s) != 0 || !s) return "";
  std::string out(s);
  PetscFree(s);
  return out;
}

std::vector<std::string> manifest_notes(const std::string& path, const std::string& lang) {
  std::vector<std::string> notes;
  if (!fs::exists(path)) return notes;
  const Config m = Config::load_file(path);
  if (!m.has("notes") || !m.at("notes").has(lang)) return notes;
  for (const Config& n : m.at("notes").at(lang).items()) notes.push_back(n.as_string());
  return notes;
}

void write_manifest(const std::string& dir, const Manifest& m) {
  std::ostringstream y;
  y << "# beibu run manifest (docs/operations.md)\n";
  y << "complete: " << (m.complete ? "true" : "false") << "\n";
  if (!m.failure.empty()) y << "failed: " << quoted(m.failure) << "\n";
  y << "scenario: " << quoted(m.scenario) << "\n";
  y << "scenario_file: " << quoted(m.scenario_file) << "\n";
  y << "program:\n";
  std::istringstream v(m.version_text);
  std::string line;
  while (std::getline(v, line))
    if (!line.empty()) y << "  - " << quoted(line.substr(line.find_first_not_of(' '))) << "\n";
  y << "command_line: " << quoted(m.command_line) << "\n";
  y << "petsc_options: " << quoted(m.petsc_options) << "\n";
  y << "ranks: " << m.ranks << "\n";
  y << "start_utc: " << quoted(m.start_utc) << "\n";
  if (!m.end_utc.empty()) y << "end_utc: " << quoted(m.end_utc) << "\n";
  y << "resumed_from:" << (m.resumed_from.empty() ? " []" : "") << "\n";
  for (const auto& r : m.resumed_from) y << "  - " << quoted(r) << "\n";
  y << "inputs:\n";
  for (const auto& i : m.inputs)
    y << "  - {role: " << quoted(i.role) << ", path: " << quoted(i.path) << ", sha256: " << i.sha256 << "}\n";
  if (m.complete) {
    y << "mass_budget:\n  max_relative_residual: " << number(m.max_budget_residual)
      << "\n  relative_residual:" << (m.budget_residuals.empty() ? " {}" : "") << "\n";
    for (const auto& [c, r] : m.budget_residuals) y << "    " << quoted(c) << ": " << number(r) << "\n";
    y << "outputs:" << (m.outputs.empty() ? " []" : "") << "\n";
    for (const auto& o : m.outputs)
      y << "  - {path: " << quoted(o.path) << ", bytes: " << o.bytes << ", sha256: " << o.sha256 << "}\n";
    if (!m.notes.empty()) y << "notes:\n";
    for (const auto& [lang, notes] : m.notes) {
      y << "  " << lang << ":" << (notes.empty() ? " []" : "") << "\n";
      for (const auto& n : notes) y << "    - " << quoted(n) << "\n";
    }
  }
  AtomicOutput out(fs::path(dir) / "manifest.yaml");
  {
    std::ofstream o(out.temp_path());
    o << y.str();
    o.flush();
    if (!o) throw Failure("cannot write " + out.temp_path().string() + " (disk full or not writable?)");
  }
  out.commit();
}

std::vector<std::string> manifest_resumed_from(const std::string& dir) {
  const std::string path = dir + "/manifest.yaml";
  std::vector<std::string> out;
  if (!fs::exists(path)) return out;
  try {
    const Config c = Config::load_file(path);
    if (c.has("resumed_from"))
      for (const auto& r : c.at("resumed_from").items()) out.push_back(r.as_string());
  } catch (const std::exception&) {
    // An unreadable earlier manifest only loses the history of resumptions.
  }
  return out;
}

bool run_is_complete(const std::string& dir) {
  try {
    require_complete_manifest(dir);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

std::vector<std::string> run_files(const std::string& dir) {
  std::vector<std::string> out;
  for (const char* f : {"manifest.yaml", "run_complete.yaml", "beibu.log"}) out.push_back((fs::path(dir) / f).string());
  const fs::path manifest = fs::path(dir) / "manifest.yaml";
  if (!fs::exists(manifest)) return out;
  const Config c = Config::load_file(manifest.string());
  if (c.has("outputs") && c.at("outputs").is_sequence())
    for (const auto& o : c.at("outputs").items())
      if (o.has("path")) out.push_back((fs::path(dir) / o.at("path").as_string()).string());
  return out;
}

void require_complete_manifest(const std::string& dir) {
  const std::string path = (fs::path(dir) / "manifest.yaml").string();
  if (!fs::exists(path))
    throw InputError(path, "", "missing: this is not the output of a finished `beibu run` (no run manifest)");
  const Config c = Config::load_file(path);
  if (!c.has("complete") || !c.at("complete").as_bool())
    throw InputError(path, "complete",
                     "the run is incomplete (interrupted or still running); resume it with `beibu run --resume`");
}

}  // namespace beibu
