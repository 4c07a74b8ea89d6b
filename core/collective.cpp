#include "collective.hpp"

#include <string>
#include <vector>

#include "error.hpp"

namespace beibu {

void run_on_root(MPI_Comm comm, const std::function<void()>& work) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  int kind = 0;  // 0 ok, 1 input error, 2 failure
  std::string msg;
  if (rank == 0) {
    try {
      work();
    } catch (const InputError& e) {
      kind = 1;
      msg = e.what();
    } catch (const std::exception& e) {
      kind = 2;
      msg = e.what();
    }
  }
  int head[2] = {kind, static_cast<int>(msg.size())};
  MPI_Bcast(head, 2, MPI_INT, 0, comm);
  if (head[0] == 0) return;
  std::vector<char> buf(msg.begin(), msg.end());
  buf.resize(static_cast<std::size_t>(head[1]));
  MPI_Bcast(buf.data(), head[1], MPI_CHAR, 0, comm);
  const std::string text(buf.begin(), buf.end());
  if (head[0] == 1) throw InputError("", "", text);
  throw Failure(text);
}

}  // namespace beibu
