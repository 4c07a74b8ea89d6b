#pragma once
// Logging (Boost.Log): every record carries a UTC timestamp, severity and MPI rank.
// Rank 0 logs at the chosen level; other ranks log warnings and errors only.
#include <boost/log/sources/record_ostream.hpp>
#include <boost/log/sources/severity_logger.hpp>
#include <iosfwd>
#include <string>

namespace beibu {

enum class Severity { debug, info, warning, error };

std::ostream& operator<<(std::ostream& os, Severity s);
// Parses "debug", "info", "warning" or "error"; throws InputError otherwise.
Severity parse_severity(const std::string& name);

struct LogOptions {
  Severity level = Severity::info;
  bool quiet = false;  // console shows warnings and errors only
  int rank = 0;
};

// Sets up console logging. Safe to call again (it resets the sinks).
void log_init(const LogOptions& opts);
// Adds a log file (appended by every rank, one record per write).
void log_to_file(const std::string& path);
// Removes all sinks (tests; end of main).
void log_shutdown();

using Logger = boost::log::sources::severity_logger_mt<Severity>;
Logger& logger();

}  // namespace beibu

#define BLOG(sev) BOOST_LOG_SEV(::beibu::logger(), ::beibu::Severity::sev)
