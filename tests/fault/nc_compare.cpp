// nc_compare A.nc B.nc [--rtol R]: every variable of A must exist in B with the
// same type and shape and the same data. Without --rtol the bytes must be identical
// (bitwise); with it, floating-point values may differ by R relative to the largest
// magnitude of the variable (runs on different rank counts). Exit 0 when equal,
// 1 with the first difference otherwise, 2 when a file cannot be read.
#include <netcdf.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

bool ok(int status, const char* what) {
  if (status == NC_NOERR) return true;
  std::fprintf(stderr, "nc_compare: %s: %s\n", what, nc_strerror(status));
  return false;
}

struct Var {
  std::string name;
  nc_type type = NC_NAT;
  std::vector<std::size_t> shape;
  std::size_t bytes = 0;
};

bool describe(int nc, int v, Var& out) {
  char name[NC_MAX_NAME + 1];
  int nd = 0, dims[NC_MAX_VAR_DIMS];
  if (!ok(nc_inq_var(nc, v, name, &out.type, &nd, dims, nullptr), "inq_var")) return false;
  out.name = name;
  std::size_t n = 1, size = 0;
  for (int d = 0; d < nd; ++d) {
    std::size_t len = 0;
    if (!ok(nc_inq_dimlen(nc, dims[d], &len), "inq_dimlen")) return false;
    out.shape.push_back(len);
    n *= len;
  }
  if (!ok(nc_inq_type(nc, out.type, nullptr, &size), "inq_type")) return false;
  out.bytes = n * size;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && !(argc == 5 && std::strcmp(argv[3], "--rtol") == 0)) {
    std::fprintf(stderr, "usage: nc_compare A.nc B.nc [--rtol R]\n");
    return 2;
  }
  const double rtol = argc == 5 ? std::atof(argv[4]) : -1;
  int a = -1, b = -1;
  if (!ok(nc_open(argv[1], NC_NOWRITE, &a), argv[1]) || !ok(nc_open(argv[2], NC_NOWRITE, &b), argv[2])) return 2;
  int nv = 0;
  nc_inq_nvars(a, &nv);
  int differing = 0, compared = 0;
  for (int v = 0; v < nv; ++v) {
    Var va, vb;
    if (!describe(a, v, va)) return 2;
    int vbid = -1;
    if (nc_inq_varid(b, va.name.c_str(), &vbid) != NC_NOERR) {
      std::printf("%s: missing in %s\n", va.name.c_str(), argv[2]);
      ++differing;
      continue;
    }
    if (!describe(b, vbid, vb)) return 2;
    if (va.type != vb.type || va.shape != vb.shape) {
      std::printf("%s: type or shape differs\n", va.name.c_str());
      ++differing;
      continue;
    }
    if (va.type == NC_STRING || va.type >= NC_FIRSTUSERTYPEID) continue;  // labels, not data
    std::vector<unsigned char> da(va.bytes), db(vb.bytes);
    if (va.bytes > 0 &&
        (!ok(nc_get_var(a, v, da.data()), va.name.c_str()) || !ok(nc_get_var(b, vbid, db.data()), va.name.c_str())))
      return 2;
    ++compared;
    if (da == db) continue;
    if (rtol >= 0 && va.type == NC_DOUBLE) {
      const std::size_t n = va.bytes / sizeof(double);
      std::vector<double> xa(n), xb(n);
      std::memcpy(xa.data(), da.data(), va.bytes);
      std::memcpy(xb.data(), db.data(), va.bytes);
      double scale = 0, worst = 0;
      for (std::size_t i = 0; i < n; ++i)
        if (std::fabs(xa[i]) < 1e30) scale = std::max(scale, std::fabs(xa[i]));
      for (std::size_t i = 0; i < n; ++i) worst = std::max(worst, std::fabs(xa[i] - xb[i]));
      if (worst <= rtol * scale) continue;
      std::printf("%s: largest difference %.3g, %.3g relative to the largest value\n", va.name.c_str(), worst,
                  scale > 0 ? worst / scale : worst);
    } else {
      std::size_t i = 0;
      while (da[i] == db[i]) ++i;
      std::printf("%s: differs (first at byte %zu of %zu)\n", va.name.c_str(), i, va.bytes);
    }
    ++differing;
  }
  nc_close(a);
  nc_close(b);
  std::printf("nc_compare %s %s: %d variable(s) compared, %d differ\n", argv[1], argv[2], compared, differing);
  return differing ? 1 : 0;
}
