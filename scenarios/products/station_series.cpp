#include "scenarios/products/station_series.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ingest/stations.hpp"
#include "scenarios/products/labels.hpp"
#include "scenarios/products/map_render.hpp"
#include "scenarios/products/map_svg.hpp"
#include "scenarios/products/report.hpp"

namespace beibu {

namespace {

const char* const kFont = kSvgFont;

std::string num(double v) {
  return svg_num(v);
}

std::string text(double x, double y, const std::string& s, int size, const char* anchor = "start",
                 const std::string& fill = "#222") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + std::to_string(size) + "\" " + kFont +
         " text-anchor=\"" + anchor + "\" fill=\"" + fill + "\">" + xml_escape(s) + "</text>";
}

}  // namespace

double series_axis_top(const StationSeries& s, const ParameterLimit& limit, int target_class) {
  double top = 0;
  for (double v : s.v)
    if (std::isfinite(v)) top = std::max(top, v);
  if (target_class >= 0 && target_class < static_cast<int>(limit.values.size()))
    top = std::max(top, limit.values[target_class]);
  return top > 0 ? 1.1 * top : 1.0;
}

std::string series_panel_svg(const StationSeries& s, const ParameterLimit& limit, int target_class, const Standard& st,
                             const std::string& title, const std::string& lang, double x, double y, double w,
                             double h) {
  const double left = 46, right = 8, top_pad = 18, bottom = 22;
  const double px0 = x + left, px1 = x + w - right, py0 = y + top_pad, py1 = y + h - bottom;
  const double top = series_axis_top(s, limit, target_class);
  double t0 = 0, t1 = 1;
  if (!s.t.empty()) t0 = s.t.front(), t1 = std::max(s.t.back(), t0 + 1);
  auto X = [&](double t) { return px0 + (t - t0) / (t1 - t0) * (px1 - px0); };
  auto Y = [&](double v) { return py1 - v / top * (py1 - py0); };
  std::string o = "<rect x=\"" + num(px0) + "\" y=\"" + num(py0) + "\" width=\"" + num(px1 - px0) + "\" height=\"" +
                  num(py1 - py0) + "\" fill=\"#fafafa\" stroke=\"#999\"/>";
  o += text(x + 4, y + 13, title, 12);
  o += text(px0 - 4, py1 + 4, "0", 10, "end") + text(px0 - 4, py0 + 8, format_significant(top, 3), 10, "end");
  // The class limits below the top, the target's red and dashed.
  for (std::size_t k = 0; k < limit.values.size(); ++k) {
    const double L = limit.values[k];
    if (!(L > 0 && L < top) || (k > 0 && L == limit.values[k - 1])) continue;
    const bool target = static_cast<int>(k) == target_class;
    o += "<line x1=\"" + num(px0) + "\" y1=\"" + num(Y(L)) + "\" x2=\"" + num(px1) + "\" y2=\"" + num(Y(L)) +
         "\" stroke=\"" + (target ? "#c00000" : "#888") + "\" stroke-width=\"" + (target ? "1.6" : "0.8") +
         "\" stroke-dasharray=\"" + (target ? "6 3" : "2 3") + "\"/>";
    o += text(px1 - 2, Y(L) - 2, st.class_name(static_cast<int>(k), lang) + " " + format_significant(L), 9, "end",
              target ? "#c00000" : "#555");
  }
  // At most the lowest and highest value per pixel column (in time order): a season of
  // hourly values draws the same line from a few hundred points.
  std::string pts;
  auto put = [&](std::size_t i) { pts += num(X(s.t[i])) + "," + num(Y(std::min(s.v[i], top))) + " "; };
  for (std::size_t i = 0; i < s.t.size();) {
    const long col = std::lround(std::floor(X(s.t[i])));
    std::size_t lo = s.t.size(), hi = lo, j = i;
    for (; j < s.t.size() && std::lround(std::floor(X(s.t[j]))) == col; ++j) {
      if (!std::isfinite(s.v[j])) continue;
      if (lo == s.t.size() || s.v[j] < s.v[lo]) lo = j;
      if (hi == s.t.size() || s.v[j] > s.v[hi]) hi = j;
    }
    if (lo < s.t.size()) {
      put(std::min(lo, hi));
      if (hi != lo) put(std::max(lo, hi));
    }
    i = j;
  }
  if (!pts.empty()) o += "<polyline points=\"" + pts + "\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.4\"/>";
  const double days = (t1 - t0) / 86400.0;
  o += text(px0, py1 + 16, "0", 10, "middle") + text(px1, py1 + 16, format_significant(days, 3) + " d", 10, "end");
  return o;
}

std::map<std::string, std::map<std::string, StationSeries>> read_station_series(const std::string& path) {
  const TimeSeriesData d = read_timeseries_nc(path);
  std::map<std::string, std::map<std::string, StationSeries>> out;
  for (const auto& o : d.values) {
    StationSeries& s = out[o.station][parameter_name(o.parameter)];
    s.t.push_back(o.time);
    s.v.push_back(o.value);
  }
  for (auto& [id, by] : out)
    for (auto& [p, s] : by) {
      std::vector<std::size_t> idx(s.t.size());
      for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
      std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return s.t[a] < s.t[b]; });
      StationSeries sorted;
      for (std::size_t i : idx) sorted.t.push_back(s.t[i]), sorted.v.push_back(s.v[i]);
      s = std::move(sorted);
    }
  return out;
}

std::vector<StationFigure> station_figures(const std::map<std::string, std::map<std::string, StationSeries>>& series,
                                           const Assessment& a, const Standard& st, const std::string& lang) {
  std::vector<StationFigure> out;
  const double pw = 300, ph = 170;
  for (const auto& r : a.stations) {
    const auto it = series.find(r.info.id);
    if (it == series.end()) continue;
    std::string body;
    int k = 0;
    for (const auto& p : a.parameters) {
      const ParameterLimit* lim = st.find(p);
      const auto sp = it->second.find(p);
      if (!lim || sp == it->second.end()) continue;
      body += series_panel_svg(sp->second, *lim, r.info.target_class, st, p + " (mg/L)", lang, (k % 3) * pw,
                               (k / 3) * ph, pw, ph);
      ++k;
    }
    if (k == 0) continue;
    const int rows = (k + 2) / 3, cols = std::min(k, 3);
    const std::string W = num(cols * pw), H = num(rows * ph);
    const std::string name = localized(r.info.name, r.info.name_zh, lang);
    out.push_back(
        {r.info.id,
         r.info.id + " " + name + " — " + tr("target", lang) + ": " + st.class_name(r.info.target_class, lang),
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"" + H + "\" viewBox=\"0 0 " + W + " " +
             H + "\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>" + body + "</svg>\n"});
  }
  return out;
}

}  // namespace beibu
