#pragma once
// Outputs are written under a temporary name in the same directory and renamed
// when complete, so an interrupted run never leaves a truncated file that looks finished.
#include <filesystem>
#include <string>
#include <vector>

namespace beibu {

class AtomicOutput {
 public:
  explicit AtomicOutput(std::filesystem::path final_path);
  ~AtomicOutput();  // removes the temporary file unless committed
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& final_path() const { return final_; }
  // Renames the temporary file to the final name; throws Failure if that fails.
  void commit();

 private:
  std::filesystem::path final_, temp_;
  bool committed_ = false;
};

// The final path of every AtomicOutput this process has committed, oldest first
// (repeats included): a run manifest lists the ones under its directory.
const std::vector<std::filesystem::path>& committed_outputs();

// Creates `dir` (and parents) and checks it is writable; throws InputError naming it.
void prepare_output_dir(const std::filesystem::path& dir);

// Up-front checks of output paths, before any work (InputError naming the output):
// whether two paths name the same file (after links, "..", hard links).
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);
// A file to write: not a directory, in an existing, writable directory (a missing
// one is not created), and none of `inputs` (empty entries are ignored).
void check_output_file(const std::filesystem::path& file, const std::vector<std::string>& inputs);
// A directory to write the files `names` into: not a file, and none of those files
// one of `inputs`.
void check_output_dir(const std::filesystem::path& dir, const std::vector<std::string>& inputs,
                      const std::vector<std::string>& names);

}  // namespace beibu
