#pragma once
// Water-quality standards as data (data/standards/*.yaml): classes, and per
// parameter the limit of each class. GB 3097-1997 (sea) and GB 3838-2002
// (surface water) ship with beibu; others (e.g. Viet Nam's) are new files.
#include <string>
#include <vector>

namespace beibu {

enum class LimitKind {
  max,            // value <= limit
  max_exclusive,  // value <  limit
  min,            // value >= limit (e.g. dissolved oxygen)
  min_exclusive   // value >  limit
};

struct ClassName {
  std::string name, name_zh;
};

struct ParameterLimit {
  std::string id, name, name_zh, units;
  LimitKind kind = LimitKind::max;
  std::vector<double> values;  // one limit per class, from the best class to the worst
  bool meets(double value, std::size_t cls) const;
  // Larger is worse for `max` limits, smaller is worse for `min` limits.
  bool higher_is_worse() const { return kind == LimitKind::max || kind == LimitKind::max_exclusive; }
};

// One class coding in every product (GeoTIFF, GeoPackage, NetCDF, CSV): class index k
// is code k + 1 (1 = Class I, ..., classes.size() + 1 = worse than every class), and
// kClassNotAssessed (0, the no-data value) where nothing was assessed (land, no data).
inline constexpr int kClassNotAssessed = 0;
inline int class_code(int cls) {
  return cls < 0 ? kClassNotAssessed : cls + 1;
}

struct Standard {
  std::string id, title, title_zh, source, water, file;
  std::vector<ClassName> classes;
  ClassName worse_than_all;
  std::vector<ParameterLimit> parameters;

  const ParameterLimit* find(const std::string& parameter) const;
  // Name of class index `cls` (classes.size() = worse than all), in "en" or "zh".
  const std::string& class_name(int cls, const std::string& lang = "en") const;
  // The name of a class code (class_code): "not assessed" for kClassNotAssessed.
  std::string code_name(int code, const std::string& lang = "en") const;
  // Codes 1 .. classes.size() + 1 and their names as CF flag_meanings words
  // ("Class_I Class_II ... Worse_than_Class_IV").
  std::vector<int> codes() const;
  std::string code_flag_meanings() const;
};

// Reads and validates a standard; throws InputError naming the file, line and key.
Standard load_standard(const std::string& path);

}  // namespace beibu
