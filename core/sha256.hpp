#pragma once
// SHA-256 (FIPS 180-4) of a byte string or a file, as 64 lower-case hex digits:
// run manifests record the inputs they read, checkpoints the scenario they belong to.
#include <cstdint>
#include <string>

namespace beibu {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t n);
  std::string hex();  // finishes; the object must not be updated afterwards

 private:
  void block(const unsigned char* p);
  std::uint32_t h_[8];
  unsigned char buf_[64];
  std::size_t fill_ = 0;
  std::uint64_t bytes_ = 0;
};

std::string sha256_hex(const std::string& bytes);
// InputError naming the file if it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace beibu
