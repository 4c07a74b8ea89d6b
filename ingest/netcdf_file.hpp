#pragma once
// A thin RAII wrapper over the NetCDF-C API: every call is checked, and errors
// name the file and the variable. Reading problems are InputError (the file is
// bad); writing problems are Failure (the disk is).
#include <netcdf.h>

#include <string>
#include <vector>

namespace beibu {

// HDF5 reports a file-system problem as "NetCDF: HDF error": the cause found with
// POSIX calls (directory or file not writable, no space, the file-size limit), or "".
std::string file_system_cause(const std::string& path);
// nc_strerror(status), led by that cause for errors that can come from the file system.
std::string nc_write_error(int status, const std::string& path);

class NcFile {
 public:
  static NcFile create(const std::string& path);  // netCDF-4, overwrites
  static NcFile open(const std::string& path);    // read only
  // An existing file opened for writing, in define mode (writing errors are Failure).
  static NcFile append(const std::string& path);
  NcFile(NcFile&& o) noexcept;
  NcFile& operator=(NcFile&&) = delete;
  ~NcFile();
  void close();

  const std::string& path() const { return path_; }
  int id() const { return id_; }

  // --- define mode
  int def_dim(const std::string& name, std::size_t len);  // len 0 = unlimited
  int def_var(const std::string& name, nc_type type, const std::vector<std::string>& dims, int deflate = 0);
  void put_att(const std::string& var, const std::string& name, const std::string& value);
  void put_att(const std::string& var, const std::string& name, const std::vector<double>& values);
  void put_att(const std::string& var, const std::string& name, const std::vector<int>& values);
  void put_att(const std::string& var, const std::string& name, double value) {
    put_att(var, name, std::vector<double>{value});
  }
  void put_att_int(const std::string& var, const std::string& name, int value) {
    put_att(var, name, std::vector<int>{value});
  }
  void enddef();

  // --- data
  void put(const std::string& var, const std::vector<double>& v);
  void put(const std::string& var, const std::vector<int>& v);
  void put_slab(const std::string& var, const std::vector<std::size_t>& start, const std::vector<std::size_t>& count,
                const double* data);

  // --- reading
  bool has_var(const std::string& name) const;
  bool has_dim(const std::string& name) const;
  std::size_t dim_len(const std::string& name) const;
  std::vector<std::string> var_dims(const std::string& var) const;
  std::vector<double> get_double(const std::string& var) const;
  std::vector<int> get_int(const std::string& var) const;
  bool has_att(const std::string& var, const std::string& name) const;
  std::string att_text(const std::string& var, const std::string& name) const;  // "" if absent
  std::vector<double> att_doubles(const std::string& var, const std::string& name) const;
  int varid(const std::string& var) const;  // NC_GLOBAL for ""

 private:
  NcFile(int id, std::string path, bool writing) : id_(id), path_(std::move(path)), writing_(writing) {}
  void check(int status, const std::string& what) const;
  int id_ = -1;
  std::string path_;
  bool writing_ = false;
};

}  // namespace beibu
