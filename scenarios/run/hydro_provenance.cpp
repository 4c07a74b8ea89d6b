#include "scenarios/run/hydro_provenance.hpp"

#include "scenarios/products/labels.hpp"
#include "scenarios/spec/scenario.hpp"
#include "solver/hydro/tidal_boundary.hpp"

namespace beibu {

StoredFlowProvenance hydro_provenance(const Scenario& s, const HydroSetup& hs) {
  StoredFlowProvenance p;
  p.hydrodynamics = "beibu run of scenario '" + s.name + "' (" + s.file + "), online shallow-water model; tides: " +
                    (hs.tides_file.empty() ? std::string("none") : hs.tides_file) + ". " + hs.manning_note + ".";
  if (!hs.tides_file.empty()) p.tides_uncertainty = hydro::tide_text(hs.tides_file, "uncertainty");
  return p;
}

std::vector<std::string> hydro_notes(const HydroSetup& hs, const std::string& lang) {
  std::vector<std::string> notes;
  std::string uncertainty;
  if (hs.stored_file.empty()) {
    if (!hs.tides_file.empty()) {
      const std::string src = hydro::tide_text(hs.tides_file, "source");
      if (!src.empty()) notes.push_back("Tidal forcing (" + hs.tides_file + "): " + src);
      uncertainty = hydro::tide_text(hs.tides_file, "uncertainty");
    }
    notes.push_back(hs.manning_note + ".");
  } else {
    const StoredFlowProvenance p = stored_flow_provenance(hs.stored_file);
    notes.push_back(
        tr("note_stored_hydro", lang,
           {hs.stored_file, p.hydrodynamics.empty() ? tr("note_stored_hydro_unknown", lang) : p.hydrodynamics}));
    uncertainty = p.tides_uncertainty;
  }
  if (!uncertainty.empty()) notes.push_back(tr("note_tides_uncertainty", lang, {uncertainty}));
  return notes;
}

}  // namespace beibu
