#include "netcdf_file.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"

namespace beibu {

std::string file_system_cause(const std::string& path) {
  const std::filesystem::path p(path);
  const std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
  if (::access(dir.c_str(), W_OK) != 0) return std::strerror(errno);
  if (::access(path.c_str(), F_OK) == 0 && ::access(path.c_str(), W_OK) != 0) return std::strerror(errno);
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) == 0 && fs.f_bavail == 0) return std::strerror(ENOSPC);
  struct rlimit lim {};
  struct stat st {};
  if (::getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY && ::stat(path.c_str(), &st) == 0 &&
      static_cast<rlim_t>(st.st_size) + (1 << 20) >= lim.rlim_cur)
    return std::strerror(EFBIG);
  return "";
}

std::string nc_write_error(int status, const std::string& path) {
  const std::string msg = nc_strerror(status);
  if (status != NC_EHDFERR && status != NC_EPERM && status != NC_EACCESS && status != NC_EIO) return msg;
  const std::string cause = file_system_cause(path);
  return cause.empty() ? msg : cause + " (" + msg + ")";
}

void NcFile::check(int status, const std::string& what) const {
  if (status == NC_NOERR) return;
  if (writing_) throw Failure(path_ + ": " + what + ": " + nc_write_error(status, path_));
  throw InputError(path_, what, nc_strerror(status));
}

NcFile NcFile::create(const std::string& path) {
  // The file is created with POSIX first, so that a directory that cannot be written
  // (or a full disk) is reported with its errno text, not as an HDF error.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw Failure(path + ": cannot create NetCDF file: " + std::strerror(errno));
  ::close(fd);
  int id = -1;
  const int st = nc_create(path.c_str(), NC_NETCDF4 | NC_CLOBBER, &id);
  if (st != NC_NOERR) throw Failure(path + ": cannot create NetCDF file: " + nc_write_error(st, path));
  return NcFile(id, path, true);
}

NcFile NcFile::open(const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError(path, "", "no such file");
  int id = -1;
  const int st = nc_open(path.c_str(), NC_NOWRITE, &id);
  if (st != NC_NOERR) throw InputError(path, "", std::string("cannot open as NetCDF: ") + nc_strerror(st));
  return NcFile(id, path, false);
}

NcFile NcFile::append(const std::string& path) {
  int id = -1;
  int st = nc_open(path.c_str(), NC_WRITE, &id);
  if (st != NC_NOERR) throw Failure(path + ": cannot open for writing: " + nc_strerror(st));
  NcFile f(id, path, true);
  f.check(nc_redef(id), "entering define mode");
  return f;
}

NcFile::NcFile(NcFile&& o) noexcept : id_(o.id_), path_(std::move(o.path_)), writing_(o.writing_) {
  o.id_ = -1;
}

NcFile::~NcFile() {
  if (id_ >= 0) nc_close(id_);
}

void NcFile::close() {
  if (id_ < 0) return;
  const int st = nc_close(id_);
  id_ = -1;
  check(st, "closing");
}

int NcFile::varid(const std::string& var) const {
  if (var.empty()) return NC_GLOBAL;
  int v = -1;
  const int st = nc_inq_varid(id_, var.c_str(), &v);
  if (st != NC_NOERR) {
    if (writing_) throw Failure(path_ + ": no variable '" + var + "'");
    throw InputError(path_, "variable '" + var + "'", "is missing");
  }
  return v;
}

int NcFile::def_dim(const std::string& name, std::size_t len) {
  int d = -1;
  check(nc_def_dim(id_, name.c_str(), len == 0 ? NC_UNLIMITED : len, &d), "defining dimension " + name);
  return d;
}

int NcFile::def_var(const std::string& name, nc_type type, const std::vector<std::string>& dims, int deflate) {
  std::vector<int> ids;
  for (const auto& d : dims) {
    int id = -1;
    check(nc_inq_dimid(id_, d.c_str(), &id), "dimension " + d);
    ids.push_back(id);
  }
  int v = -1;
  check(nc_def_var(id_, name.c_str(), type, static_cast<int>(ids.size()), ids.data(), &v), "defining variable " + name);
  if (deflate > 0 && !ids.empty()) check(nc_def_var_deflate(id_, v, 1, 1, deflate), "compressing " + name);
  return v;
}

void NcFile::put_att(const std::string& var, const std::string& name, const std::string& value) {
  check(nc_put_att_text(id_, varid(var), name.c_str(), value.size(), value.c_str()), "attribute " + name);
}

void NcFile::put_att(const std::string& var, const std::string& name, const std::vector<double>& values) {
  check(nc_put_att_double(id_, varid(var), name.c_str(), NC_DOUBLE, values.size(), values.data()), "attribute " + name);
}

void NcFile::put_att(const std::string& var, const std::string& name, const std::vector<int>& values) {
  check(nc_put_att_int(id_, varid(var), name.c_str(), NC_INT, values.size(), values.data()), "attribute " + name);
}

void NcFile::enddef() {
  check(nc_enddef(id_), "leaving define mode");
}

void NcFile::put(const std::string& var, const std::vector<double>& v) {
  check(nc_put_var_double(id_, varid(var), v.data()), "writing " + var);
}

void NcFile::put(const std::string& var, const std::vector<int>& v) {
  check(nc_put_var_int(id_, varid(var), v.data()), "writing " + var);
}

void NcFile::put_slab(const std::string& var, const std::vector<std::size_t>& start,
                      const std::vector<std::size_t>& count, const double* data) {
  check(nc_put_vara_double(id_, varid(var), start.data(), count.data(), data), "writing " + var);
}

bool NcFile::has_var(const std::string& name) const {
  int v;
  return nc_inq_varid(id_, name.c_str(), &v) == NC_NOERR;
}

bool NcFile::has_dim(const std::string& name) const {
  int d;
  return nc_inq_dimid(id_, name.c_str(), &d) == NC_NOERR;
}

std::size_t NcFile::dim_len(const std::string& name) const {
  int d = -1;
  check(nc_inq_dimid(id_, name.c_str(), &d), "dimension '" + name + "'");
  std::size_t len = 0;
  check(nc_inq_dimlen(id_, d, &len), "dimension '" + name + "'");
  return len;
}

std::vector<std::string> NcFile::var_dims(const std::string& var) const {
  const int v = varid(var);
  int nd = 0;
  check(nc_inq_varndims(id_, v, &nd), "variable '" + var + "'");
  std::vector<int> ids(nd);
  check(nc_inq_vardimid(id_, v, ids.data()), "variable '" + var + "'");
  std::vector<std::string> out;
  for (int d : ids) {
    char name[NC_MAX_NAME + 1];
    check(nc_inq_dimname(id_, d, name), "variable '" + var + "'");
    out.emplace_back(name);
  }
  return out;
}

namespace {
std::size_t var_size(const NcFile& f, const std::string& var) {
  std::size_t n = 1;
  for (const auto& d : f.var_dims(var)) n *= f.dim_len(d);
  return n;
}
}  // namespace

std::vector<double> NcFile::get_double(const std::string& var) const {
  std::vector<double> v(var_size(*this, var));
  check(nc_get_var_double(id_, varid(var), v.data()), "variable '" + var + "'");
  return v;
}

std::vector<int> NcFile::get_int(const std::string& var) const {
  std::vector<int> v(var_size(*this, var));
  check(nc_get_var_int(id_, varid(var), v.data()), "variable '" + var + "'");
  return v;
}

bool NcFile::has_att(const std::string& var, const std::string& name) const {
  int v = NC_GLOBAL;
  if (!var.empty() && nc_inq_varid(id_, var.c_str(), &v) != NC_NOERR) return false;
  return nc_inq_attid(id_, v, name.c_str(), nullptr) == NC_NOERR;
}

std::string NcFile::att_text(const std::string& var, const std::string& name) const {
  if (!has_att(var, name)) return "";
  const int v = varid(var);
  std::size_t len = 0;
  nc_type type = NC_NAT;
  check(nc_inq_att(id_, v, name.c_str(), &type, &len), "attribute " + name);
  if (type == NC_STRING) {  // netCDF-4 strings (what netCDF4-python writes for non-ASCII text): joined by newlines
    std::vector<char*> parts(len, nullptr);
    check(nc_get_att_string(id_, v, name.c_str(), parts.data()), "attribute " + name);
    std::string s;
    for (std::size_t i = 0; i < len; ++i) s += (i ? "\n" : "") + std::string(parts[i] ? parts[i] : "");
    nc_free_string(len, parts.data());
    return s;
  }
  if (type != NC_CHAR)
    throw InputError(path_, "attribute " + name,
                     "expected text, found a number (NetCDF type " + std::to_string(type) + ")");
  std::string s(len, '\0');
  check(nc_get_att_text(id_, v, name.c_str(), s.data()), "attribute " + name);
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

std::vector<double> NcFile::att_doubles(const std::string& var, const std::string& name) const {
  if (!has_att(var, name)) return {};
  const int v = varid(var);
  std::size_t len = 0;
  check(nc_inq_attlen(id_, v, name.c_str(), &len), "attribute " + name);
  std::vector<double> out(len);
  check(nc_get_att_double(id_, v, name.c_str(), out.data()), "attribute " + name);
  return out;
}

}  // namespace beibu
