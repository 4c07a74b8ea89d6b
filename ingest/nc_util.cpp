#include "nc_util.hpp"

#include "core/error.hpp"

namespace beibu {

namespace {
bool att_info(const NcFile& nc, const std::string& var, const std::string& name, nc_type& type, std::size_t& len) {
  int v = NC_GLOBAL;
  if (!var.empty() && nc_inq_varid(nc.id(), var.c_str(), &v) != NC_NOERR) return false;
  return nc_inq_att(nc.id(), v, name.c_str(), &type, &len) == NC_NOERR;
}
}  // namespace

std::string text_att(const NcFile& nc, const std::string& var, const std::string& name) {
  nc_type type;
  std::size_t len;
  if (!att_info(nc, var, name, type, len) || type != NC_CHAR) return "";
  return nc.att_text(var, name);
}

std::vector<double> num_att(const NcFile& nc, const std::string& var, const std::string& name) {
  nc_type type;
  std::size_t len;
  if (!att_info(nc, var, name, type, len) || type == NC_CHAR || type == NC_STRING) return {};
  return nc.att_doubles(var, name);
}

std::vector<std::string> variable_names(const NcFile& nc) {
  int n = 0;
  if (nc_inq_nvars(nc.id(), &n) != NC_NOERR) throw InputError(nc.path(), "", "cannot list variables");
  std::vector<std::string> out;
  for (int v = 0; v < n; ++v) {
    char name[NC_MAX_NAME + 1];
    if (nc_inq_varname(nc.id(), v, name) == NC_NOERR) out.emplace_back(name);
  }
  return out;
}

nc_type variable_type(const NcFile& nc, const std::string& var) {
  nc_type t = NC_NAT;
  if (nc_inq_vartype(nc.id(), nc.varid(var), &t) != NC_NOERR)
    throw InputError(nc.path(), "variable '" + var + "'", "cannot read its type");
  return t;
}

std::vector<double> get_slab(const NcFile& nc, const std::string& var, const std::vector<std::size_t>& start,
                             const std::vector<std::size_t>& count) {
  std::size_t n = 1;
  for (std::size_t c : count) n *= c;
  std::vector<double> v(n);
  const int st = nc_get_vara_double(nc.id(), nc.varid(var), start.data(), count.data(), v.data());
  if (st != NC_NOERR)
    throw InputError(nc.path(), "variable '" + var + "'", std::string("cannot read: ") + nc_strerror(st));
  return v;
}

std::vector<std::string> get_strings(const NcFile& nc, const std::string& var) {
  const nc_type t = variable_type(nc, var);
  const auto dims = nc.var_dims(var);
  const int id = nc.varid(var);
  std::vector<std::string> out;
  if (t == NC_STRING && dims.size() == 1) {
    std::vector<char*> p(nc.dim_len(dims[0]));
    if (nc_get_var_string(nc.id(), id, p.data()) != NC_NOERR)
      throw InputError(nc.path(), "variable '" + var + "'", "cannot read strings");
    for (char* s : p) out.emplace_back(s ? s : "");
    nc_free_string(p.size(), p.data());
    return out;
  }
  if (t == NC_CHAR && dims.size() == 2) {
    const std::size_t n = nc.dim_len(dims[0]), len = nc.dim_len(dims[1]);
    std::vector<char> buf(n * len);
    if (nc_get_var_text(nc.id(), id, buf.data()) != NC_NOERR)
      throw InputError(nc.path(), "variable '" + var + "'", "cannot read characters");
    for (std::size_t i = 0; i < n; ++i) {
      std::string s(buf.data() + i * len, len);
      while (!s.empty() && (s.back() == '\0' || s.back() == ' ')) s.pop_back();
      out.push_back(s);
    }
    return out;
  }
  throw InputError(nc.path(), "variable '" + var + "'", "is neither char(n, strlen) nor string(n)");
}

}  // namespace beibu
