#include "numeric_option.hpp"

#include "core/error.hpp"

namespace beibu::cli {

CLI::Validator number_check(const Range& range) {
  return CLI::Validator(
      [range](std::string& text) {
        double v = 0;
        return number_problem(text, range, v);
      },
      range.describe());
}

CLI::Option* add_number(CLI::App* app, const std::string& name, double& value, const std::string& help,
                        const Range& range) {
  return app->add_option(name, value, help)->check(number_check(range));
}

CLI::Option* add_number(CLI::App* app, const std::string& name, int& value, const std::string& help,
                        const Range& range) {
  Range whole = range;
  whole.integer = true;
  return app->add_option(name, value, help)->check(number_check(whole));
}

double parse_number_arg(const std::string& text, const std::string& flag, const std::string& what, const Range& range) {
  double v = 0;
  const std::string problem = number_problem(text, range, v);
  if (!problem.empty()) throw InputError("", flag, what + " " + problem);
  return v;
}

}  // namespace beibu::cli
