#pragma once
// Ghost exchange by time level. With local time stepping a stage of level l needs
// current values only on the ghosts of level l (and, for concentrations, of level
// l + 1); every other ghost still holds what the last exchange of its own level
// sent. Exchanging just those keeps the message volume of the finest levels, which
// step 2^L times per interval with a handful of cells, near zero instead of the
// whole halo's, and skips neighbours with nothing to send.
#include <mpi.h>

#include <vector>

namespace beibu {

class LevelExchange {
 public:
  // Ghosts are the local cells [n_owned, n_owned + owner_rank.size()); ghost i is
  // cell owner_index[i] of rank owner_rank[i] (that rank's local numbering).
  // Collective over comm.
  LevelExchange(MPI_Comm comm, int n_owned, const std::vector<int>& owner_rank, const std::vector<int>& owner_index);
  ~LevelExchange();
  LevelExchange(const LevelExchange&) = delete;
  LevelExchange& operator=(const LevelExchange&) = delete;

  // Builds the per-level lists from every local cell's level (ghosts' levels must
  // equal their owners'), for levels 0..finest. Local, no communication.
  void plan(const std::vector<int>& level, int finest);

  // Copies ncomp values per cell from owners to ghosts for the cells of level l,
  // and of level l + 1 too when with_finer.
  void exchange(double* data, int ncomp, int l, bool with_finer);
  // The same for every ghost, whatever its level.
  void exchange_all(double* data, int ncomp);
  void exchange_all(int* data);

  // The owner renumbered its owned cells: cell i is now new_index[i]. Local (the
  // ghosts' side does not change); call plan() again before exchange().
  void renumber_owned(const std::vector<int>& new_index);

  // Wall time this rank has spent waiting for its messages (seconds since construction).
  double waited() const { return waited_; }

 private:
  // Sends data[send[i]] to each peer and stores what arrives at data[recv[i]],
  // ncomp values of T per cell; the index lists of peer p are
  // [send_first(p), send_first(p) + send_count(p)) and likewise for recv.
  template <class T, class Lists>
  void transfer(T* data, int ncomp, MPI_Datatype type, const Lists& lists);
  struct Peer {
    int rank = 0;
    std::vector<int> send_all, recv_all;  // owned cells the peer holds as ghosts; our ghosts it owns (matching order)
    // send_all / recv_all ordered by level (then as in *_all, so both sides
    // agree); level l's cells are [start[l], start[l + 1]) of send / recv.
    std::vector<int> send, recv, send_start, recv_start;
  };
  MPI_Comm comm_ = MPI_COMM_NULL;
  int nlev_ = 0;  // levels of the last plan
  std::vector<Peer> peers_;
  std::vector<char> sbuf_, rbuf_;
  std::vector<MPI_Request> req_;
  double waited_ = 0;
};

}  // namespace beibu
