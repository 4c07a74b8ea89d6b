#pragma once
// Text templates with numbered places: "{1} of {2}" filled with {"a", "b"} is "a of b".
#include <string>
#include <vector>

namespace beibu {

// `text` with each {1}..{9} replaced by args[0]..args[8], in one pass (an argument that
// holds "{2}" stays as it is). Failure naming `what` if a place has no argument.
std::string fill_placeholders(const std::string& text, const std::vector<std::string>& args, const std::string& what);

}  // namespace beibu
