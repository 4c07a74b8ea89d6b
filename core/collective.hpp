#pragma once
// Work that one rank does (file I/O, meshing, reports) while the others wait:
// an error on that rank is re-thrown, with its kind (InputError or Failure)
// and message, on every rank, so no rank is left waiting in a collective call.
#include <mpi.h>

#include <functional>

namespace beibu {

void run_on_root(MPI_Comm comm, const std::function<void()>& work);

}  // namespace beibu
