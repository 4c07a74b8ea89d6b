#pragma once
// What a run records about the program that made it (run manifests): the version
// text (`beibu --version`: our version and the library versions) and the command
// line. `main` sets both once; the scenario runner reads them.
#include <string>

namespace beibu {

void set_provenance(const std::string& version_text, const std::string& command_line);
const std::string& program_version_text();  // "" until set
const std::string& program_command_line();  // "" until set

}  // namespace beibu
