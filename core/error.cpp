#include "error.hpp"

namespace beibu {

namespace {
std::string compose(const std::string& file, const std::string& where, const std::string& problem) {
  std::string msg = file.empty() ? std::string() : file;
  if (!where.empty()) msg += (msg.empty() ? "" : ": ") + where;
  return msg.empty() ? problem : msg + ": " + problem;
}
}  // namespace

InputError::InputError(const std::string& file, const std::string& where, const std::string& problem)
    : std::runtime_error(compose(file, where, problem)), file_(file), where_(where), problem_(problem) {}

}  // namespace beibu
