#include "provenance.hpp"

namespace beibu {

namespace {
std::string& version_store() {
  static std::string s;
  return s;
}
std::string& command_store() {
  static std::string s;
  return s;
}
}  // namespace

void set_provenance(const std::string& version_text, const std::string& command_line) {
  version_store() = version_text;
  command_store() = command_line;
}
const std::string& program_version_text() {
  return version_store();
}
const std::string& program_command_line() {
  return command_store();
}

}  // namespace beibu
