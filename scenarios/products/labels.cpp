#include "scenarios/products/labels.hpp"

#include <map>
#include <utility>

#include "core/error.hpp"

namespace beibu {

namespace {

using Labels = std::map<std::string, std::pair<std::string, std::string>>;  // key -> (English, Chinese)

const Labels& labels() {
  static const Labels t = {
      // The run report (report.cpp) and `beibu compliance`.
      {"report", {"Water-quality report", "水质评价报告"}},
      {"scenario", {"Scenario", "情景"}},
      {"period", {"Period", "时段"}},
      {"standard", {"Standard", "评价标准"}},
      {"headline", {"Headline indicator", "核心指标"}},
      {"value", {"value", "数值"}},
      {"share_area", {"Coastal water in Class I+II (by area)", "一、二类水质海域面积比例"}},
      {"share_stations", {"Stations in Class I+II", "一、二类水质站位比例"}},
      {"by_jurisdiction", {"By jurisdiction (sea area)", "分辖区（海域面积）"}},
      {"jurisdiction", {"Jurisdiction", "辖区"}},
      {"maps", {"Maps", "图件"}},
      {"class_map", {"Water class of the seasonal mean (worst parameter)", "季节均值水质类别（单因子最差）"}},
      {"mean_map", {"Seasonal mean", "季节均值"}},
      {"zones_map",
       {"Functional zones: pass (green) / fail (red) on the seasonal mean", "功能区达标（绿）/超标（红）（季节均值）"}},
      {"zones", {"Functional zones", "海洋功能区"}},
      {"zone", {"Zone", "功能区"}},
      {"type", {"Type", "类型"}},
      {"target", {"Target", "目标类别"}},
      {"class_mean", {"Class (mean)", "类别（均值）"}},
      {"class_p90", {"Class (90 %)", "类别（90%值）"}},
      {"pass", {"Meets target", "是否达标"}},
      {"yes", {"yes", "是"}},
      {"no", {"no", "否"}},
      {"worst", {"Worst parameter", "最差因子"}},
      {"exceed_h", {"Exceedance (h)", "超标时长（小时）"}},
      {"stations", {"Stations", "监测站位"}},
      {"station", {"Station", "站位"}},
      {"class", {"Class", "类别"}},
      {"exceeding", {"Exceeding parameters (multiple of the target limit)", "超标因子（超标倍数）"}},
      {"none", {"none", "无"}},
      {"budget", {"Mass budget", "质量平衡"}},
      {"notes", {"Notes and limitations", "说明与局限"}},
      {"legend", {"Legend", "图例"}},
      {"not_assessed", {"not assessed", "未评价"}},
      // The language of an HTML page (its `lang` attribute).
      {"html_lang", {"en", "zh-CN"}},

      // Column headings. In English they are the CSV column names, so the tables a
      // program reads (rivers/sections.csv, the report's tables/*.csv) keep them.
      {"col.section", {"section", "断面"}},
      {"col.river", {"river", "河流"}},
      {"col.from", {"from", "上游"}},
      {"col.to", {"to", "下游"}},
      {"col.constituent", {"constituent", "指标"}},
      {"col.mean_mg_L", {"mean_mg_L", "均值 mg/L"}},
      {"col.p90_mg_L", {"p90_mg_L", "90%分位 mg/L"}},
      {"col.flux_t", {"flux_t", "通量 t"}},
      {"col.class", {"class", "类别"}},
      {"col.mouth", {"mouth", "河口"}},
      {"col.load_t", {"load_t", "负荷 t"}},
      {"col.water_m3", {"water_m3", "水量 m3"}},
      {"col.receptor", {"receptor", "受体"}},
      {"col.kind", {"kind", "类型"}},
      {"col.waters", {"waters", "海域"}},
      {"col.waters_of", {"waters of", "海域"}},
      {"col.mean", {"mean (mg/L)", "均值 (mg/L)"}},
      {"col.background", {"background %", "背景 %"}},
      {"col.from_jurisdiction", {"from {1} %", "来自 {1} %"}},
      {"col.from_others", {"from other jurisdictions %", "跨境来源 %"}},

      // River sections and mouths in the run report (run/scenario_loads.cpp).
      {"river_sections",
       {"River sections (border sections first): GB 3838 class and flux",
        "河流断面（含省界、国界断面）：GB 3838-2002 水质类别与通量"}},
      {"river_sections_text",
       {"The 1D river network runs in the same time loop as the gulf. Concentrations are the time mean and 90th "
        "percentile over the assessed period (after the spin-up); flux is the mass through the section in that "
        "period (tonnes). The class is that of the period mean.",
        "一维河网与海湾在同一时间步耦合。浓度为评价期（预热期之后）的时间平均值和第90百分位数，通量为评价期内通过断"
        "面的质量（吨）。类别按时间平均浓度评定。"}},
      {"river_assessed_against", {"against the {1} limits", "按 {1} 限值"}},
      {"river_assessed",
       {" Assessed: {1}. Not assessed (no matching GB 3838 parameter, or not mapped by river_network.assess): {2}.",
        " 评价项目：{1}；未评价：{2}。"}},
      {"river_mouths", {"River loads to the sea (mouths)", "河流入海负荷（河口）"}},
      {"river_mouths_text",
       {"Water and mass each mouth handed to the gulf over the whole run (spin-up included); they equal that "
        "mouth's input in the gulf's mass budget.",
        "每个河口在整个模拟期（含预热期）交给海湾的水量和质量，与海湾质量平衡中该河口的输入一致。"}},

      // Source apportionment (apportion/apportion_report.cpp).
      {"apportion_title", {"Source apportionment: {1}", "污染来源解析：{1}"}},
      {"apportion_text",
       {"Period-mean concentrations split by source (source-receptor matrix, see docs/apportionment.md). "
        "Background = open boundaries and initial water.",
        "时段均值浓度按来源分解（源-受体矩阵，见 docs/apportionment.md）。背景 = 开边界与初始水体。"}},
      {"cross_border", {"Cross-border shares (by sea area)", "跨境贡献（按海域）"}},
      {"shares_by_jurisdiction", {"Shares by jurisdiction", "按行政区的贡献"}},
      {"shares_by_sector", {"Shares by sector", "按行业的贡献"}},
      {"share_map", {"share of {2} from {1} sources (0-100 %)", "来自 {1} 的 {2} 占比（0-100 %）"}},

      // The compensation ledger (apportion/ledger.cpp).
      {"ledger", {"Compensation ledger", "生态补偿台账"}},
  };
  return t;
}

}  // namespace

const std::string& tr(const std::string& key, const std::string& lang) {
  const auto it = labels().find(key);
  if (it == labels().end()) throw Failure("report label '" + key + "' missing");
  return lang == "zh" ? it->second.second : it->second.first;
}

std::string tr(const std::string& key, const std::string& lang, const std::vector<std::string>& args) {
  // One pass, so an argument that happens to contain "{2}" stays as it is.
  const std::string& text = tr(key, lang);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 1] >= '1' && text[i + 1] <= '9' && text[i + 2] == '}') {
      const std::size_t a = static_cast<std::size_t>(text[i + 1] - '1');
      if (a >= args.size())
        throw Failure("label '" + key + "' needs more than " + std::to_string(args.size()) + " arguments");
      out += args[a];
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::string> label_keys() {
  std::vector<std::string> keys;
  for (const auto& [k, v] : labels()) keys.push_back(k);
  return keys;
}

}  // namespace beibu
