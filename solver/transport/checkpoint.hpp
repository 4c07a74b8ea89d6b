#pragma once
// Checkpoints: everything a transport run needs to continue bit for bit (masses,
// volumes, time, step counters, budget accumulators), in global face order so a
// run may restart on any number of ranks. NetCDF-4, written atomically by rank 0.
#include <string>

namespace beibu {

class TransportModel;

void write_checkpoint(const TransportModel& model, const std::string& path);  // collective
// Restores `model` (same mesh and components); InputError naming the file if it does not match.
void read_checkpoint(TransportModel& model, const std::string& path);  // collective

}  // namespace beibu
