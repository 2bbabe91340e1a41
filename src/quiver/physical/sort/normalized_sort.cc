#include <arrow/array/data.h>
#include <arrow/buffer.h>
#include <arrow/util/bit_util.h>
#include <arrow/util/endian.h>
#include <quiver/physical/sort/normalized_sort.h>
#include <quiver/physical/sort/row_comparator.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <limits>

namespace quiver {
namespace {

using Kind = KeyColumn::Kind;

// Longest string prefix a normalized key holds; longer strings tie-break on the full value.
constexpr int64_t kMaxStringPrefix = 12;
// Keys up to this many bytes are radix sorted (one pass per byte that is not constant).
constexpr int64_t kMaxRadixWidth = 16;

int64_t FixedWidth(Kind kind) {
  switch (kind) {
    case Kind::kNull: return 0;
    case Kind::kBool: case Kind::kI8: case Kind::kU8: return 1;
    case Kind::kI16: case Kind::kU16: return 2;
    case Kind::kI32: case Kind::kU32: case Kind::kF32: return 4;
    case Kind::kI64: case Kind::kU64: case Kind::kF64: return 8;
    case Kind::kDecimal128: return 16;
    default: return -1;
  }
}

template <typename U>
void StoreBigEndian(uint8_t* out, U value) {
  value = arrow::bit_util::ToBigEndian(value);
  std::memcpy(out, &value, sizeof(U));
}

// One key column's layout in the normalized row.
struct KeyLayout {
  KeyColumn column;
  bool has_null_byte = false;
  int64_t value_width = 0;  // strings: prefix + 1 length byte
  int64_t prefix = 0;       // strings only
  int64_t offset = 0;       // within the row
  bool descending = false;
  bool nulls_first = false;
};

int64_t StringLength(const KeyColumn& c, int64_t i) {
  if (c.kind == Kind::kString) return c.offsets32[c.offset + i + 1] - c.offsets32[c.offset + i];
  return c.offsets64[c.offset + i + 1] - c.offsets64[c.offset + i];
}
const uint8_t* StringData(const KeyColumn& c, int64_t i) {
  const int64_t start =
      c.kind == Kind::kString ? c.offsets32[c.offset + i] : c.offsets64[c.offset + i];
  return c.values + start;
}

template <typename T, typename U>
void EncodeIntegers(const KeyLayout& k, int64_t n, uint8_t* rows, int64_t stride) {
  const T* values = reinterpret_cast<const T*>(k.column.values) + k.column.offset;
  constexpr U kSign = std::numeric_limits<T>::is_signed ? U{1} << (sizeof(U) * 8 - 1) : U{0};
  const U invert = k.descending ? ~U{0} : U{0};
  uint8_t* out = rows + k.offset + (k.has_null_byte ? 1 : 0);
  for (int64_t i = 0; i < n; ++i, out += stride) {
    StoreBigEndian<U>(out, (static_cast<U>(values[i]) ^ kSign) ^ invert);
  }
}

template <typename F, typename U>
void EncodeFloats(const KeyLayout& k, int64_t n, uint8_t* rows, int64_t stride) {
  const F* values = reinterpret_cast<const F*>(k.column.values) + k.column.offset;
  const U invert = k.descending ? ~U{0} : U{0};
  constexpr U kSign = U{1} << (sizeof(U) * 8 - 1);
  uint8_t* out = rows + k.offset + (k.has_null_byte ? 1 : 0);
  for (int64_t i = 0; i < n; ++i, out += stride) {
    F v = values[i];
    // One NaN above every number, and -0 equal to 0, as the row comparator has them.
    if (v != v) v = std::numeric_limits<F>::quiet_NaN();
    if (v == 0) v = 0;
    U bits;
    std::memcpy(&bits, &v, sizeof(U));
    bits = (bits & kSign) ? ~bits : (bits | kSign);
    StoreBigEndian<U>(out, bits ^ invert);
  }
}

void EncodeColumn(const KeyLayout& k, int64_t n, uint8_t* rows, int64_t stride) {
  const KeyColumn& c = k.column;
  switch (c.kind) {
    case Kind::kNull: break;
    case Kind::kBool: {
      uint8_t* out = rows + k.offset + (k.has_null_byte ? 1 : 0);
      const uint8_t invert = k.descending ? 0xFF : 0;
      for (int64_t i = 0; i < n; ++i, out += stride) {
        *out = static_cast<uint8_t>(arrow::bit_util::GetBit(c.values, c.offset + i)) ^ invert;
      }
      break;
    }
    case Kind::kI8: EncodeIntegers<int8_t, uint8_t>(k, n, rows, stride); break;
    case Kind::kI16: EncodeIntegers<int16_t, uint16_t>(k, n, rows, stride); break;
    case Kind::kI32: EncodeIntegers<int32_t, uint32_t>(k, n, rows, stride); break;
    case Kind::kI64: EncodeIntegers<int64_t, uint64_t>(k, n, rows, stride); break;
    case Kind::kU8: EncodeIntegers<uint8_t, uint8_t>(k, n, rows, stride); break;
    case Kind::kU16: EncodeIntegers<uint16_t, uint16_t>(k, n, rows, stride); break;
    case Kind::kU32: EncodeIntegers<uint32_t, uint32_t>(k, n, rows, stride); break;
    case Kind::kU64: EncodeIntegers<uint64_t, uint64_t>(k, n, rows, stride); break;
    case Kind::kF32: EncodeFloats<float, uint32_t>(k, n, rows, stride); break;
    case Kind::kF64: EncodeFloats<double, uint64_t>(k, n, rows, stride); break;
    case Kind::kDecimal128: {
      // Little-endian two's complement: high word signed (sign flipped), then the low word.
      const uint64_t* words = reinterpret_cast<const uint64_t*>(c.values) + 2 * c.offset;
      const uint64_t invert = k.descending ? ~uint64_t{0} : 0;
      uint8_t* out = rows + k.offset + (k.has_null_byte ? 1 : 0);
      for (int64_t i = 0; i < n; ++i, out += stride) {
        StoreBigEndian<uint64_t>(out, (words[2 * i + 1] ^ (uint64_t{1} << 63)) ^ invert);
        StoreBigEndian<uint64_t>(out + 8, words[2 * i] ^ invert);
      }
      break;
    }
    case Kind::kString:
    case Kind::kLargeString: {
      // Prefix bytes padded with zeros, then min(length, prefix + 1): exact for strings up to
      // the prefix, "longer than the prefix" (a tie to resolve) for the rest.
      uint8_t* out = rows + k.offset + (k.has_null_byte ? 1 : 0);
      const uint8_t invert = k.descending ? 0xFF : 0;
      for (int64_t i = 0; i < n; ++i, out += stride) {
        const int64_t len = StringLength(c, i);
        const int64_t copy = std::min(len, k.prefix);
        std::memcpy(out, StringData(c, i), static_cast<size_t>(copy));
        std::memset(out + copy, 0, static_cast<size_t>(k.prefix - copy));
        out[k.prefix] = static_cast<uint8_t>(std::min(len, k.prefix + 1));
        if (invert) {
          for (int64_t b = 0; b <= k.prefix; ++b) out[b] ^= invert;
        }
      }
      break;
    }
  }
  if (k.has_null_byte) {
    // Null placement is absolute (not flipped by DESC); a null's value bytes are zeroed so
    // that nulls tie with each other.
    const uint8_t null_byte = k.nulls_first ? 0 : 1;
    uint8_t* out = rows + k.offset;
    for (int64_t i = 0; i < n; ++i, out += stride) {
      const bool is_null = c.IsNull(i);
      *out = is_null ? null_byte : static_cast<uint8_t>(1 - null_byte);
      if (is_null) std::memset(out + 1, 0, static_cast<size_t>(k.value_width));
    }
  }
}

template <int64_t kStride>
void Scatter(const uint8_t* in, uint8_t* out, int64_t stride, int64_t byte, int64_t n,
             std::array<int64_t, 256>* offsets) {
  const int64_t step = kStride > 0 ? kStride : stride;
  for (int64_t i = 0; i < n; ++i) {
    const uint8_t* record = in + i * step;
    std::memcpy(out + (*offsets)[record[byte]]++ * step, record, static_cast<size_t>(step));
  }
}

// Stable LSD radix sort of `n` records of `stride` bytes by their bytes [0, width), most
// significant first in memory; whole records move, so every pass reads sequentially. The
// histogram of a byte position does not change as records move, so all are counted in one
// pass first, and positions where every record has the same byte cost nothing.
uint8_t* RadixSort(uint8_t* records, uint8_t* scratch, int64_t stride, int64_t width,
                   int64_t n) {
  std::vector<std::array<int64_t, 256>> counts(static_cast<size_t>(width));
  for (auto& c : counts) c.fill(0);
  for (int64_t i = 0; i < n; ++i) {
    const uint8_t* record = records + i * stride;
    for (int64_t byte = 0; byte < width; ++byte) ++counts[byte][record[byte]];
  }
  for (int64_t byte = width - 1; byte >= 0; --byte) {
    auto& offsets = counts[byte];
    if (offsets[records[byte]] == n) continue;  // constant byte
    int64_t sum = 0;
    for (auto& c : offsets) {
      const int64_t here = c;
      c = sum;
      sum += here;
    }
    // Fixed strides let the compiler inline the record moves.
    switch (stride) {
      case 8: Scatter<8>(records, scratch, stride, byte, n, &offsets); break;
      case 12: Scatter<12>(records, scratch, stride, byte, n, &offsets); break;
      case 16: Scatter<16>(records, scratch, stride, byte, n, &offsets); break;
      case 20: Scatter<20>(records, scratch, stride, byte, n, &offsets); break;
      default: Scatter<0>(records, scratch, stride, byte, n, &offsets); break;
    }
    std::swap(records, scratch);
  }
  return records;
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::Array>> NormalizedSortIndices(
    const std::vector<std::shared_ptr<arrow::Array>>& keys, const LexOrdering& ordering) {
  if (keys.empty()) return arrow::Status::Invalid("sort without keys");
  const int64_t n = keys[0]->length();
  if (n >= std::numeric_limits<uint32_t>::max()) return nullptr;
  std::vector<KeyLayout> layouts;
  int64_t width = 0;
  bool has_truncated_strings = false;
  for (size_t k = 0; k < keys.size(); ++k) {
    auto column = KeyColumn::Make(keys[k]);
    if (!column.ok()) return nullptr;  // a type without an encoding
    KeyLayout layout;
    layout.column = std::move(*column);
    layout.descending = ordering[k].descending;
    layout.nulls_first = ordering[k].nulls_first;
    layout.has_null_byte = keys[k]->null_count() > 0 && layout.column.kind != Kind::kNull;
    layout.value_width = FixedWidth(layout.column.kind);
    if (layout.value_width < 0) {
      int64_t longest = 0;
      for (int64_t i = 0; i < n; ++i) {
        if (!layout.column.IsNull(i)) longest = std::max(longest, StringLength(layout.column, i));
      }
      layout.prefix = std::min(longest, kMaxStringPrefix);
      has_truncated_strings = has_truncated_strings || longest > kMaxStringPrefix;
      layout.value_width = layout.prefix + 1;
    }
    layout.offset = width;
    width += layout.value_width + (layout.has_null_byte ? 1 : 0);
    layouts.push_back(std::move(layout));
  }
  // Each record: the normalized key, then the row id (native order, not sorted on).
  const int64_t stride = width + static_cast<int64_t>(sizeof(uint32_t));
  // Every byte is written below: no zero-filling first.
  std::unique_ptr<uint8_t[]> records(new uint8_t[static_cast<size_t>(n * stride)]);
  for (const auto& layout : layouts) EncodeColumn(layout, n, records.get(), stride);
  for (int64_t i = 0; i < n; ++i) {
    const uint32_t id = static_cast<uint32_t>(i);
    std::memcpy(records.get() + i * stride + width, &id, sizeof(id));
  }

  ARROW_ASSIGN_OR_RAISE(auto buffer, arrow::AllocateBuffer(n * sizeof(uint32_t)));
  std::vector<uint32_t> order(static_cast<size_t>(n));
  // key(i): the normalized key of the i-th row in sorted order.
  std::function<const uint8_t*(int64_t)> key;
  std::unique_ptr<uint8_t[]> scratch;
  if (n > 1 && width > 0 && width <= kMaxRadixWidth) {
    scratch.reset(new uint8_t[static_cast<size_t>(n * stride)]);
    const uint8_t* data = RadixSort(records.get(), scratch.get(), stride, width, n);
    for (int64_t i = 0; i < n; ++i) std::memcpy(&order[i], data + i * stride + width, 4);
    key = [data, stride](int64_t i) { return data + i * stride; };
  } else {
    for (int64_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
    const uint8_t* data = records.get();
    if (n > 1 && width > 0) {
      std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return std::memcmp(data + a * stride, data + b * stride, static_cast<size_t>(width)) < 0;
      });
    }
    key = [data, stride, &order](int64_t i) { return data + order[i] * stride; };
  }
  if (has_truncated_strings && n > 1) {
    // Rows whose string key went past its prefix are only ordered up to that prefix: where
    // rows agree on every byte up to that key and its prefix was cut, the full values (of all
    // keys, as later keys were ordered under a tie that is not one) decide.
    std::vector<KeyColumn> columns;
    for (const auto& layout : layouts) columns.push_back(layout.column);
    for (const auto& layout : layouts) {
      if (layout.prefix == 0 || layout.prefix < kMaxStringPrefix) continue;  // exact
      const int64_t length_byte = layout.offset + (layout.has_null_byte ? 1 : 0) + layout.prefix;
      const uint8_t cut = static_cast<uint8_t>(layout.prefix + 1) ^ (layout.descending ? 0xFF : 0);
      const size_t upto = static_cast<size_t>(length_byte + 1);
      for (int64_t start = 0; start < n;) {
        int64_t end = start + 1;
        while (end < n && std::memcmp(key(start), key(end), upto) == 0) ++end;
        if (end - start > 1 && key(start)[length_byte] == cut) {
          std::stable_sort(order.begin() + start, order.begin() + end,
                           [&](uint32_t a, uint32_t b) {
                             return CompareKeyRows(columns, a, columns, b, ordering) < 0;
                           });
        }
        start = end;
      }
    }
  }
  std::memcpy(buffer->mutable_data(), order.data(), static_cast<size_t>(n) * sizeof(uint32_t));
  return std::make_shared<arrow::UInt32Array>(n, std::shared_ptr<arrow::Buffer>(std::move(buffer)));
}

}  // namespace quiver
