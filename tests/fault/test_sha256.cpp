// SHA-256 of the run manifests and checkpoint identities against the FIPS 180-2
// test vectors (including the two-block message and one million 'a').
#include <catch2/catch.hpp>
#include <string>

#include "core/sha256.hpp"

TEST_CASE("SHA-256 matches the FIPS 180-2 test vectors", "[sha256]") {
  using beibu::sha256_hex;
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // Fed in uneven pieces, so block boundaries fall inside update() calls.
  beibu::Sha256 h;
  const std::string chunk(997, 'a');
  std::size_t n = 0;
  while (n + chunk.size() <= 1000000) {
    h.update(chunk.data(), chunk.size());
    n += chunk.size();
  }
  const std::string rest(1000000 - n, 'a');
  h.update(rest.data(), rest.size());
  CHECK(h.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
