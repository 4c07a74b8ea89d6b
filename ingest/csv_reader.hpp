#pragma once
// A strict RFC 4180 CSV reader: quoted fields with "" escapes and embedded
// line breaks, CRLF or LF, a UTF-8 byte-order mark. It never trusts its input:
// fields and records have size limits, and every problem is an InputError
// with the file and line.
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace beibu {

struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;  // line where the record starts (1-based)
};

struct CsvLimits {
  std::size_t max_field_bytes = 64 * 1024;
  std::size_t max_fields = 256;
};

class CsvReader {
 public:
  CsvReader(std::istream& in, std::string file, CsvLimits limits = {});
  // Next non-empty record; false at the end of the input.
  bool next(CsvRecord& rec);
  const std::string& file() const { return file_; }

 private:
  int get();
  std::istream& in_;
  std::string file_;
  CsvLimits limits_;
  std::size_t line_ = 1;
  bool first_ = true;
};

// A whole field (spaces trimmed) as a finite number, or nullopt.
std::optional<double> parse_number(const std::string& text);

// Header names (lower case, trimmed) -> column index. InputError with the file
// and line for a repeated name or a missing required column.
std::map<std::string, std::size_t> csv_header_columns(const CsvRecord& header, const std::string& file,
                                                      const std::vector<std::string>& required);

// "line N": where a record starts, for InputError locations.
std::string csv_line(const CsvRecord& rec);

// InputError with the file and line unless the record has exactly `n` fields (the header's count).
void csv_require_fields(const CsvRecord& rec, std::size_t n, const std::string& file);

}  // namespace beibu
