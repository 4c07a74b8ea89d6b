#pragma once
// Work that one rank does (file I/O, meshing, reports) while the others wait, or
// that every rank does on its own part: an error on a rank is re-thrown, with its
// kind (InputError or Failure) and message, on every rank, so no rank is left
// waiting in a collective call.
#include <mpi.h>

#include <functional>

namespace beibu {

void run_on_root(MPI_Comm comm, const std::function<void()>& work);
// Every rank does `work` (which must not itself be collective); the error of the
// lowest rank that failed is re-thrown on all.
void run_on_all(MPI_Comm comm, const std::function<void()>& work);

}  // namespace beibu
