#pragma once
// Apportionment tables and share maps from a source-receptor matrix: each
// jurisdiction's and (when grouped by sector) each sector's share of each zone's,
// sea area's and station's period-mean concentration, including the cross-border
// shares (Viet Nam's share in Chinese waters and the reverse).
#include <map>
#include <string>
#include <vector>

#include "scenarios/apportion/apportion.hpp"
#include "scenarios/products/report.hpp"

namespace beibu {

// Share (fraction of the receptor's concentration) of each value of `key` (the group's
// jurisdiction or sector) at receptor r for constituent k; "background" is the rest.
std::map<std::string, double> shares_by(const SourceReceptorMatrix& m, std::size_t k, std::size_t r,
                                        const std::vector<std::string>& key);

// One row per receptor (cells excluded) and constituent: mean (mg/L), background %, one
// column per key value %.
Table share_table(const SourceReceptorMatrix& m, const std::vector<std::string>& key, const std::string& lang);

// Writes DIR/apportionment.{md,html}, DIR/tables/shares_by_{jurisdiction,sector}.csv,
// DIR/tables/cross_border.csv and DIR/maps/share_<jurisdiction>_<constituent>.png
// (`face_means` from build_matrix: per constituent, per group, "" = base).
void write_apportion_report(const std::string& dir, const SourceReceptorMatrix& m, const Mesh& mesh,
                            const std::map<std::string, std::map<std::string, std::vector<double>>>& face_means,
                            const std::string& title, const std::string& lang);

}  // namespace beibu
