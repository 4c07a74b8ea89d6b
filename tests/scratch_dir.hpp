#pragma once
// A scratch directory private to one test process (named by its pid), made on first use
// and removed with everything in it when the process exits, so the suite leaves nothing
// behind in the temporary directory.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace beibu::test {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& stem)
      : path_(std::filesystem::temp_directory_path() / (stem + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;  // best effort: a failed clean-up must not fail the test
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace beibu::test
