#include "local_mesh.hpp"

#include <petscdmplex.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <sstream>
#include <unordered_map>

#include "core/error.hpp"
#include "core/petsc_env.hpp"
#include "partition.hpp"

namespace beibu {

// ---------------------------------------------------------------- Halo

Halo::Halo(MPI_Comm comm, int n_local, const std::vector<int>& ghost_local, const std::vector<int>& owner_rank,
           const std::vector<int>& owner_index) {
  const PetscInt nleaves = static_cast<PetscInt>(ghost_local.size());
  std::vector<PetscInt> ilocal(ghost_local.begin(), ghost_local.end());
  std::vector<PetscSFNode> iremote(nleaves);
  for (PetscInt i = 0; i < nleaves; ++i) {
    iremote[i].rank = owner_rank[i];
    iremote[i].index = owner_index[i];
  }
  BEIBU_PETSC(PetscSFCreate(comm, &sf_));
  BEIBU_PETSC(
      PetscSFSetGraph(sf_, n_local, nleaves, ilocal.data(), PETSC_COPY_VALUES, iremote.data(), PETSC_COPY_VALUES));
  BEIBU_PETSC(PetscSFSetUp(sf_));
}

Halo::~Halo() {
  for (auto& t : types_) MPI_Type_free(&t.second);
  if (sf_) PetscSFDestroy(&sf_);
}

Halo::Halo(Halo&& o) noexcept {
  *this = std::move(o);
}

Halo& Halo::operator=(Halo&& o) noexcept {
  std::swap(sf_, o.sf_);
  std::swap(types_, o.types_);
  return *this;
}

MPI_Datatype Halo::type_for(int ncomp) const {
  if (ncomp == 1) return MPI_DOUBLE;
  for (auto& t : types_)
    if (t.first == ncomp) return t.second;
  MPI_Datatype t;
  MPI_Type_contiguous(ncomp, MPI_DOUBLE, &t);
  MPI_Type_commit(&t);
  types_.emplace_back(ncomp, t);
  return t;
}

void Halo::update(double* data, int ncomp) const {
  if (!sf_) return;
  const MPI_Datatype t = type_for(ncomp);
  BEIBU_PETSC(PetscSFBcastBegin(sf_, t, data, data, MPI_REPLACE));
  BEIBU_PETSC(PetscSFBcastEnd(sf_, t, data, data, MPI_REPLACE));
}

void Halo::update(int* data) const {
  if (!sf_) return;
  BEIBU_PETSC(PetscSFBcastBegin(sf_, MPI_INT, data, data, MPI_REPLACE));
  BEIBU_PETSC(PetscSFBcastEnd(sf_, MPI_INT, data, data, MPI_REPLACE));
}

// ---------------------------------------------------------------- LocalMesh

double LocalMesh::global_sum(const std::vector<double>& v, int ncomp, int comp) const {
  double s = 0;
  for (int c = 0; c < n_owned; ++c) s += v[static_cast<std::size_t>(c) * ncomp + comp];
  double g = 0;
  MPI_Allreduce(&s, &g, 1, MPI_DOUBLE, MPI_SUM, comm);
  return g;
}

std::string describe_flagged_cell(const LocalMesh& m, int local_cell, int detail, int& detail_out) {
  const long none = std::numeric_limits<long>::max();
  const long mine = local_cell >= 0 ? m.cell_gid[local_cell] : none;
  long first = mine;
  MPI_Allreduce(&mine, &first, 1, MPI_LONG, MPI_MIN, m.comm);
  detail_out = -1;
  if (first == none) return "";
  const bool owner = mine == first;
  double ll[3] = {owner ? m.lon[local_cell] : -1e300, owner ? m.lat[local_cell] : -1e300,
                  owner ? static_cast<double>(detail) : -1e300};
  double g[3];
  MPI_Allreduce(ll, g, 3, MPI_DOUBLE, MPI_MAX, m.comm);
  detail_out = static_cast<int>(g[2]);
  std::ostringstream os;
  os.precision(6);
  os << "cell " << first << " at lon " << g[0] << ", lat " << g[1];
  return os.str();
}

std::vector<int> cells_per_rank(const LocalMesh& lm) {
  int size = 1, rank = 0;
  MPI_Comm_size(lm.comm, &size);
  MPI_Comm_rank(lm.comm, &rank);
  std::vector<int> out(rank == 0 ? size : 0);
  MPI_Gather(&lm.n_owned, 1, MPI_INT, out.data(), 1, MPI_INT, 0, lm.comm);
  return out;
}

namespace {

struct Partition {
  std::vector<long> owned, ghosts;           // global cell ids, sorted
  std::vector<int> ghost_rank, ghost_index;  // owner rank and owner's local index, per ghost
};

// PT-Scotch 7 partitions with several threads by default, and their races cut the same
// mesh a little differently on every run (cells per rank 4883/4869, 4895/4857, ...), so
// two identical 2-rank runs differed at round-off (up to 6e-12 relative). With one thread
// the partition, and with it the run, is repeatable bit for bit; it costs nothing
// noticeable (the partition is computed once). Scotch reads this when it first starts threads.
void single_threaded_ptscotch() {
  ::setenv("SCOTCH_PTHREAD_NUMBER", "1", 1);
}

// Uses DMPlex to partition the cells and find one layer of face-neighbour ghosts.
Partition partition_with_dmplex(const Mesh& m, MPI_Comm comm) {
  const int rank = mpi_rank(comm);
  const PetscInt nc = rank == 0 ? static_cast<PetscInt>(m.n_faces()) : 0;
  const PetscInt nv = rank == 0 ? static_cast<PetscInt>(m.n_nodes()) : 0;
  std::vector<PetscInt> cells(m.tri.begin(), rank == 0 ? m.tri.end() : m.tri.begin());
  std::vector<PetscReal> coords;
  if (rank == 0) {
    coords.resize(2 * m.n_nodes());
    for (std::size_t i = 0; i < m.n_nodes(); ++i) {
      coords[2 * i] = m.x[i];
      coords[2 * i + 1] = m.y[i];
    }
  }
  DM dm = nullptr, dist = nullptr;
  PetscSF mig = nullptr;
  BEIBU_PETSC(DMPlexCreateFromCellListPetsc(comm, 2, nc, nv, 3, PETSC_TRUE, cells.data(), 2, coords.data(), &dm));
  BEIBU_PETSC(DMSetAdjacency(dm, -1, PETSC_TRUE, PETSC_FALSE));  // finite-volume: neighbours across faces
  PetscPartitioner part;
  BEIBU_PETSC(DMPlexGetPartitioner(dm, &part));
  BEIBU_PETSC(PetscPartitionerSetType(part, PETSCPARTITIONERPTSCOTCH));
  BEIBU_PETSC(PetscPartitionerSetFromOptions(part));
  single_threaded_ptscotch();
  BEIBU_PETSC(DMPlexDistribute(dm, 1, &mig, &dist));
  if (!dist) throw Failure("DMPlexDistribute returned no distributed mesh");

  PetscInt cStart, cEnd, pStart, pEnd;
  BEIBU_PETSC(DMPlexGetHeightStratum(dist, 0, &cStart, &cEnd));
  BEIBU_PETSC(DMPlexGetChart(dist, &pStart, &pEnd));

  // Original (global) cell id of every local cell, from the migration SF.
  PetscInt nroots, nleaves;
  const PetscInt* ilocal;
  const PetscSFNode* iremote;
  BEIBU_PETSC(PetscSFGetGraph(mig, &nroots, &nleaves, &ilocal, &iremote));
  std::vector<long> gid(pEnd - pStart, -1);
  for (PetscInt i = 0; i < nleaves; ++i) {
    const PetscInt p = ilocal ? ilocal[i] : i;
    if (p >= cStart && p < cEnd) gid[p - pStart] = iremote[i].index;
  }

  // Ghost cells: leaves of the point SF; their owners hold the roots.
  PetscSF point_sf;
  BEIBU_PETSC(DMGetPointSF(dist, &point_sf));
  BEIBU_PETSC(PetscSFGetGraph(point_sf, &nroots, &nleaves, &ilocal, &iremote));
  std::vector<int> owner(pEnd - pStart, rank);
  for (PetscInt i = 0; i < nleaves; ++i) {
    const PetscInt p = ilocal ? ilocal[i] : i;
    owner[p - pStart] = iremote[i].rank;
  }

  Partition part_out;
  for (PetscInt c = cStart; c < cEnd; ++c) {
    if (gid[c - pStart] < 0 || gid[c - pStart] >= static_cast<long>(m.n_faces()))
      throw Failure("mesh distribution lost a cell's global id");
    (owner[c - pStart] == rank ? part_out.owned : part_out.ghosts).push_back(gid[c - pStart]);
  }
  std::sort(part_out.owned.begin(), part_out.owned.end());
  std::sort(part_out.ghosts.begin(), part_out.ghosts.end());

  // Each rank's local index (owned cells first, by gid) for every plex point it owns;
  // broadcast over the point SF so ghosts learn their owner's index.
  std::unordered_map<long, int> owned_index;
  for (std::size_t i = 0; i < part_out.owned.size(); ++i) owned_index[part_out.owned[i]] = static_cast<int>(i);
  std::vector<PetscInt> root_idx(pEnd - pStart, -1), leaf_idx(pEnd - pStart, -1);
  for (PetscInt c = cStart; c < cEnd; ++c)
    if (owner[c - pStart] == rank) root_idx[c - pStart] = owned_index[gid[c - pStart]];
  BEIBU_PETSC(PetscSFBcastBegin(point_sf, MPIU_INT, root_idx.data(), leaf_idx.data(), MPI_REPLACE));
  BEIBU_PETSC(PetscSFBcastEnd(point_sf, MPIU_INT, root_idx.data(), leaf_idx.data(), MPI_REPLACE));
  std::unordered_map<long, std::pair<int, int>> ghost_owner;
  for (PetscInt c = cStart; c < cEnd; ++c)
    if (owner[c - pStart] != rank)
      ghost_owner[gid[c - pStart]] = {owner[c - pStart], static_cast<int>(leaf_idx[c - pStart])};
  for (long g : part_out.ghosts) {
    part_out.ghost_rank.push_back(ghost_owner[g].first);
    part_out.ghost_index.push_back(ghost_owner[g].second);
  }
  PetscSFDestroy(&mig);
  DMDestroy(&dist);
  DMDestroy(&dm);
  return part_out;
}

// One layer of face-neighbour ghosts for a given owner of every face; a ghost's
// index on its owner is its position among that rank's faces in global order.
Partition partition_from_owners(const Mesh& m, const std::vector<int>& owner, int rank) {
  const std::size_t nf = m.n_faces();
  Partition out;
  std::vector<int> index(nf), count(static_cast<std::size_t>(*std::max_element(owner.begin(), owner.end())) + 1, 0);
  for (std::size_t f = 0; f < nf; ++f) {
    index[f] = count[owner[f]]++;
    if (owner[f] == rank) out.owned.push_back(static_cast<long>(f));
  }
  std::vector<char> ghost(nf, 0);
  for (long f : out.owned)
    for (int k = 0; k < 3; ++k) {
      const int e = m.face_edge[3 * f + k];
      for (int s = 0; s < 2; ++s) {
        const int g = m.edge_face[2 * e + s];
        if (g >= 0 && owner[g] != rank) ghost[g] = 1;
      }
    }
  for (std::size_t f = 0; f < nf; ++f)
    if (ghost[f]) {
      out.ghosts.push_back(static_cast<long>(f));
      out.ghost_rank.push_back(owner[f]);
      out.ghost_index.push_back(index[f]);
    }
  return out;
}

}  // namespace

bool use_dmplex_partitioner() {
  char v[32] = "";
  PetscBool has = PETSC_FALSE;
  BEIBU_PETSC(PetscOptionsGetString(nullptr, nullptr, "-mesh_partition", v, sizeof v, &has));
  const std::string s = has ? v : "levels";
  if (s != "levels" && s != "dmplex")
    throw InputError("command line", "option -mesh_partition", "'" + s + "' is not a partition (levels or dmplex)");
  return s == "dmplex";
}

LocalMesh distribute_mesh(const Mesh& m, MPI_Comm comm) {
  if (m.n_edges() == 0) throw Failure("distribute_mesh: build_edges() has not been called");
  const int size = mpi_size(comm);
  Partition p;
  if (size == 1) {
    p.owned.resize(m.n_faces());
    std::iota(p.owned.begin(), p.owned.end(), 0L);
  } else {
    p = use_dmplex_partitioner() ? partition_with_dmplex(m, comm)
                                 : partition_from_owners(m, level_balanced_partition(m, size), mpi_rank(comm));
  }

  LocalMesh lm;
  lm.comm = comm;
  lm.n_global_cells = static_cast<long>(m.n_faces());
  lm.n_owned = static_cast<int>(p.owned.size());
  lm.n_local = lm.n_owned + static_cast<int>(p.ghosts.size());
  lm.cell_gid = p.owned;
  lm.cell_gid.insert(lm.cell_gid.end(), p.ghosts.begin(), p.ghosts.end());
  std::unordered_map<long, int> local_of;
  for (int i = 0; i < lm.n_local; ++i) local_of[lm.cell_gid[i]] = i;

  const std::size_t nl = lm.n_local;
  lm.area.resize(nl);
  lm.cx.resize(nl);
  lm.cy.resize(nl);
  lm.lon.resize(nl);
  lm.lat.resize(nl);
  lm.depth.resize(nl);
  lm.jurisdiction.resize(nl);
  lm.zone.resize(nl);
  for (std::size_t i = 0; i < nl; ++i) {
    const std::size_t f = static_cast<std::size_t>(lm.cell_gid[i]);
    lm.area[i] = m.face_area(f);
    m.face_centroid(f, lm.cx[i], lm.cy[i]);
    const int a = m.tri[3 * f], b = m.tri[3 * f + 1], c = m.tri[3 * f + 2];
    lm.lon[i] = m.lon.empty() ? 0.0 : (m.lon[a] + m.lon[b] + m.lon[c]) / 3.0;
    lm.lat[i] = m.lat.empty() ? 0.0 : (m.lat[a] + m.lat[b] + m.lat[c]) / 3.0;
    lm.depth[i] = m.depth.empty() ? 0.0 : m.depth[f];
    lm.jurisdiction[i] = m.jurisdiction.empty() ? -1 : m.jurisdiction[f];
    lm.zone[i] = m.zone.empty() ? -1 : m.zone[f];
  }

  // Edges touching an owned cell, in global order.
  std::vector<char> touches(m.n_edges(), 0);
  for (int i = 0; i < lm.n_owned; ++i)
    for (int k = 0; k < 3; ++k) touches[m.face_edge[3 * lm.cell_gid[i] + k]] = 1;
  std::unordered_map<long, int> local_edge;
  for (std::size_t e = 0; e < m.n_edges(); ++e) {
    if (!touches[e]) continue;
    const int le = static_cast<int>(lm.edge_gid.size());
    local_edge[static_cast<long>(e)] = le;
    lm.edge_gid.push_back(static_cast<long>(e));
    const int fl = m.edge_face[2 * e], fr = m.edge_face[2 * e + 1];
    auto find_local = [&](int f) {
      auto it = local_of.find(f);
      if (it == local_of.end()) throw Failure("mesh distribution: a neighbour of an owned cell is missing");
      return it->second;
    };
    const int l = find_local(fl);
    lm.edge_left.push_back(l);
    lm.edge_right.push_back(fr < 0 ? -1 : find_local(fr));
    const int a = m.edge_node[2 * e], b = m.edge_node[2 * e + 1];
    const double dx = m.x[b] - m.x[a], dy = m.y[b] - m.y[a];
    const double L = std::hypot(dx, dy);
    double nxv = dy / L, nyv = -dx / L;
    const double mxv = 0.5 * (m.x[a] + m.x[b]), myv = 0.5 * (m.y[a] + m.y[b]);
    if (nxv * (mxv - lm.cx[l]) + nyv * (myv - lm.cy[l]) < 0) {
      nxv = -nxv;
      nyv = -nyv;
    }
    lm.nx.push_back(nxv);
    lm.ny.push_back(nyv);
    lm.len.push_back(L);
    lm.mx.push_back(mxv);
    lm.my.push_back(myv);
    lm.edge_tag.push_back(m.edge_tag[e]);
  }
  lm.cell_edge.resize(3 * static_cast<std::size_t>(lm.n_owned));
  lm.cell_edge_sign.resize(3 * static_cast<std::size_t>(lm.n_owned));
  for (int i = 0; i < lm.n_owned; ++i)
    for (int k = 0; k < 3; ++k) {
      const int le = local_edge.at(m.face_edge[3 * lm.cell_gid[i] + k]);
      lm.cell_edge[3 * i + k] = le;
      lm.cell_edge_sign[3 * i + k] = lm.edge_left[le] == i ? 1.0 : -1.0;
    }

  std::vector<int> ghost_local(p.ghosts.size());
  std::iota(ghost_local.begin(), ghost_local.end(), lm.n_owned);
  if (size > 1)
    lm.halo = std::make_shared<Halo>(comm, lm.n_local, ghost_local, p.ghost_rank, p.ghost_index);
  else
    lm.halo = std::make_shared<Halo>();
  return lm;
}

}  // namespace beibu
