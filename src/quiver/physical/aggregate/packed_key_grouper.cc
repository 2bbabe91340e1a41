#include <arrow/buffer.h>
#include <arrow/builder.h>
#include <arrow/type.h>
#include <arrow/util/bit_util.h>
#include <arrow/util/endian.h>
#include <quiver/common/hash_mix.h>
#include <quiver/physical/aggregate/packed_key_grouper.h>

#include <cstring>

namespace quiver {
namespace {

static_assert(ARROW_LITTLE_ENDIAN, "a value's bytes are packed into the low bytes of a uint64");

// Rows ahead whose slot is prefetched while the current row is looked up.
constexpr int64_t kPrefetchDistance = 8;

// A packed row of K value words and its null word; the null word, nearly always 0, is mixed
// in only when set.
template <size_t K>
inline uint64_t HashRow(const uint64_t* key) {
  uint64_t h = MixHash(key[0]);
  for (size_t w = 1; w < K; ++w) h = MixHash(h ^ key[w]);
  if (key[K] != 0) h = MixHash(h ^ key[K] ^ 0x9e3779b97f4a7c15ULL);
  return h;
}

template <size_t S>
inline bool EqualRows(const uint64_t* a, const uint64_t* b) {
  bool equal = true;
  for (size_t w = 0; w < S; ++w) equal &= a[w] == b[w];
  return equal;
}

bool IsString(const arrow::DataType& t) {
  return t.id() == arrow::Type::STRING || t.id() == arrow::Type::BINARY;
}

bool IsPackedFixedWidth(const arrow::DataType& t) {
  switch (t.id()) {
    case arrow::Type::INT8:
    case arrow::Type::INT16:
    case arrow::Type::INT32:
    case arrow::Type::INT64:
    case arrow::Type::UINT8:
    case arrow::Type::UINT16:
    case arrow::Type::UINT32:
    case arrow::Type::UINT64:
    case arrow::Type::DATE32:
    case arrow::Type::DATE64:
    case arrow::Type::TIME32:
    case arrow::Type::TIME64:
    case arrow::Type::TIMESTAMP:
    case arrow::Type::DURATION:
      return true;
    default:
      return false;
  }
}

template <typename T>
void PackValues(const arrow::ArrayData& a, int64_t num_rows, size_t stride, uint64_t* out) {
  const T* values = a.GetValues<T>(1);
  for (int64_t i = 0; i < num_rows; ++i) out[i * stride] = static_cast<uint64_t>(values[i]);
}

}  // namespace

bool PackedKeyGrouper::Supports(const std::vector<std::shared_ptr<arrow::DataType>>& key_types) {
  if (key_types.empty() || key_types.size() > static_cast<size_t>(kMaxKeys)) return false;
  for (const auto& t : key_types) {
    if (!IsString(*t) && !IsPackedFixedWidth(*t)) return false;
  }
  return true;
}

PackedKeyGrouper::PackedKeyGrouper(std::vector<std::shared_ptr<arrow::DataType>> key_types)
    : key_types_(std::move(key_types)), stride_(key_types_.size() + 1), slots_(64, 0) {}

bool PackedKeyGrouper::PackColumn(size_t c, const arrow::ArrayData& a, int64_t num_rows) {
  uint64_t* out = packed_.data() + c;
  uint64_t* null_bits = packed_.data() + key_types_.size();
  const uint8_t* validity = a.GetNullCount() > 0 && a.buffers[0] ? a.buffers[0]->data() : nullptr;
  if (IsString(*key_types_[c])) {
    const int32_t* offsets = a.GetValues<int32_t>(1);
    const uint8_t* data = a.buffers[2] ? a.buffers[2]->data() : nullptr;
    const int64_t data_size = a.buffers[2] ? a.buffers[2]->size() : 0;
    for (int64_t i = 0; i < num_rows; ++i) {
      if (validity && !arrow::bit_util::GetBit(validity, a.offset + i)) continue;
      const int32_t start = offsets[i];
      const int32_t len = offsets[i + 1] - start;
      if (len > kMaxBytes || len < 0) return false;
      uint64_t bytes = 0;
      if (len > 0) {
        if (start + 8 <= data_size) {
          std::memcpy(&bytes, data + start, 8);  // one load, then keep the first len bytes
          bytes &= ~uint64_t{0} >> (64 - 8 * len);
        } else {
          std::memcpy(&bytes, data + start, static_cast<size_t>(len));
        }
      }
      out[i * stride_] = bytes | (static_cast<uint64_t>(len) << 56);
    }
  } else {
    switch (key_types_[c]->byte_width()) {
      case 1:
        PackValues<uint8_t>(a, num_rows, stride_, out);
        break;
      case 2:
        PackValues<uint16_t>(a, num_rows, stride_, out);
        break;
      case 4:
        PackValues<uint32_t>(a, num_rows, stride_, out);
        break;
      default:
        PackValues<uint64_t>(a, num_rows, stride_, out);
        break;
    }
  }
  if (validity) {
    // A NULL's value word is 0 and its bit is set: NULLs form one group, apart from 0 and "".
    const uint64_t bit = uint64_t{1} << c;
    for (int64_t i = 0; i < num_rows; ++i) {
      if (!arrow::bit_util::GetBit(validity, a.offset + i)) {
        out[i * stride_] = 0;
        null_bits[i * stride_] |= bit;
      }
    }
  }
  return true;
}

arrow::Result<bool> PackedKeyGrouper::Consume(
    const std::vector<std::shared_ptr<arrow::ArrayData>>& keys, int64_t num_rows,
    std::vector<uint32_t>* ids) {
  const size_t k = key_types_.size();
  if (keys.size() != k) return arrow::Status::Invalid("PackedKeyGrouper: wrong key count");
  // Pack column by column first (checking lengths), so a batch that does not fit leaves the
  // groups untouched.
  packed_.assign(static_cast<size_t>(num_rows) * stride_, 0);
  for (size_t c = 0; c < k; ++c) {
    const arrow::ArrayData& a = *keys[c];
    if (a.length != num_rows || !a.type->Equals(*key_types_[c])) {
      return arrow::Status::Invalid("PackedKeyGrouper: key column ", c, " is ", a.type->ToString(),
                                    " of ", a.length, " rows");
    }
    if (!PackColumn(c, a, num_rows)) return false;
  }
  ids->resize(static_cast<size_t>(num_rows));
  switch (k) {
    case 1:
      Assign<1>(num_rows, ids->data());
      break;
    case 2:
      Assign<2>(num_rows, ids->data());
      break;
    case 3:
      Assign<3>(num_rows, ids->data());
      break;
    default:
      Assign<4>(num_rows, ids->data());
      break;
  }
  return true;
}

template <int K>
void PackedKeyGrouper::Assign(int64_t num_rows, uint32_t* out) {
  constexpr size_t S = K + 1;
  const uint64_t* rows = packed_.data();
  hashes_.resize(static_cast<size_t>(num_rows));
  for (int64_t i = 0; i < num_rows; ++i) hashes_[i] = HashRow<K>(rows + i * S);
  uint32_t last = 0;
  for (int64_t i = 0; i < num_rows; ++i) {
    const uint64_t* key = rows + i * S;
    // Two stages ahead: the slot of a row 2d rows on, then the key of a group its tag
    // matches d rows on (a hint only: that slot may change before the row gets there).
    const size_t mask = slots_.size() - 1;
    if (i + 2 * kPrefetchDistance < num_rows) {
      __builtin_prefetch(&slots_[(hashes_[i + 2 * kPrefetchDistance] >> 32) & mask]);
    }
    if (i + kPrefetchDistance < num_rows) {
      const uint64_t h = hashes_[i + kPrefetchDistance];
      const uint64_t slot = slots_[(h >> 32) & mask];
      if (slot != 0 && (slot >> 32) == (h >> 32)) {
        __builtin_prefetch(groups_.data() + (static_cast<uint32_t>(slot) - 1) * S);
      }
    }
    if (i == 0 || !EqualRows<S>(key, key - S)) last = FindOrInsert<K>(key, hashes_[i]);
    out[i] = last;
  }
}

template <int K>
uint32_t PackedKeyGrouper::FindOrInsert(const uint64_t* key, uint64_t hash) {
  constexpr size_t S = K + 1;
  const uint64_t tag = hash >> 32;
  const size_t mask = slots_.size() - 1;
  for (size_t s = tag & mask;; s = (s + 1) & mask) {
    const uint64_t slot = slots_[s];
    if (slot == 0) {
      groups_.insert(groups_.end(), key, key + S);
      slots_[s] = (tag << 32) | ++num_groups_;
      if (static_cast<size_t>(num_groups_) * 2 > slots_.size()) Grow();
      return num_groups_ - 1;
    }
    // Only a slot whose tag matches costs a look at the group's key.
    if ((slot >> 32) == tag) {
      const uint32_t id = static_cast<uint32_t>(slot) - 1;
      if (EqualRows<S>(groups_.data() + static_cast<size_t>(id) * S, key)) return id;
    }
  }
}

void PackedKeyGrouper::Grow() {
  // A slot's home is its tag's low bits, so doubling re-places slots without their keys.
  PoolVector<uint64_t> slots(slots_.size() * 2, 0);
  const size_t mask = slots.size() - 1;
  for (uint64_t slot : slots_) {
    if (slot == 0) continue;
    size_t s = (slot >> 32) & mask;
    while (slots[s] != 0) s = (s + 1) & mask;
    slots[s] = slot;
  }
  slots_ = std::move(slots);
}

arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> PackedKeyGrouper::uniques() const {
  std::vector<std::shared_ptr<arrow::Array>> out;
  for (size_t c = 0; c < key_types_.size(); ++c) {
    std::shared_ptr<arrow::Array> column;
    if (IsString(*key_types_[c])) {
      ARROW_ASSIGN_OR_RAISE(column, StringUniques(c));
    } else {
      ARROW_ASSIGN_OR_RAISE(column, FixedWidthUniques(c));
    }
    out.push_back(std::move(column));
  }
  return out;
}

arrow::Result<std::shared_ptr<arrow::Array>> PackedKeyGrouper::StringUniques(size_t c) const {
  const size_t nulls = key_types_.size();
  std::unique_ptr<arrow::BinaryBuilder> string_or_binary;
  if (key_types_[c]->id() == arrow::Type::STRING) {
    string_or_binary = std::make_unique<arrow::StringBuilder>();
  } else {
    string_or_binary = std::make_unique<arrow::BinaryBuilder>();
  }
  arrow::BinaryBuilder& builder = *string_or_binary;
  ARROW_RETURN_NOT_OK(builder.Reserve(num_groups_));
  for (uint32_t g = 0; g < num_groups_; ++g) {
    const uint64_t* key = groups_.data() + static_cast<size_t>(g) * stride_;
    if (key[nulls] & (uint64_t{1} << c)) {
      ARROW_RETURN_NOT_OK(builder.AppendNull());
      continue;
    }
    const uint64_t v = key[c];
    uint8_t bytes[8];
    std::memcpy(bytes, &v, 8);
    ARROW_RETURN_NOT_OK(builder.Append(bytes, static_cast<int32_t>(v >> 56)));
  }
  std::shared_ptr<arrow::Array> array;
  ARROW_RETURN_NOT_OK(builder.Finish(&array));
  return array;
}

arrow::Result<std::shared_ptr<arrow::Array>> PackedKeyGrouper::FixedWidthUniques(size_t c) const {
  const size_t nulls = key_types_.size();
  const int width = key_types_[c]->byte_width();
  const int64_t n = num_groups_;
  ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Buffer> values, arrow::AllocateBuffer(n * width));
  uint8_t* dst = values->mutable_data();
  int64_t null_count = 0;
  for (int64_t g = 0; g < n; ++g) {
    const uint64_t* key = groups_.data() + static_cast<size_t>(g) * stride_;
    std::memcpy(dst + g * width, &key[c], static_cast<size_t>(width));  // the low bytes
    null_count += (key[nulls] >> c) & 1;
  }
  std::shared_ptr<arrow::Buffer> validity;
  if (null_count > 0) {
    ARROW_ASSIGN_OR_RAISE(validity, arrow::AllocateBitmap(n));
    uint8_t* bits = validity->mutable_data();
    for (int64_t g = 0; g < n; ++g) {
      const uint64_t* key = groups_.data() + static_cast<size_t>(g) * stride_;
      arrow::bit_util::SetBitTo(bits, g, ((key[nulls] >> c) & 1) == 0);
    }
  }
  return arrow::MakeArray(arrow::ArrayData::Make(
      key_types_[c], n, {std::move(validity), std::move(values)}, null_count));
}

}  // namespace quiver
