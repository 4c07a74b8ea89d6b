#pragma once
// Which face contains a point: a uniform bucket grid over face bounding boxes.
#include <unordered_map>
#include <vector>

#include "mesh.hpp"

namespace beibu {

class FaceLocator {
 public:
  explicit FaceLocator(const Mesh& m);
  // Face containing (x, y) in the model projection, or -1.
  long find(double x, double y) const;
  // The containing face, else the face whose centroid is nearest (within max_dist m), else -1.
  long find_or_nearest(double x, double y, double max_dist) const;

 private:
  const Mesh& m_;
  double x0_ = 0, y0_ = 0, cell_ = 1;
  long nx_ = 1, ny_ = 1;
  std::unordered_map<long, std::vector<int>> buckets_;
};

}  // namespace beibu
