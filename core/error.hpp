#pragma once
// The two kinds of failure a user can meet. Every layer throws one of these;
// only `main` turns them into a message and an exit code (2 or 1).
#include <stdexcept>
#include <string>

namespace beibu {

// Bad input the user can fix: a missing or malformed file, an unknown key, a
// value out of range. Carries where (file, and line or variable) and what is wrong.
class InputError : public std::runtime_error {
 public:
  // `where` is a line ("line 12"), a variable ("variable 'u10'") or empty.
  InputError(const std::string& file, const std::string& where, const std::string& problem);
  const std::string& file() const { return file_; }
  const std::string& where() const { return where_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_, where_, problem_;
};

// Anything else: a solver that diverged, a full disk, a bug. Exit code 1.
class Failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Exit codes of the CLI contract (DESIGN.md).
enum ExitCode : int { kExitOk = 0, kExitFailure = 1, kExitBadInput = 2 };

}  // namespace beibu
