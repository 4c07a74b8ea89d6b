#include "nc_var.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "ingest/nc_util.hpp"
#include "ingest/unit_expr.hpp"

namespace beibu {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return "(" + out + ")";
}

}  // namespace

double default_fill(nc_type t) {
  switch (t) {
    case NC_BYTE:
      return NC_FILL_BYTE;
    case NC_UBYTE:
      return NC_FILL_UBYTE;
    case NC_SHORT:
      return NC_FILL_SHORT;
    case NC_USHORT:
      return NC_FILL_USHORT;
    case NC_INT:
      return NC_FILL_INT;
    case NC_UINT:
      return NC_FILL_UINT;
    case NC_FLOAT:
      return NC_FILL_FLOAT;
    case NC_INT64:
      return static_cast<double>(NC_FILL_INT64);
    case NC_UINT64:
      return static_cast<double>(NC_FILL_UINT64);
    default:
      return NC_FILL_DOUBLE;
  }
}

bool MissingValues::operator()(double raw) const {
  if (!std::isfinite(raw)) return true;
  for (double f : fill)
    if (raw == f || std::abs(raw - f) <= 1e-6 * std::abs(f)) return true;
  return raw < valid_min || raw > valid_max;
}

MissingValues missing_values(const NcFile& nc, const std::string& var) {
  MissingValues m;
  m.fill = num_att(nc, var, "_FillValue");
  if (m.fill.empty()) m.fill.push_back(default_fill(variable_type(nc, var)));
  for (double v : num_att(nc, var, "missing_value")) m.fill.push_back(v);
  if (const auto vr = num_att(nc, var, "valid_range"); vr.size() == 2) {
    m.valid_min = vr[0];
    m.valid_max = vr[1];
  }
  if (const auto v = num_att(nc, var, "valid_min"); !v.empty()) m.valid_min = v[0];
  if (const auto v = num_att(nc, var, "valid_max"); !v.empty()) m.valid_max = v[0];
  return m;
}

NcVar::NcVar(const NcFile& nc, NcVarSpec spec) : nc_(nc), spec_(std::move(spec)) {
  if (!nc_.has_var(spec_.name)) throw InputError(nc_.path(), where(), "is missing");
  varid_ = nc_.varid(spec_.name);
  const std::vector<std::string> file_dims = nc_.var_dims(spec_.name);
  const auto wrong_dims = [&] {
    return InputError(nc_.path(), where(),
                      "has dimensions " + join(file_dims) + ", expected " + join(spec_.dims) + " in any order");
  };
  if (file_dims.size() != spec_.dims.size()) throw wrong_dims();
  for (const auto& d : spec_.dims) {
    const auto it = std::find(file_dims.begin(), file_dims.end(), d);
    if (it == file_dims.end() || std::count(spec_.dims.begin(), spec_.dims.end(), d) != 1) throw wrong_dims();
    perm_.push_back(static_cast<std::size_t>(it - file_dims.begin()));
    len_.push_back(nc_.dim_len(d));
  }
  const nc_type type = variable_type(nc_, spec_.name);
  if (type == NC_CHAR || type == NC_STRING) throw InputError(nc_.path(), where(), "holds text, expected numbers");
  missing_ = missing_values(nc_, spec_.name);
  if (const auto v = num_att(nc_, spec_.name, "scale_factor"); !v.empty()) scale_ = v[0];
  if (const auto v = num_att(nc_, spec_.name, "add_offset"); !v.empty()) offset_ = v[0];
  if (!std::isfinite(scale_) || !std::isfinite(offset_) || scale_ == 0)
    throw InputError(nc_.path(), where(), "has a zero or non-finite scale_factor or add_offset");
  units_ = text_att(nc_, spec_.name, "units");
  // A variable without units is taken to be in the format's documented units.
  if (!spec_.units.empty() && !units_.empty()) {
    try {
      convert_ = unit_factor(units_, spec_.units);
    } catch (const std::invalid_argument& e) {
      throw InputError(nc_.path(), where(), e.what());
    }
  }
}

std::size_t NcVar::size() const {
  std::size_t n = 1;
  for (std::size_t l : len_) n *= l;
  return n;
}

std::vector<double> NcVar::read() const {
  if (len_.empty()) return read_records(0, 1);
  return read_records(0, len_[0]);
}

std::vector<double> NcVar::read_record(std::size_t i) const {
  if (len_.empty()) throw Failure(nc_.path() + ": " + where() + " is a scalar, it has no records");
  return read_records(i, 1);
}

std::vector<double> NcVar::read_records(std::size_t i0, std::size_t n) const {
  const std::size_t nd = len_.size();
  std::vector<std::size_t> start(nd, 0), count(nd), ocount = len_;
  for (std::size_t k = 0; k < nd; ++k) count[perm_[k]] = len_[k];
  if (nd > 0) {
    if (i0 + n > len_[0]) throw Failure(nc_.path() + ": " + where() + ": record index out of range");
    start[perm_[0]] = i0;
    count[perm_[0]] = n;
    ocount[0] = n;
  }
  std::size_t total = 1;
  for (std::size_t c : count) total *= c;
  std::vector<double> raw(total);
  if (total > 0) {
    const int st = nc_get_vara_double(nc_.id(), varid_, start.data(), count.data(), raw.data());
    if (st != NC_NOERR) throw InputError(nc_.path(), where(), std::string("cannot be read: ") + nc_strerror(st));
  }
  bool identity = true;
  for (std::size_t k = 0; k < nd; ++k) identity = identity && perm_[k] == k;
  if (!identity) {
    // Strides of the file's slab, looked up in the caller's order.
    std::vector<std::size_t> fstride(nd, 1), ostride(nd);
    for (std::size_t f = nd; f-- > 1;) fstride[f - 1] = fstride[f] * count[f];
    for (std::size_t k = 0; k < nd; ++k) ostride[k] = fstride[perm_[k]];
    std::vector<double> out(total);
    std::vector<std::size_t> idx(nd, 0);
    for (std::size_t o = 0; o < total; ++o) {
      std::size_t src = 0;
      for (std::size_t k = 0; k < nd; ++k) src += idx[k] * ostride[k];
      out[o] = raw[src];
      for (std::size_t k = nd; k-- > 0;) {
        if (++idx[k] < ocount[k]) break;
        idx[k] = 0;
      }
    }
    raw = std::move(out);
  }
  return decode(std::move(raw), i0, ocount);
}

std::vector<double> NcVar::decode(std::vector<double> v, std::size_t i0, const std::vector<std::size_t>& count) const {
  const double a = scale_ * convert_, b = offset_ * convert_;
  for (std::size_t o = 0; o < v.size(); ++o) {
    if (missing_(v[o])) {
      if (spec_.missing_as_nan) {
        v[o] = std::numeric_limits<double>::quiet_NaN();
        continue;
      }
      std::ostringstream value;
      value << v[o];
      throw InputError(nc_.path(), where(),
                       "holds a missing value (" + value.str() +
                           ": fill value, missing_value, outside valid_range or not finite) at " +
                           index_text(o, i0, count));
    }
    v[o] = a * v[o] + b;
  }
  return v;
}

std::string NcVar::index_text(std::size_t flat, std::size_t i0, const std::vector<std::size_t>& count) const {
  const std::size_t nd = count.size();
  std::vector<std::size_t> idx(nd);
  for (std::size_t k = nd; k-- > 0;) {
    idx[k] = flat % count[k];
    flat /= count[k];
  }
  if (nd > 0) idx[0] += i0;
  std::string out;
  for (std::size_t k = 0; k < nd; ++k) out += (out.empty() ? "" : ", ") + spec_.dims[k] + " " + std::to_string(idx[k]);
  return out.empty() ? "the value" : out;
}

const std::vector<Calendar>& real_calendars() {
  static const std::vector<Calendar> c{Calendar::standard, Calendar::proleptic_gregorian};
  return c;
}

NcTimeAxis read_time_axis(const NcFile& nc, const std::string& var, const std::vector<Calendar>& calendars) {
  const std::string where = "variable '" + var + "'";
  if (!nc.has_var(var)) throw InputError(nc.path(), where, "is missing");
  const auto dims = nc.var_dims(var);
  if (dims.size() != 1) throw InputError(nc.path(), where, "must have one dimension");
  NcTimeAxis a;
  try {
    a.units = parse_time_units(text_att(nc, var, "units"), text_att(nc, var, "calendar"));
  } catch (const std::invalid_argument& e) {
    throw InputError(nc.path(), where, e.what());
  }
  if (!calendars.empty() && std::find(calendars.begin(), calendars.end(), a.units.calendar) == calendars.end()) {
    std::string list;
    for (Calendar c : calendars) list += (list.empty() ? "" : ", ") + calendar_name(c);
    throw InputError(nc.path(), where,
                     "calendar '" + text_att(nc, var, "calendar") + "' is not supported here; expected " + list);
  }
  a.raw = NcVar(nc, NcVarSpec{var, dims, "", false}).read();
  a.t.resize(a.raw.size());
  for (std::size_t i = 0; i < a.raw.size(); ++i) {
    a.t[i] = cf_to_model(a.raw[i], a.units);
    if (!std::isfinite(a.t[i])) throw InputError(nc.path(), where, "not finite at index " + std::to_string(i));
    if (i > 0 && !(a.t[i] > a.t[i - 1]))
      throw InputError(nc.path(), where,
                       "is not strictly increasing at index " + std::to_string(i) +
                           (a.t[i] < a.t[i - 1] ? " (a reversed or unsorted time axis)" : " (a repeated time)"));
  }
  return a;
}

}  // namespace beibu
