#include "atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "error.hpp"

namespace beibu {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path>& committed_list() {
  static std::vector<fs::path> list;
  return list;
}

}  // namespace

const std::vector<fs::path>& committed_outputs() {
  return committed_list();
}

AtomicOutput::AtomicOutput(fs::path final_path) : final_(std::move(final_path)) {
  // Hidden, with the pid, so concurrent writers and `ls` never mistake it for a
  // result; the extension is kept because some writers (gmsh) choose the format by it.
  temp_ = final_.parent_path() /
          ("." + final_.stem().string() + ".part" + std::to_string(::getpid()) + final_.extension().string());
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicOutput::commit() {
  std::error_code ec;
  fs::rename(temp_, final_, ec);
  if (ec) throw Failure("cannot move " + temp_.string() + " to " + final_.string() + ": " + ec.message());
  committed_ = true;
  committed_list().push_back(final_);
}

void prepare_output_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw InputError(dir.string(), "", "cannot create output directory: " + ec.message());
  if (!fs::is_directory(dir)) throw InputError(dir.string(), "", "output path exists and is not a directory");
  if (::access(dir.c_str(), W_OK) != 0)
    throw InputError(dir.string(), "", std::string("output directory is not writable: ") + std::strerror(errno));
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

void check_output_file(const fs::path& file, const std::vector<std::string>& inputs) {
  const std::string f = file.string();
  if (f.empty()) throw InputError("", "-o", "no output file given");
  if (fs::is_directory(file))
    throw InputError(f, "",
                     "is a directory; give the path of the file to write (e.g. " + (file / "subset.nc").string() + ")");
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  if (!fs::exists(dir)) throw InputError(dir.string(), "", "output directory does not exist (it is not created)");
  if (!fs::is_directory(dir)) throw InputError(dir.string(), "", "output path exists and is not a directory");
  if (::access(dir.c_str(), W_OK) != 0)
    throw InputError(dir.string(), "", std::string("output directory is not writable: ") + std::strerror(errno));
  for (const auto& in : inputs)
    if (!in.empty() && same_file(file, in))
      throw InputError(f, "", "is an input of this command (" + in + "); writing it would overwrite it");
}

void check_output_dir(const fs::path& dir, const std::vector<std::string>& inputs,
                      const std::vector<std::string>& names) {
  if (fs::exists(dir) && !fs::is_directory(dir))
    throw InputError(dir.string(), "", "output path exists and is not a directory");
  for (const auto& n : names)
    for (const auto& in : inputs)
      if (!in.empty() && same_file(dir / n, in))
        throw InputError((dir / n).string(), "",
                         "is an input of this command (" + in + "); writing it would overwrite it");
}

}  // namespace beibu
