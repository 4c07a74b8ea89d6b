#include "log.hpp"

#include <boost/core/null_deleter.hpp>
#include <boost/log/attributes/clock.hpp>
#include <boost/log/attributes/constant.hpp>
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/log/support/date_time.hpp>
#include <boost/shared_ptr.hpp>
#include <fstream>
#include <iostream>

#include "error.hpp"

namespace beibu {

namespace logging = boost::log;
namespace expr = boost::log::expressions;
namespace sinks = boost::log::sinks;

BOOST_LOG_ATTRIBUTE_KEYWORD(a_severity, "Severity", Severity)
BOOST_LOG_ATTRIBUTE_KEYWORD(a_rank, "Rank", int)
BOOST_LOG_ATTRIBUTE_KEYWORD(a_time, "TimeStamp", boost::posix_time::ptime)

std::ostream& operator<<(std::ostream& os, Severity s) {
  static const char* names[] = {"debug", "info", "warning", "error"};
  return os << names[static_cast<int>(s)];
}

Severity parse_severity(const std::string& name) {
  if (name == "debug") return Severity::debug;
  if (name == "info") return Severity::info;
  if (name == "warning") return Severity::warning;
  if (name == "error") return Severity::error;
  throw InputError("", "--log-level", "unknown level '" + name + "' (expected debug, info, warning or error)");
}

namespace {
LogOptions g_opts;

auto record_format() {
  return expr::stream << expr::format_date_time(a_time, "%Y-%m-%dT%H:%M:%S.%fZ") << " [" << a_severity << "] [r"
                      << a_rank << "] " << expr::smessage;
}

// Rank 0 sees `level`; other ranks only warnings and errors.
Severity effective_level(const LogOptions& o, bool console) {
  Severity lvl = o.level;
  if (o.rank != 0 && lvl < Severity::warning) lvl = Severity::warning;
  if (console && o.quiet && lvl < Severity::warning) lvl = Severity::warning;
  return lvl;
}

using OstreamSink = sinks::synchronous_sink<sinks::text_ostream_backend>;
}  // namespace

Logger& logger() {
  static Logger lg;
  return lg;
}

void log_init(const LogOptions& opts) {
  g_opts = opts;
  auto core = logging::core::get();
  core->remove_all_sinks();
  auto attrs = core->get_global_attributes();
  attrs.erase("Rank");
  attrs.erase("TimeStamp");
  attrs.insert("TimeStamp", logging::attributes::utc_clock());
  attrs.insert("Rank", logging::attributes::constant<int>(opts.rank));
  core->set_global_attributes(attrs);

  // Info to stdout, warnings and errors to stderr.
  const Severity lvl = effective_level(opts, true);
  auto out = boost::make_shared<sinks::text_ostream_backend>();
  out->add_stream(boost::shared_ptr<std::ostream>(&std::cout, boost::null_deleter()));
  out->auto_flush(true);
  auto out_sink = boost::make_shared<OstreamSink>(out);
  out_sink->set_filter(a_severity >= lvl && a_severity < Severity::warning);
  out_sink->set_formatter(record_format());
  core->add_sink(out_sink);

  auto err = boost::make_shared<sinks::text_ostream_backend>();
  err->add_stream(boost::shared_ptr<std::ostream>(&std::cerr, boost::null_deleter()));
  err->auto_flush(true);
  auto err_sink = boost::make_shared<OstreamSink>(err);
  err_sink->set_filter(a_severity >= Severity::warning && a_severity >= lvl);
  err_sink->set_formatter(record_format());
  core->add_sink(err_sink);
}

void log_to_file(const std::string& path) {
  auto stream = boost::make_shared<std::ofstream>(path, std::ios::app);
  if (!*stream) throw InputError(path, "", "cannot open log file for writing");
  auto backend = boost::make_shared<sinks::text_ostream_backend>();
  backend->add_stream(stream);
  backend->auto_flush(true);
  auto sink = boost::make_shared<OstreamSink>(backend);
  sink->set_filter(a_severity >= effective_level(g_opts, false));
  sink->set_formatter(record_format());
  logging::core::get()->add_sink(sink);
}

void log_shutdown() {
  logging::core::get()->remove_all_sinks();
}

}  // namespace beibu
