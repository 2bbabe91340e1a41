#pragma once

// Typed access to Arrow buffers for the accumulators' tight loops (functions-internal).

#include <arrow/array.h>
#include <arrow/array/util.h>
#include <arrow/builder.h>
#include <arrow/datum.h>
#include <arrow/result.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/type_traits.h>
#include <arrow/util/bit_util.h>
#include <arrow/util/decimal.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace quiver::internal {

/// Reads element i (relative to the array's offset) of a fixed-width column as a C++ value.
template <typename ArrowType>
struct ValueReader {
  using CType = typename arrow::TypeTraits<ArrowType>::CType;
  // A NullArray has no value buffer; ForEachValid never reads it.
  explicit ValueReader(const arrow::ArrayData& a)
      : values(a.buffers.size() > 1 && a.buffers[1] ? a.GetValues<CType>(1) : nullptr) {}
  CType operator[](int64_t i) const { return values[i]; }
  const CType* values;
};

template <>
struct ValueReader<arrow::Decimal128Type> {
  using CType = arrow::Decimal128;
  explicit ValueReader(const arrow::ArrayData& a)
      : bytes(a.buffers.size() > 1 && a.buffers[1] ? a.buffers[1]->data() + a.offset * 16
                                                   : nullptr) {}
  arrow::Decimal128 operator[](int64_t i) const { return arrow::Decimal128(bytes + i * 16); }
  const uint8_t* bytes;
};

/// Calls f(i) for every non-null row i of `a` (a fast path when there are no nulls).
template <typename F>
inline void ForEachValid(const arrow::ArrayData& a, F&& f) {
  const int64_t n = a.length;
  if (a.type->id() == arrow::Type::NA) return;
  if (a.GetNullCount() == 0 || a.buffers[0] == nullptr) {
    for (int64_t i = 0; i < n; ++i) f(i);
    return;
  }
  const uint8_t* validity = a.buffers[0]->data();
  const int64_t off = a.offset;
  for (int64_t i = 0; i < n; ++i) {
    if (arrow::bit_util::GetBit(validity, off + i)) f(i);
  }
}

/// The datum as an array of `num_rows` (scalars are broadcast).
inline arrow::Result<std::shared_ptr<arrow::ArrayData>> AsArrayData(const arrow::Datum& d,
                                                                    int64_t num_rows) {
  if (d.is_scalar()) {
    ARROW_ASSIGN_OR_RAISE(auto array, arrow::MakeArrayFromScalar(*d.scalar(), num_rows));
    return array->data();
  }
  if (d.is_array()) return d.array();
  return arrow::Status::Invalid("aggregate argument must be an array or scalar");
}

/// Builds a nullable array of `type` from `n` values and per-group validity bytes (`valid` may
/// be null: all valid).
template <typename ArrowType, typename CType>
arrow::Result<std::shared_ptr<arrow::Array>> BuildArray(
    const std::shared_ptr<arrow::DataType>& type, const CType* values, const uint8_t* valid,
    uint32_t n) {
  using BuilderType = typename arrow::TypeTraits<ArrowType>::BuilderType;
  BuilderType builder(type, arrow::default_memory_pool());
  // No groups: values may be null, and memcpy from null is undefined even for 0 bytes.
  if (n == 0) return builder.Finish();
  if constexpr (std::is_same_v<ArrowType, arrow::Decimal128Type>) {
    // A Decimal128 is its 16 little-endian bytes, as the array stores them.
    static_assert(sizeof(CType) == 16);
    ARROW_RETURN_NOT_OK(builder.AppendValues(reinterpret_cast<const uint8_t*>(values), n, valid));
  } else {
    ARROW_RETURN_NOT_OK(builder.AppendValues(values, n, valid));
  }
  std::shared_ptr<arrow::Array> out;
  ARROW_RETURN_NOT_OK(builder.Finish(&out));
  return out;
}

}  // namespace quiver::internal
