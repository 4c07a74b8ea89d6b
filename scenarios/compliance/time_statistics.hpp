#pragma once
// Time statistics of the assessed parameters over one assessment period, built from
// the states of the whole mesh at successive times (in a run: the end of every
// coupling interval; from a map file: its records). Between two states a face's
// concentration is taken as linear in time, so
//  - the mean is the trapezoidal integral over the wet time of the face;
//  - the duration worse than a class limit is the exact time the linear segments
//    spend beyond it (not samples x spacing);
//  - the distribution in time is a histogram of the time spent in each concentration
//    bin (the segments spread over the bins they cross), with the standard's class
//    limits among the bin edges and 2 % wide bins elsewhere, so a percentile read
//    from it (linear inside its bin) is within the bin's width of the exact
//    time-weighted percentile and always in the right class;
//  - per zone: the percentile over cells x time (area-weighted, the zone's merged
//    histogram) and the time its area-weighted mean spends beyond each class limit.
// A face that is dry at one end of a segment counts with the wet end's value for
// half of it; a face dry at both ends does not count. Everything is done on one rank
// in global face order, so the statistics are the same for any number of ranks.
#include <map>
#include <string>
#include <vector>

#include "mesh/mesh.hpp"
#include "scenarios/compliance/standards.hpp"

namespace beibu {

// One parameter over the period.
struct ParameterStatistics {
  std::string parameter;
  bool higher_is_worse = true;
  double quantile = 0.9;       // the percentile on the bad side: 0.9, or 0.1 for minimum limits
  std::vector<double> limits;  // the standard's distinct class limits, ascending
  // Per global face (NaN where the face was never wet in the period):
  std::vector<double> mean, percentile, minimum, maximum, wet_hours;
  std::vector<std::vector<double>> hours_worse;  // [limit][face]: hours beyond limits[i] (above, or below for min)
  // Per zone of the mesh (Mesh::zone_ids):
  std::vector<double> zone_percentile;                // over cells x time, weighted by area
  std::vector<std::vector<double>> zone_hours_worse;  // [limit][zone]: the zone's area-weighted mean beyond it
};

struct PeriodStatistics {
  double t_from = 0, t_to = 0;  // model time (s) of the period
  double hours = 0;             // covered by states (t_to - t_from once the period is complete)
  long intervals = 0;           // segments added
  double spacing_s = 0;         // the longest segment: the sampling the statistics rest on
  std::vector<ParameterStatistics> parameters;
  const ParameterStatistics* find(const std::string& p) const;
};

class TimeStatisticsBuilder {
 public:
  // `parameters`: constituent names (those the standard lacks are skipped);
  // [t_from, t_to]: the period in model time (s).
  TimeStatisticsBuilder(const Mesh& m, const Standard& s, const std::vector<std::string>& parameters, double t_from,
                        double t_to);
  const std::vector<std::string>& parameters() const { return params_; }
  // The state at model time t (after the previous one): concentration per global face
  // for every parameter, and whether each face is wet. The part of the segment from
  // the previous state that lies in the period is added.
  void add_state(double t, const std::map<std::string, std::vector<double>>& values, const std::vector<char>& wet);
  PeriodStatistics finish() const;

  // The accumulators as one flat vector (whole-run checkpoints); restore(state()) on a
  // builder made with the same mesh, standard, parameters and period continues exactly.
  // Failure if the state does not fit.
  std::vector<double> state() const;
  void restore(const std::vector<double>& state);

  // A face's histogram: bins [first, first + w.size()) of the parameter's edge table.
  struct Histogram {
    int first = 0;
    std::vector<double> w;  // hours per bin
    void add(int bin, double hours);
    void reserve_range(int lo, int hi);
  };

 private:
  // Accumulators of one parameter, per face and per zone.
  struct Param {
    const ParameterLimit* limit = nullptr;
    std::vector<double> limits, edges;
    std::vector<double> integral, wet_hours, minimum, maximum;  // per face (integral in value x hours)
    std::vector<Histogram> hist;                                // per face
    std::vector<double> zone_prev;                              // zone means at the previous state (NaN: none wet)
    std::vector<std::vector<double>> zone_hours_worse;          // [limit][zone]
  };
  std::vector<double> zone_means(const std::vector<double>& v, const std::vector<char>& wet) const;
  void add_face_segment(Param& a, std::size_t f, double c0, double c1, bool wet0, bool wet1, double hours);
  void add_zone_segment(Param& a, const std::vector<double>& z0, const std::vector<double>& z1, double hours);

  const Mesh& m_;
  std::vector<std::string> params_;
  std::vector<Param> p_;
  std::vector<std::vector<long>> zone_faces_;
  std::vector<double> area_;
  double t_from_, t_to_;
  bool have_prev_ = false;
  double t_prev_ = 0;
  std::map<std::string, std::vector<double>> prev_;
  std::vector<char> prev_wet_;
  double hours_ = 0, spacing_ = 0;
  long intervals_ = 0;
};

// Bin edges of a parameter: its class limits and 2 % steps from a thousandth of the
// smallest limit to a hundred times the largest. Bin i holds (edges[i-1], edges[i]];
// bin 0 everything up to edges[0], bin edges.size() everything above the last edge.
std::vector<double> histogram_edges(const std::vector<double>& limits);
// The time-weighted quantile q of a histogram over `edges` whose values lie in [lo, hi].
double histogram_quantile(const std::vector<double>& edges, const TimeStatisticsBuilder::Histogram& h, double q,
                          double lo, double hi);

}  // namespace beibu
