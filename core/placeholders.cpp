#include "core/placeholders.hpp"

#include "core/error.hpp"

namespace beibu {

std::string fill_placeholders(const std::string& text, const std::vector<std::string>& args, const std::string& what) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 1] >= '1' && text[i + 1] <= '9' && text[i + 2] == '}') {
      const std::size_t a = static_cast<std::size_t>(text[i + 1] - '1');
      if (a >= args.size()) throw Failure(what + " needs more than " + std::to_string(args.size()) + " arguments");
      out += args[a];
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace beibu
