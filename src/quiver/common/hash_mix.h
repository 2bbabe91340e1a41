#pragma once

#include <cstdint>

namespace quiver {

/// \brief splitmix64's finaliser: every input bit reaches every output bit, so the low bits
/// that pick a hash table slot or a partition differ even for consecutive integer keys. Cheap
/// (two multiplies); shared by row hashing (repartition, joins) and the packed-key grouper.
inline uint64_t MixHash(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return x;
}

}  // namespace quiver
