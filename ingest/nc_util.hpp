#pragma once
// Tolerant attribute and variable queries over NcFile for readers of files
// written by others: an attribute of an unexpected type reads as absent
// instead of failing, and slab reads name the file and variable on error.
#include <string>
#include <vector>

#include "ingest/netcdf_file.hpp"

namespace beibu {

// Text attribute, "" when absent or not text. var "" = global.
std::string text_att(const NcFile& nc, const std::string& var, const std::string& name);
// Numeric attribute, {} when absent or text.
std::vector<double> num_att(const NcFile& nc, const std::string& var, const std::string& name);
std::vector<std::string> variable_names(const NcFile& nc);
nc_type variable_type(const NcFile& nc, const std::string& var);
// A hyperslab as doubles (no unpacking); InputError naming file and variable.
std::vector<double> get_slab(const NcFile& nc, const std::string& var, const std::vector<std::size_t>& start,
                             const std::vector<std::size_t>& count);
// Strings of a char(n, len) or string(n) variable.
std::vector<std::string> get_strings(const NcFile& nc, const std::string& var);

}  // namespace beibu
