#pragma once

#include <arrow/array.h>
#include <arrow/result.h>
#include <arrow/util/bit_util.h>
#include <arrow/util/decimal.h>
#include <quiver/physical/physical_expr.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace quiver {

/// \brief Raw typed view of one sort key column of one batch, prepared once per batch so
/// comparing rows is a switch on a small tag plus a load, with no virtual calls.
struct KeyColumn {
  enum class Kind {
    kNull,
    kBool,
    kI8,
    kI16,
    kI32,
    kI64,
    kU8,
    kU16,
    kU32,
    kU64,
    kF32,
    kF64,
    kDecimal128,
    kString,
    kLargeString
  };
  Kind kind = Kind::kNull;
  const uint8_t* validity = nullptr;  // null when no nulls
  int64_t offset = 0;
  const uint8_t* values = nullptr;  // fixed width: values; strings: character data
  const int32_t* offsets32 = nullptr;
  const int64_t* offsets64 = nullptr;
  std::shared_ptr<arrow::Array> owner;  // keeps buffers alive

  static arrow::Result<KeyColumn> Make(std::shared_ptr<arrow::Array> array);

  bool IsNull(int64_t i) const {
    return kind == Kind::kNull ||
           (validity != nullptr && !arrow::bit_util::GetBit(validity, offset + i));
  }
};

/// Three-way compare of row i of `a` with row j of `b` (same key kinds) under `ordering`'s
/// directions and null placements.
inline int CompareKeyRows(const std::vector<KeyColumn>& a, int64_t i,
                          const std::vector<KeyColumn>& b, int64_t j, const LexOrdering& ordering) {
  for (size_t k = 0; k < a.size(); ++k) {
    const KeyColumn& x = a[k];
    const KeyColumn& y = b[k];
    const bool xn = x.IsNull(i);
    const bool yn = y.IsNull(j);
    if (xn || yn) {
      if (xn && yn) continue;
      // Null placement is absolute: not flipped by DESC.
      return (xn == ordering[k].nulls_first) ? -1 : 1;
    }
    int c = 0;
    auto cmp = [&](auto u, auto v) { c = (u < v) ? -1 : (v < u ? 1 : 0); };
#define QUIVER_FIXED(KIND, T)                                          \
  case KeyColumn::Kind::KIND: {                                        \
    T u, v;                                                            \
    std::memcpy(&u, x.values + (x.offset + i) * sizeof(T), sizeof(T)); \
    std::memcpy(&v, y.values + (y.offset + j) * sizeof(T), sizeof(T)); \
    cmp(u, v);                                                         \
    break;                                                             \
  }
    switch (x.kind) {
      case KeyColumn::Kind::kNull:
        break;
      case KeyColumn::Kind::kBool:
        cmp(arrow::bit_util::GetBit(x.values, x.offset + i),
            arrow::bit_util::GetBit(y.values, y.offset + j));
        break;
        QUIVER_FIXED(kI8, int8_t)
        QUIVER_FIXED(kI16, int16_t)
        QUIVER_FIXED(kI32, int32_t)
        QUIVER_FIXED(kI64, int64_t)
        QUIVER_FIXED(kU8, uint8_t)
        QUIVER_FIXED(kU16, uint16_t)
        QUIVER_FIXED(kU32, uint32_t)
        QUIVER_FIXED(kU64, uint64_t)
      case KeyColumn::Kind::kF32:
      case KeyColumn::Kind::kF64: {
        double u, v;
        if (x.kind == KeyColumn::Kind::kF32) {
          float fu, fv;
          std::memcpy(&fu, x.values + (x.offset + i) * 4, 4);
          std::memcpy(&fv, y.values + (y.offset + j) * 4, 4);
          u = fu;
          v = fv;
        } else {
          std::memcpy(&u, x.values + (x.offset + i) * 8, 8);
          std::memcpy(&v, y.values + (y.offset + j) * 8, 8);
        }
        // NaN sorts after every number (as in Arrow's sort).
        const bool un = u != u, vn = v != v;
        if (un || vn) {
          c = un == vn ? 0 : (un ? 1 : -1);
        } else {
          cmp(u, v);
        }
        break;
      }
      case KeyColumn::Kind::kDecimal128: {
        arrow::Decimal128 u(x.values + (x.offset + i) * 16);
        arrow::Decimal128 v(y.values + (y.offset + j) * 16);
        cmp(u, v);
        break;
      }
      case KeyColumn::Kind::kString: {
        const int32_t* xo = x.offsets32 + x.offset + i;
        const int32_t* yo = y.offsets32 + y.offset + j;
        std::string_view u(reinterpret_cast<const char*>(x.values) + xo[0], xo[1] - xo[0]);
        std::string_view v(reinterpret_cast<const char*>(y.values) + yo[0], yo[1] - yo[0]);
        c = u.compare(v);
        c = c < 0 ? -1 : (c > 0 ? 1 : 0);
        break;
      }
      case KeyColumn::Kind::kLargeString: {
        const int64_t* xo = x.offsets64 + x.offset + i;
        const int64_t* yo = y.offsets64 + y.offset + j;
        std::string_view u(reinterpret_cast<const char*>(x.values) + xo[0], xo[1] - xo[0]);
        std::string_view v(reinterpret_cast<const char*>(y.values) + yo[0], yo[1] - yo[0]);
        c = u.compare(v);
        c = c < 0 ? -1 : (c > 0 ? 1 : 0);
        break;
      }
    }
#undef QUIVER_FIXED
    if (c != 0) return ordering[k].descending ? -c : c;
  }
  return 0;
}

}  // namespace quiver
