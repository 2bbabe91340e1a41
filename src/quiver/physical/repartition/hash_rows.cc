// Row hashing for hash repartitioning: typed loops over each key column's buffers.

#include <arrow/array.h>
#include <arrow/compute/api.h>
#include <arrow/type.h>
#include <arrow/util/bit_util.h>
#include <quiver/common/hash_mix.h>
#include <quiver/physical/repartition/repartition_exec.h>

#include <cstring>

namespace quiver {
namespace {

constexpr uint64_t kSeed = 0x2545F4914F6CDD1DULL;
constexpr uint64_t kNullHash = 0x7A3B1C5D9E2F4680ULL;

inline uint64_t Combine(uint64_t h, uint64_t v) {
  return MixHash(h ^ (v + 0x9E3779B97F4A7C15ULL + (h << 6)));
}

inline uint64_t HashBytes(const uint8_t* p, int64_t n) {
  uint64_t h = kSeed ^ static_cast<uint64_t>(n);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = MixHash(h ^ w);
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, static_cast<size_t>(n));
  return MixHash(h ^ tail ^ 0xFF51AFD7ED558CCDULL);
}

template <typename F>
void ForRows(const arrow::ArrayData& a, int64_t n, uint64_t* out, F&& value_hash) {
  const uint8_t* validity = a.GetNullCount() > 0 && a.buffers[0] ? a.buffers[0]->data() : nullptr;
  if (!validity) {
    for (int64_t i = 0; i < n; ++i) out[i] = Combine(out[i], value_hash(i));
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    out[i] = Combine(out[i],
                     arrow::bit_util::GetBit(validity, a.offset + i) ? value_hash(i) : kNullHash);
  }
}

template <typename CType>
void HashFixed(const arrow::ArrayData& a, int64_t n, uint64_t* out) {
  const CType* v = a.GetValues<CType>(1);
  ForRows(a, n, out, [&](int64_t i) -> uint64_t {
    return static_cast<uint64_t>(static_cast<std::make_unsigned_t<CType>>(v[i]));
  });
}

template <typename FType>
void HashFloat(const arrow::ArrayData& a, int64_t n, uint64_t* out) {
  const FType* v = a.GetValues<FType>(1);
  ForRows(a, n, out, [&](int64_t i) -> uint64_t {
    double d = static_cast<double>(v[i]);
    if (d == 0.0) d = 0.0;                     // -0.0 and 0.0 are equal keys
    if (d != d) return 0x7FF8000000000000ULL;  // every NaN alike
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    return bits;
  });
}

template <typename OffsetType>
void HashBinary(const arrow::ArrayData& a, int64_t n, uint64_t* out) {
  const OffsetType* offsets = a.GetValues<OffsetType>(1);
  const uint8_t* data = a.buffers[2] ? a.buffers[2]->data() : nullptr;
  ForRows(a, n, out, [&](int64_t i) -> uint64_t {
    return HashBytes(data + offsets[i], static_cast<int64_t>(offsets[i + 1] - offsets[i]));
  });
}

arrow::Status HashColumn(const std::shared_ptr<arrow::Array>& array, int64_t n, uint64_t* out) {
  const arrow::ArrayData& a = *array->data();
  switch (array->type_id()) {
    case arrow::Type::NA:
      for (int64_t i = 0; i < n; ++i) out[i] = Combine(out[i], kNullHash);
      return arrow::Status::OK();
    case arrow::Type::BOOL: {
      const uint8_t* bits = a.buffers[1]->data();
      ForRows(a, n, out, [&](int64_t i) -> uint64_t {
        return arrow::bit_util::GetBit(bits, a.offset + i) ? 1 : 2;
      });
      return arrow::Status::OK();
    }
    case arrow::Type::INT8:
      HashFixed<int8_t>(a, n, out);
      return arrow::Status::OK();
    case arrow::Type::UINT8:
      HashFixed<uint8_t>(a, n, out);
      return arrow::Status::OK();
    case arrow::Type::INT16:
      HashFixed<int16_t>(a, n, out);
      return arrow::Status::OK();
    case arrow::Type::UINT16:
      HashFixed<uint16_t>(a, n, out);
      return arrow::Status::OK();
    case arrow::Type::INT32:
    case arrow::Type::DATE32:
    case arrow::Type::TIME32:
      HashFixed<int32_t>(a, n, out);
      return arrow::Status::OK();
    case arrow::Type::UINT32:
      HashFixed<uint32_t>(a, n, out);
      return arrow::Status::OK();
    case arrow::Type::INT64:
    case arrow::Type::DATE64:
    case arrow::Type::TIME64:
    case arrow::Type::TIMESTAMP:
    case arrow::Type::DURATION:
      HashFixed<int64_t>(a, n, out);
      return arrow::Status::OK();
    case arrow::Type::UINT64:
      HashFixed<uint64_t>(a, n, out);
      return arrow::Status::OK();
    case arrow::Type::FLOAT:
      HashFloat<float>(a, n, out);
      return arrow::Status::OK();
    case arrow::Type::DOUBLE:
      HashFloat<double>(a, n, out);
      return arrow::Status::OK();
    case arrow::Type::DECIMAL128: {
      const uint8_t* bytes = a.buffers[1]->data() + a.offset * 16;
      ForRows(a, n, out, [&](int64_t i) -> uint64_t {
        uint64_t w[2];
        std::memcpy(w, bytes + i * 16, 16);
        return MixHash(w[0]) ^ w[1];
      });
      return arrow::Status::OK();
    }
    case arrow::Type::STRING:
    case arrow::Type::BINARY:
      HashBinary<int32_t>(a, n, out);
      return arrow::Status::OK();
    case arrow::Type::LARGE_STRING:
    case arrow::Type::LARGE_BINARY:
      HashBinary<int64_t>(a, n, out);
      return arrow::Status::OK();
    case arrow::Type::DICTIONARY: {
      // Hash the values, not the indices, so equal keys match across dictionaries.
      const auto& dict_type = static_cast<const arrow::DictionaryType&>(*array->type());
      ARROW_ASSIGN_OR_RAISE(auto decoded, arrow::compute::Cast(array, dict_type.value_type()));
      return HashColumn(decoded.make_array(), n, out);
    }
    default:
      return arrow::Status::NotImplemented("hash repartitioning on ", array->type()->ToString());
  }
}

}  // namespace

arrow::Status HashRows(const std::vector<std::shared_ptr<arrow::Array>>& keys, int64_t num_rows,
                       uint64_t* out) {
  for (int64_t i = 0; i < num_rows; ++i) out[i] = kSeed;
  for (const auto& key : keys) {
    if (key->length() != num_rows) {
      return arrow::Status::Invalid("hash key has ", key->length(), " rows, expected ", num_rows);
    }
    ARROW_RETURN_NOT_OK(HashColumn(key, num_rows, out));
  }
  return arrow::Status::OK();
}

}  // namespace quiver
