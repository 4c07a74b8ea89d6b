#include "scenarios/run/hydro_provenance.hpp"

#include "core/numbers.hpp"
#include "scenarios/products/labels.hpp"
#include "scenarios/spec/scenario.hpp"
#include "solver/hydro/tidal_boundary.hpp"

namespace beibu {

std::string manning_note(const HydroSetup& hs, const std::string& lang) {
  using S = HydroSetup::ManningSource;
  const std::string n = number_text(hs.opt.manning), cal = number_text(hs.manning_calibrated);
  switch (hs.manning_source) {
    case S::model_default:
      return tr("note_manning.default", lang, {n});
    case S::scenario:
      return tr("note_manning.scenario", lang, {n});
    case S::calibrated:
      return tr("note_manning.calibrated", lang, {n, hs.tides_file});
    case S::scenario_same:
      return tr("note_manning.same", lang, {n});
    case S::scenario_differs:
      return tr("note_manning.differs", lang, {n, cal, hs.tides_file});
  }
  return {};
}

StoredFlowProvenance hydro_provenance(const Scenario& s, const HydroSetup& hs) {
  StoredFlowProvenance p;
  p.hydrodynamics = "beibu run of scenario '" + s.name + "' (" + s.file + "), online shallow-water model; tides: " +
                    (hs.tides_file.empty() ? std::string("none") : hs.tides_file) + ". " + manning_note(hs, "en");
  if (!hs.tides_file.empty()) {
    p.tides_uncertainty = hydro::tide_text(hs.tides_file, "uncertainty");
    p.tides_uncertainty_zh = hydro::tide_text(hs.tides_file, "uncertainty_zh");
  }
  return p;
}

StoredFlowProvenance water_provenance(const Scenario& s, const HydroSetup& hs) {
  if (hs.stored_file.empty()) return hydro_provenance(s, hs);
  StoredFlowProvenance p = stored_flow_provenance(hs.stored_file);
  p.hydrodynamics = "stored hydrodynamics " + hs.stored_file + ": " +
                    (p.hydrodynamics.empty() ? tr("note_stored_hydro_unknown", "en") : p.hydrodynamics);
  return p;
}

std::vector<std::string> hydro_notes(const HydroSetup& hs, const std::string& lang) {
  std::vector<std::string> notes;
  std::string uncertainty, uncertainty_zh;
  if (hs.stored_file.empty()) {
    if (!hs.tides_file.empty()) {
      const std::string src = hydro::tide_text(hs.tides_file, "source");
      if (!src.empty()) notes.push_back(tr("note_tides_source", lang, {hs.tides_file, src}));
      uncertainty = hydro::tide_text(hs.tides_file, "uncertainty");
      uncertainty_zh = hydro::tide_text(hs.tides_file, "uncertainty_zh");
    }
    notes.push_back(manning_note(hs, lang));
  } else {
    const StoredFlowProvenance p = stored_flow_provenance(hs.stored_file);
    notes.push_back(
        tr("note_stored_hydro", lang,
           {hs.stored_file, p.hydrodynamics.empty() ? tr("note_stored_hydro_unknown", lang) : p.hydrodynamics}));
    uncertainty = p.tides_uncertainty;
    uncertainty_zh = p.tides_uncertainty_zh;
  }
  if (lang == "zh" && !uncertainty_zh.empty()) uncertainty = uncertainty_zh;
  if (!uncertainty.empty()) notes.push_back(tr("note_tides_uncertainty", lang, {uncertainty}));
  return notes;
}

}  // namespace beibu
