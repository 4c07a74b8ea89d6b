#pragma once
// One parser for every numeric flag of every subcommand: the text must be all number
// (no trailing characters), finite (nan, inf refused) and inside the flag's range; the
// message names the flag ("--days: must be > 0 and <= 3660, got 0"). The check runs
// while the command line is parsed, before PETSc starts or anything is read.
#include <CLI/CLI.hpp>
#include <string>

#include "core/numbers.hpp"

namespace beibu::cli {

// Shared by run, batch and apportion: --days (up to ten years) and --checkpoint-every (hours).
inline const Range kDaysRange = Range::positive(3660);
inline const Range kCheckpointRange = Range::non_negative(24 * 3660);

// A CLI11 check of an option's text against `range` (its description is the range).
CLI::Validator number_check(const Range& range);

CLI::Option* add_number(CLI::App* app, const std::string& name, double& value, const std::string& help,
                        const Range& range);
CLI::Option* add_number(CLI::App* app, const std::string& name, int& value, const std::string& help,
                        const Range& range);

// A number inside another option's text (GROUP=WEIGHT, LON0,LAT0,...): InputError
// naming `flag` and `what` unless `text` is a number in `range`.
double parse_number_arg(const std::string& text, const std::string& flag, const std::string& what, const Range& range);

}  // namespace beibu::cli
