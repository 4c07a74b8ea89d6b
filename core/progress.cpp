#include "progress.hpp"

#include <cmath>
#include <cstdio>

#include "log.hpp"

namespace beibu {

Progress::Progress(std::string label, double total, std::string unit, double interval_s)
    : label_(std::move(label)), unit_(std::move(unit)), total_(total), interval_s_(interval_s) {
  start_ = last_ = std::chrono::steady_clock::now();
}

double Progress::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string Progress::format_duration(double s) {
  if (!std::isfinite(s) || s < 0) return "?";
  char buf[32];
  const long t = std::lround(s);
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t % 3600) / 60);
  else if (t >= 60)
    std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%lds", t);
  return buf;
}

void Progress::update(double done, const std::string& note) {
  const auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_).count() < interval_s_) return;
  last_ = now;
  const double el = elapsed_s();
  const double frac = total_ > 0 ? done / total_ : 0.0;
  const double rate = el > 0 ? done / el : 0.0;
  const double eta = rate > 0 ? (total_ - done) / rate : NAN;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s: %5.1f%% | %.3g %s/s | elapsed %s | ETA %s", label_.c_str(), 100.0 * frac, rate,
                unit_.c_str(), format_duration(el).c_str(), format_duration(eta).c_str());
  BLOG(info) << buf << (note.empty() ? "" : " | " + note);
}

void Progress::finish(const std::string& note) {
  const double el = elapsed_s();
  BLOG(info) << label_ << ": done in " << format_duration(el) << (note.empty() ? "" : " | " + note);
}

}  // namespace beibu
