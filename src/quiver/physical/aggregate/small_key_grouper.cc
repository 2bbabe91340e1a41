#include <arrow/builder.h>
#include <arrow/type.h>
#include <arrow/util/bit_util.h>
#include <arrow/util/endian.h>
#include <quiver/physical/aggregate/small_key_grouper.h>

#include <cstring>

namespace quiver {
namespace {

static_assert(ARROW_LITTLE_ENDIAN, "a value's bytes are packed into the low bytes of a uint64");

// Byte 7 of a packed value: the length 0..7, or this for null.
constexpr uint64_t kNullMarker = 0xFF;

inline uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

}  // namespace

bool SmallKeyGrouper::Supports(const std::vector<std::shared_ptr<arrow::DataType>>& key_types) {
  if (key_types.empty() || key_types.size() > static_cast<size_t>(kMaxKeys)) return false;
  for (const auto& t : key_types) {
    if (t->id() != arrow::Type::STRING && t->id() != arrow::Type::BINARY) return false;
  }
  return true;
}

SmallKeyGrouper::SmallKeyGrouper(std::vector<std::shared_ptr<arrow::DataType>> key_types)
    : key_types_(std::move(key_types)), slots_(64, 0) {}

arrow::Result<bool> SmallKeyGrouper::Consume(
    const std::vector<std::shared_ptr<arrow::ArrayData>>& keys, int64_t num_rows,
    std::vector<uint32_t>* ids) {
  const size_t k = key_types_.size();
  if (keys.size() != k) return arrow::Status::Invalid("SmallKeyGrouper: wrong key count");
  // Pack column by column first (checking lengths), so a batch that does not fit leaves the
  // groups untouched.
  packed_.assign(static_cast<size_t>(num_rows) * k, 0);
  for (size_t c = 0; c < k; ++c) {
    const arrow::ArrayData& a = *keys[c];
    if (a.length != num_rows || !a.type->Equals(*key_types_[c])) {
      return arrow::Status::Invalid("SmallKeyGrouper: key column ", c, " is ", a.type->ToString(),
                                    " of ", a.length, " rows");
    }
    const int32_t* offsets = a.GetValues<int32_t>(1);
    const uint8_t* data = a.buffers[2] ? a.buffers[2]->data() : nullptr;
    const int64_t data_size = a.buffers[2] ? a.buffers[2]->size() : 0;
    const uint8_t* validity = a.GetNullCount() > 0 && a.buffers[0] ? a.buffers[0]->data() : nullptr;
    for (int64_t i = 0; i < num_rows; ++i) {
      uint64_t v;
      if (validity && !arrow::bit_util::GetBit(validity, a.offset + i)) {
        v = kNullMarker << 56;
      } else {
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
        v = bytes | (static_cast<uint64_t>(len) << 56);
      }
      packed_[static_cast<size_t>(i) * k + c] = v;
    }
  }
  ids->resize(static_cast<size_t>(num_rows));
  uint32_t* out = ids->data();
  Key key{};
  Key last{};
  uint32_t last_id = 0;
  bool have_last = false;
  for (int64_t i = 0; i < num_rows; ++i) {
    for (size_t c = 0; c < k; ++c) key[c] = packed_[static_cast<size_t>(i) * k + c];
    if (!have_last || key != last) {  // sorted or clustered input repeats keys
      last_id = FindOrInsert(key);
      last = key;
      have_last = true;
    }
    out[i] = last_id;
  }
  return true;
}

uint32_t SmallKeyGrouper::FindOrInsert(const Key& key) {
  uint64_t h = 0;
  for (uint64_t part : key) h = Mix(h ^ part);
  const size_t mask = slots_.size() - 1;
  for (size_t s = h & mask;; s = (s + 1) & mask) {
    const uint32_t slot = slots_[s];
    if (slot == 0) {
      groups_.push_back(key);
      slots_[s] = static_cast<uint32_t>(groups_.size());
      if (groups_.size() * 2 > slots_.size()) Grow();
      return static_cast<uint32_t>(groups_.size() - 1);
    }
    if (groups_[slot - 1] == key) return slot - 1;
  }
}

void SmallKeyGrouper::Grow() {
  std::vector<uint32_t> slots(slots_.size() * 2, 0);
  const size_t mask = slots.size() - 1;
  for (uint32_t g = 0; g < groups_.size(); ++g) {
    uint64_t h = 0;
    for (uint64_t part : groups_[g]) h = Mix(h ^ part);
    size_t s = h & mask;
    while (slots[s] != 0) s = (s + 1) & mask;
    slots[s] = g + 1;
  }
  slots_ = std::move(slots);
}

arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> SmallKeyGrouper::uniques() const {
  std::vector<std::shared_ptr<arrow::Array>> out;
  for (size_t c = 0; c < key_types_.size(); ++c) {
    std::unique_ptr<arrow::BinaryBuilder> string_or_binary;
    if (key_types_[c]->id() == arrow::Type::STRING) {
      string_or_binary = std::make_unique<arrow::StringBuilder>();
    } else {
      string_or_binary = std::make_unique<arrow::BinaryBuilder>();
    }
    arrow::BinaryBuilder& builder = *string_or_binary;
    ARROW_RETURN_NOT_OK(builder.Reserve(static_cast<int64_t>(groups_.size())));
    for (const Key& key : groups_) {
      const uint64_t v = key[c];
      const uint64_t len = v >> 56;
      if (len == kNullMarker) {
        ARROW_RETURN_NOT_OK(builder.AppendNull());
        continue;
      }
      uint8_t bytes[8];
      std::memcpy(bytes, &v, 8);
      ARROW_RETURN_NOT_OK(builder.Append(bytes, static_cast<int32_t>(len)));
    }
    std::shared_ptr<arrow::Array> array;
    ARROW_RETURN_NOT_OK(builder.Finish(&array));
    out.push_back(std::move(array));
  }
  return out;
}

}  // namespace quiver
