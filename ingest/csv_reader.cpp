#include "csv_reader.hpp"

#include "core/error.hpp"

namespace beibu {

CsvReader::CsvReader(std::istream& in, std::string file, CsvLimits limits)
    : in_(in), file_(std::move(file)), limits_(limits) {}

int CsvReader::get() {
  const int c = in_.get();
  return in_ ? c : -1;
}

bool CsvReader::next(CsvRecord& rec) {
  if (first_) {
    first_ = false;
    // Skip a UTF-8 byte-order mark (spreadsheets write one).
    if (in_.peek() == 0xEF) {
      char bom[3];
      in_.read(bom, 3);
      if (!(in_.gcount() == 3 && static_cast<unsigned char>(bom[1]) == 0xBB &&
            static_cast<unsigned char>(bom[2]) == 0xBF)) {
        in_.clear();
        in_.seekg(0);
      }
    }
  }
  for (;;) {
    rec.fields.clear();
    rec.line = line_;
    std::string field;
    bool quoted = false, in_quotes = false, any = false;
    auto finish_field = [&] {
      if (rec.fields.size() >= limits_.max_fields)
        throw InputError(file_, "line " + std::to_string(rec.line),
                         "more than " + std::to_string(limits_.max_fields) + " fields");
      rec.fields.push_back(std::move(field));
      field.clear();
      quoted = false;
    };
    for (;;) {
      int c = get();
      if (c < 0) {
        if (in_quotes) throw InputError(file_, "line " + std::to_string(rec.line), "unterminated quoted field");
        if (!any) return false;
        finish_field();
        break;
      }
      any = true;
      if (in_quotes) {
        if (c == '"') {
          if (in_.peek() == '"') {
            get();
            field.push_back('"');
          } else {
            in_quotes = false;
          }
        } else {
          if (c == '\n') ++line_;
          field.push_back(static_cast<char>(c));
        }
      } else if (c == '"' && field.empty() && !quoted) {
        in_quotes = quoted = true;
      } else if (c == ',') {
        finish_field();
      } else if (c == '\r' && in_.peek() == '\n') {
        continue;  // CRLF: the LF ends the record
      } else if (c == '\n') {
        ++line_;
        finish_field();
        break;
      } else {
        if (quoted) throw InputError(file_, "line " + std::to_string(line_), "text after the closing quote of a field");
        field.push_back(static_cast<char>(c));
      }
      if (field.size() > limits_.max_field_bytes)
        throw InputError(file_, "line " + std::to_string(rec.line),
                         "a field is longer than " + std::to_string(limits_.max_field_bytes) + " bytes");
    }
    // Skip blank lines (a single empty field).
    if (rec.fields.size() == 1 && rec.fields[0].empty()) continue;
    return true;
  }
}

}  // namespace beibu
