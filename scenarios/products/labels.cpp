#include "scenarios/products/labels.hpp"

#include <map>
#include <utility>

#include "core/error.hpp"
#include "core/placeholders.hpp"

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
      {"period_range", {"{1} to {2}", "{1} 至 {2}"}},
      {"season.wet", {" (wet season)", "（丰水期）"}},
      {"season.dry", {" (dry season)", "（枯水期）"}},
      {"period_stopped", {" (stopped after {1})", "（于 {1} 停止）"}},
      {"compliance_of", {"compliance of {1}", "{1} 达标评价"}},
      {"period_statistics",
       {"{1} to {2} ({3} h; the run's statistics of every coupling interval)",
        "{1} 至 {2}（{3} 小时；模拟过程中每个耦合间隔的统计量）"}},
      {"period_snapshots", {"{1} to {2} ({3} h; snapshot records)", "{1} 至 {2}（{3} 小时；快照记录）"}},
      {"zone_pass", {"zone meeting its target", "达标功能区"}},
      {"zone_fail", {"zone failing its target", "超标功能区"}},
      {"station_marker", {"station (triangle, filled with its class colour)", "监测站位（三角形，按其水质类别着色）"}},
      {"zones_summary",
       {"{1} of {2} functional zones meet their target class on the seasonal mean ({3}).",
        "{2} 个海洋功能区中 {1} 个季节均值达到目标水质类别（{3}）。"}},
      {"zone_failing",
       {"{1}: fails its target {2}; worst parameter {3}, C/L = {4}", "{1}：未达到目标{2}；最差因子 {3}，C/L = {4}"}},
      {"cl_text",
       {"C/L is the seasonal mean concentration C over the limit L of the zone's target class (for a minimum limit "
        "such as dissolved oxygen, L/C): above 1 the parameter fails the target.",
        "C/L 为季节均值浓度 C 与该功能区目标类别限值 L 之比（溶解氧等下限指标取 L/C）：大于 1 即该因子超标。"}},
      {"series", {"Station time series", "站位浓度时间序列"}},
      {"series_text",
       {"Concentration at each station over the whole run (spin-up included) against the class limits of the "
        "standard (grey dotted lines); the red dashed line is the limit of the station's target class.",
        "各站位整个模拟期（含预热期）的浓度与标准各类别限值（灰色虚线）对比；红色虚线为该站目标类别的限值。"}},
      {"zone_type.reserve", {"reserve", "保护区"}},
      {"zone_type.port", {"port", "港口区"}},
      {"zone_type.aquaculture", {"aquaculture", "养殖区"}},
      {"zone_type.recreation", {"recreation", "旅游娱乐区"}},
      {"zone_type.industrial", {"industrial", "工业与城镇用海区"}},
      {"note_stored_hydro", {"Water from the stored hydrodynamics {1}: {2}", "水动力取自已保存的结果 {1}：{2}"}},
      {"note_stored_hydro_unknown",
       {"the file does not record how it was made (tides, bottom friction); see the report of the run that wrote it.",
        "该文件未记录其生成方式（潮汐、底摩擦），请查阅生成该文件的模拟报告。"}},
      {"note_tides_uncertainty", {"How far to trust the tidal forcing: {1}", "潮汐强迫的可信程度：{1}"}},
      {"note_tides_source", {"Tidal forcing ({1}): {2}", "潮汐强迫（{1}）：{2}"}},
      {"note_water", {"Water (hydrodynamics) of the run: {1}", "模拟所用水动力：{1}"}},
      {"note_manning.default",
       {"Bottom friction: Manning n {1} (the model's default).", "底摩擦：曼宁系数 n = {1}（模型默认值）。"}},
      {"note_manning.scenario",
       {"Bottom friction: Manning n {1} (the scenario's).", "底摩擦：曼宁系数 n = {1}（情景设定）。"}},
      {"note_manning.calibrated",
       {"Bottom friction: Manning n {1}, the value the tidal constants were calibrated with ({2}).",
        "底摩擦：曼宁系数 n = {1}，即潮汐调和常数率定时所用的值（{2}）。"}},
      {"note_manning.same",
       {"Bottom friction: Manning n {1} (the scenario's, as the tidal constants were calibrated).",
        "底摩擦：曼宁系数 n = {1}（情景设定，与潮汐调和常数率定时所用的值相同）。"}},
      {"note_manning.differs",
       {"Bottom friction: Manning n {1} (the scenario's), NOT the {2} the tidal constants of {3} were calibrated "
        "with: the tide differs from the calibrated one (remove `manning:` to use it).",
        "底摩擦：曼宁系数 n = {1}（情景设定），并非 {3} 的潮汐调和常数率定时所用的 {2}：潮汐将与率定结果不同（删除 "
        "`manning:` 即采用率定值）。"}},
      {"note_loads",
       {"Loads are illustrative estimates (see docs/scenarios.md); replace them with the agencies' inventories.",
        "污染负荷为示意性估算（见 docs/scenarios.md），应以主管部门的污染源清单替换。"}},
      {"note_temperature_field",
       {"Water temperature of the decay rates: variable {1} of {2}, a climatology or a parent model's field, "
        "not the temperature measured in the period; maps.nc records it (water_temperature).",
        "降解速率所用水温：取自 {2} 的变量 {1}（气候态或上层模式场，并非评价期实测水温）；maps.nc 记录所用水温"
        "（water_temperature）。"}},
      {"note_temperature_constant",
       {"Water temperature of the decay rates: {1} °C everywhere and all the time (a constant of the scenario, "
        "not measured).",
        "降解速率所用水温：全域全时段 {1} °C（情景设定的常数，并非实测）。"}},
      {"note_field",
       {"{1}: variable {2} of {3}, averaged over each cell's water column where it has depth levels; a "
        "climatology or a parent model's field, not observations of the period.",
        "{1}：取自 {3} 的变量 {2}（有垂向分层时按各网格单元水柱平均）；为气候态或上层模式场，并非评价期观测。"}},
      {"note_field.initial", {"initial", "初始值"}},
      {"note_field.boundary", {"at the open boundaries", "开边界入流浓度"}},
      {"note_boundary_constants",
       {"Open-boundary inflow concentrations set as constants by the scenario (not measured): {1}.",
        "情景设定的开边界入流浓度常数（并非实测）：{1}。"}},
      {"note_bathymetry",
       {"Bathymetry is ETOPO5 (5 arc-minutes) with a coastal taper, scaled and given minimum depths in the "
        "bays by the mesh configuration to reproduce the observed tide; nearshore depths are uncertain.",
        "水深取自 ETOPO5（5 角分）并作近岸渐变处理，网格配置对其缩放并设定各海湾最小水深以再现实测潮汐；近岸水深存在"
        "不确定性。"}},
      {"note_not_assessed",
       {"{1} km2 of the modelled water ({2}) is carried for the tide only: no loads are entered there, so its "
        "quality is not assessed (left out of the shares by area and by station, blank on the class maps).",
        "模拟水域中有 {1} 平方公里（{2}）仅用于传递潮汐：该处未计入任何污染负荷，故不评价其水质（不计入按面积和按站位"
        "的达标比例，类别图中留空）。"}},
      {"note_statistics",
       {"Statistics are taken inside the run from the state at every coupling interval (linear in time "
        "between them) over the assessment period after the spin-up: a cell's class is that of its period "
        "mean; a zone's 90 % value is over its cells and time; exceedance hours are the time its mean is worse "
        "than its target class.",
        "统计量在模拟过程中按每个耦合时间间隔的状态（间隔内按时间线性）在预热期之后的评价期内计算：网格单元的类别"
        "按其时段均值评定；功能区的 90% 值取其全部单元和时刻；超标时长为功能区均值劣于目标类别的时间。"}},
      {"col.component", {"component", "组分"}},
      {"col.initial_t", {"initial (t)", "初始 (t)"}},
      {"col.sources_in_t", {"sources in (t)", "源输入 (t)"}},
      {"col.boundary_in_t", {"boundary in (t)", "边界输入 (t)"}},
      {"col.boundary_out_t", {"boundary out (t)", "边界输出 (t)"}},
      {"col.decay_settling_t", {"decay+settling (t)", "降解+沉降 (t)"}},
      {"col.final_t", {"final (t)", "最终 (t)"}},
      {"col.relative_residual", {"relative residual", "相对残差"}},
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

      // The run's tide against tide gauges (products/gauge_report.cpp).
      {"gauges_title", {"Tide at the tide gauges", "验潮站潮位对比"}},
      {"gauges_text",
       {"The model's surface at the cell of each tide gauge, recorded at every hydrodynamic step over the {1} days "
        "after the spin-up, against the astronomical tide predicted from the gauge's harmonic constants ({2}) for "
        "the same instants, both about their means (docs/hydrodynamics.md). Gauges the model was fitted to (use: "
        "fit): {3}. Validation only, never fitted (use: validate): {4}. The open-boundary tidal constants ({5}) are "
        "calibrated or estimated, and approximate; their source is quoted in the notes. All figures in metres.",
        "各验潮站所在网格单元的模拟水位（预热期后 {1} 天内每个水动力时间步记录），与由该站调和常数（{2}）"
        "预报的同一时刻天文潮位对比，二者均扣除各自均值（见 docs/hydrodynamics.md）。用于拟合模型的验潮站"
        "（use: fit）：{3}。仅用于验证、未参与拟合的验潮站（use: validate）：{4}。开边界潮汐调和常数（{5}）"
        "为率定或估计所得，属近似值，其来源见说明。单位均为米。"}},
      {"gauges_short",
       {" K1 and O1 are told apart only by a record of {1} days or more: run at least 15 days after the spin-up "
        "for the constituents (amplitude ratio, phase difference, vector error); this record gives the time-domain "
        "error only.",
        " K1 与 O1 分潮须 {1} 天以上的记录才能分离：预热期后至少模拟 15 天才能给出分潮对比（振幅比、相位差、"
        "矢量误差）；本次记录仅给出时域误差。"}},
      {"gauges_constituents_title", {"Tidal constituents at the tide gauges", "验潮站分潮对比"}},
      {"gauges_constituents_text",
       {"Harmonic analysis of the same record. Amplitude ratio: model / observed; phase difference: model minus "
        "observed, Greenwich phase (positive: the model's tide is late); vector error: the distance between the "
        "two as complex amplitudes (m). P1 and K2, which need 183 days to be told from K1 and S2, are inferred.",
        "同一记录的调和分析。振幅比：模拟/实测；相位差：模拟减实测（格林尼治迟角，正值表示模拟潮汐滞后）；"
        "矢量误差：二者作为复振幅之差的模（米）。P1 与 K2 须 183 天记录才能与 K1、S2 分离，故按推算给出。"}},
      {"use_fit", {"fit", "拟合"}},
      {"use_validate", {"validation", "验证"}},
      {"resolved", {"resolved", "分离"}},
      {"inferred_from", {"inferred from {1}", "由 {1} 推算"}},
      {"col.gauge", {"gauge", "验潮站"}},
      {"col.use", {"use", "用途"}},
      {"col.distance_km", {"distance_km", "距网格中心 km"}},
      {"col.observed_rms_m", {"observed_rms_m", "预报潮位均方根 m"}},
      {"col.model_rms_m", {"model_rms_m", "模拟水位均方根 m"}},
      {"col.rms_error_m", {"rms_error_m", "均方根误差 m"}},
      {"col.tidal_constituent", {"constituent", "分潮"}},
      {"col.obs_amplitude_m", {"obs_amplitude_m", "实测振幅 m"}},
      {"col.obs_phase_deg", {"obs_phase_deg", "实测迟角 °"}},
      {"col.model_amplitude_m", {"model_amplitude_m", "模拟振幅 m"}},
      {"col.model_phase_deg", {"model_phase_deg", "模拟迟角 °"}},
      {"col.amplitude_ratio", {"amplitude_ratio", "振幅比"}},
      {"col.phase_difference_deg", {"phase_difference_deg", "相位差 °"}},
      {"col.vector_error_m", {"vector_error_m", "矢量误差 m"}},
      {"col.resolution", {"resolution", "分离方式"}},

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
  return fill_placeholders(tr(key, lang), args, "label '" + key + "'");
}

std::vector<std::string> label_keys() {
  std::vector<std::string> keys;
  for (const auto& [k, v] : labels()) keys.push_back(k);
  return keys;
}

}  // namespace beibu
