#pragma once
// Outputs are written under a temporary name in the same directory and renamed
// when complete, so an interrupted run never leaves a truncated file that looks finished.
#include <filesystem>
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

}  // namespace beibu
