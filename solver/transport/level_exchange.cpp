#include "level_exchange.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace beibu {

LevelExchange::LevelExchange(MPI_Comm comm, int n_owned, const std::vector<int>& owner_rank,
                             const std::vector<int>& owner_index) {
  MPI_Comm_dup(comm, &comm_);
  int size = 1;
  MPI_Comm_size(comm_, &size);
  // Our ghosts by owner, in local order; then each owner learns which of its cells we hold.
  std::map<int, Peer> by_rank;
  std::vector<std::vector<int>> want(static_cast<std::size_t>(size));
  for (std::size_t i = 0; i < owner_rank.size(); ++i) {
    by_rank[owner_rank[i]].recv_all.push_back(n_owned + static_cast<int>(i));
    want[static_cast<std::size_t>(owner_rank[i])].push_back(owner_index[i]);
  }
  std::vector<int> scount(static_cast<std::size_t>(size)), rcount(static_cast<std::size_t>(size));
  for (int r = 0; r < size; ++r) scount[r] = static_cast<int>(want[r].size());
  MPI_Alltoall(scount.data(), 1, MPI_INT, rcount.data(), 1, MPI_INT, comm_);
  std::vector<int> sdisp(static_cast<std::size_t>(size) + 1, 0), rdisp(sdisp);
  for (int r = 0; r < size; ++r) {
    sdisp[r + 1] = sdisp[r] + scount[r];
    rdisp[r + 1] = rdisp[r] + rcount[r];
  }
  std::vector<int> sflat, rflat(static_cast<std::size_t>(rdisp[size]));
  for (const auto& w : want) sflat.insert(sflat.end(), w.begin(), w.end());
  MPI_Alltoallv(sflat.data(), scount.data(), sdisp.data(), MPI_INT, rflat.data(), rcount.data(), rdisp.data(), MPI_INT,
                comm_);
  for (int r = 0; r < size; ++r)
    if (rcount[r] > 0) by_rank[r].send_all.assign(rflat.begin() + rdisp[r], rflat.begin() + rdisp[r + 1]);
  for (auto& [r, p] : by_rank) {
    p.rank = r;
    peers_.push_back(std::move(p));
  }
}

LevelExchange::~LevelExchange() {
  if (comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
}

void LevelExchange::plan(const std::vector<int>& level, int finest) {
  const int nlev = finest + 1;
  nlev_ = nlev;
  auto bucket = [&](const std::vector<int>& cells, std::vector<int>& out, std::vector<int>& start) {
    start.assign(static_cast<std::size_t>(nlev) + 1, 0);
    for (int c : cells) ++start[level[c] + 1];
    for (int l = 0; l < nlev; ++l) start[l + 1] += start[l];
    out.resize(cells.size());
    std::vector<int> pos(start.begin(), start.end() - 1);
    for (int c : cells) out[pos[level[c]]++] = c;
  };
  for (auto& p : peers_) {
    bucket(p.send_all, p.send, p.send_start);
    bucket(p.recv_all, p.recv, p.recv_start);
  }
}

template <class T, class Lists>
void LevelExchange::transfer(T* data, int ncomp, MPI_Datatype type, const Lists& lists) {
  const std::size_t nc = static_cast<std::size_t>(ncomp);
  std::size_t stotal = 0, rtotal = 0;
  for (const auto& p : peers_) {
    stotal += static_cast<std::size_t>(lists(p, true).second);
    rtotal += static_cast<std::size_t>(lists(p, false).second);
  }
  if (sbuf_.size() < stotal * nc * sizeof(T)) sbuf_.resize(stotal * nc * sizeof(T));
  if (rbuf_.size() < rtotal * nc * sizeof(T)) rbuf_.resize(rtotal * nc * sizeof(T));
  T* sb = reinterpret_cast<T*>(sbuf_.data());
  T* rb = reinterpret_cast<T*>(rbuf_.data());
  req_.clear();
  std::size_t so = 0, ro = 0;
  for (const auto& p : peers_) {
    const int rn = lists(p, false).second;
    if (rn > 0) {
      req_.emplace_back();
      MPI_Irecv(rb + ro * nc, rn * ncomp, type, p.rank, 0, comm_, &req_.back());
      ro += static_cast<std::size_t>(rn);
    }
  }
  for (const auto& p : peers_) {
    const auto [idx, sn] = lists(p, true);
    if (sn == 0) continue;
    T* b = sb + so * nc;
    for (int i = 0; i < sn; ++i) std::copy_n(data + static_cast<std::size_t>(idx[i]) * nc, nc, b + i * nc);
    req_.emplace_back();
    MPI_Isend(b, sn * ncomp, type, p.rank, 0, comm_, &req_.back());
    so += static_cast<std::size_t>(sn);
  }
  const double t_wait = MPI_Wtime();
  MPI_Waitall(static_cast<int>(req_.size()), req_.data(), MPI_STATUSES_IGNORE);
  waited_ += MPI_Wtime() - t_wait;
  ro = 0;
  for (const auto& p : peers_) {
    const auto [idx, rn] = lists(p, false);
    for (int i = 0; i < rn; ++i) std::copy_n(rb + (ro + i) * nc, nc, data + static_cast<std::size_t>(idx[i]) * nc);
    ro += static_cast<std::size_t>(rn);
  }
}

void LevelExchange::exchange(double* data, int ncomp, int l, bool with_finer) {
  // Cells of levels [l, hi) are contiguous in each peer's lists.
  const int hi = std::min(l + (with_finer ? 2 : 1), nlev_);
  transfer(data, ncomp, MPI_DOUBLE, [&](const Peer& p, bool send) {
    const auto& list = send ? p.send : p.recv;
    const auto& start = send ? p.send_start : p.recv_start;
    return std::pair<const int*, int>(list.data() + start[l], start[hi] - start[l]);
  });
}

namespace {
template <class Peer>
std::pair<const int*, int> all_of(const Peer& p, bool send) {
  const auto& list = send ? p.send_all : p.recv_all;
  return {list.data(), static_cast<int>(list.size())};
}
}  // namespace

void LevelExchange::exchange_all(double* data, int ncomp) {
  transfer(data, ncomp, MPI_DOUBLE, [](const Peer& p, bool send) { return all_of(p, send); });
}

void LevelExchange::exchange_all(int* data) {
  transfer(data, 1, MPI_INT, [](const Peer& p, bool send) { return all_of(p, send); });
}

void LevelExchange::renumber_owned(const std::vector<int>& new_index) {
  for (auto& p : peers_)
    for (int& c : p.send_all) c = new_index[c];
  nlev_ = 0;
}

}  // namespace beibu
