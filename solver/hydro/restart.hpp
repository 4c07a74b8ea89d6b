#pragma once
// Checkpoint/restart of the shallow-water model: the prognostic state (surface,
// volumes, edge velocities and the last step's fluxes, which momentum advection
// reads) by global cell and edge id, so a run may restart on any number of ranks.
// A restart at a multiple of -hydro_pc_rebuild steps continues exactly as the
// uninterrupted run (same preconditioner schedule).
#include <string>

#include "mesh/mesh.hpp"

namespace beibu::hydro {

class ShallowWaterModel;

// Collective; rank 0 writes NetCDF through AtomicOutput.
void write_restart(const ShallowWaterModel& model, const Mesh& mesh, const std::string& path);
// Collective; every rank reads the file and takes its cells and edges. InputError if
// the file does not belong to this mesh.
void read_restart(ShallowWaterModel& model, const std::string& path);

}  // namespace beibu::hydro
