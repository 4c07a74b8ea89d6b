#include "collective.hpp"

#include <string>
#include <vector>

#include "error.hpp"

namespace beibu {

namespace {

// Runs `work`, returning its error's kind (0 ok, 1 input error, 2 failure) and message.
int attempt(const std::function<void()>& work, std::string& msg) {
  try {
    work();
  } catch (const InputError& e) {
    msg = e.what();
    return 1;
  } catch (const std::exception& e) {
    msg = e.what();
    return 2;
  }
  return 0;
}

// Sends `from`'s error to every rank and throws it there (nothing when kind is 0).
void rethrow_from(MPI_Comm comm, int from, int kind, const std::string& msg) {
  int head[2] = {kind, static_cast<int>(msg.size())};
  MPI_Bcast(head, 2, MPI_INT, from, comm);
  if (head[0] == 0) return;
  std::vector<char> buf(msg.begin(), msg.end());
  buf.resize(static_cast<std::size_t>(head[1]));
  MPI_Bcast(buf.data(), head[1], MPI_CHAR, from, comm);
  const std::string text(buf.begin(), buf.end());
  if (head[0] == 1) throw InputError("", "", text);
  throw Failure(text);
}

}  // namespace

void run_on_root(MPI_Comm comm, const std::function<void()>& work) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  std::string msg;
  const int kind = rank == 0 ? attempt(work, msg) : 0;
  rethrow_from(comm, 0, kind, msg);
}

void run_on_all(MPI_Comm comm, const std::function<void()>& work) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  std::string msg;
  const int kind = attempt(work, msg);
  int first = kind != 0 ? rank : size;
  MPI_Allreduce(MPI_IN_PLACE, &first, 1, MPI_INT, MPI_MIN, comm);
  if (first < size) rethrow_from(comm, first, kind, msg);
}

}  // namespace beibu
