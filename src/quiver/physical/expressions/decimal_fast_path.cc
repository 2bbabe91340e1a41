#include <arrow/array/data.h>
#include <arrow/buffer.h>
#include <arrow/memory_pool.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/util/bit_util.h>
#include <arrow/util/bitmap_generate.h>
#include <arrow/util/endian.h>
#include <quiver/physical/expressions/decimal_fast_path.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>

namespace quiver::internal {
namespace {

static_assert(ARROW_LITTLE_ENDIAN, "decimal128 values are read as native __int128");

using int128 = __int128;

constexpr int kMaxPrecision = 38;

/// 10^0 .. 10^38, exact.
const std::array<int128, kMaxPrecision + 1>& Pow10() {
  static const auto table = [] {
    std::array<int128, kMaxPrecision + 1> t{};
    t[0] = 1;
    for (int i = 1; i <= kMaxPrecision; ++i) t[i] = t[i - 1] * 10;
    return t;
  }();
  return table;
}

inline int128 Load(const uint8_t* bytes, int64_t i) {
  int128 v;
  std::memcpy(&v, bytes + i * 16, 16);
  return v;
}

inline bool FitsInt64(int128 v) { return v == static_cast<int128>(static_cast<int64_t>(v)); }

/// |v| < limit, for limit > 0.
inline bool WithinLimit(int128 v, int128 limit) { return v < limit && v > -limit; }

/// One side of the operation: a decimal128 array or a non-null decimal/integer scalar.
struct Operand {
  const uint8_t* values = nullptr;    // decimal128 array values, offset applied; null: scalar
  const uint8_t* validity = nullptr;  // null when the array has no nulls
  int64_t validity_offset = 0;
  int64_t length = 0;
  int128 scalar = 0;
  int32_t precision = 0;
  int32_t scale = 0;

  bool is_array() const { return values != nullptr; }
  bool valid(int64_t i) const {
    return validity == nullptr || arrow::bit_util::GetBit(validity, validity_offset + i);
  }
  int128 value(int64_t i) const { return values ? Load(values, i) : scalar; }
};

/// Digits of the widest value of an integer type, as Arrow's integer → decimal promotion.
int IntegerDigits(arrow::Type::type id) {
  switch (id) {
    case arrow::Type::INT8:
    case arrow::Type::UINT8:
      return 3;
    case arrow::Type::INT16:
    case arrow::Type::UINT16:
      return 5;
    case arrow::Type::INT32:
    case arrow::Type::UINT32:
      return 10;
    case arrow::Type::INT64:
      return 19;
    default:
      return 0;  // unsupported (uint64 may not fit in 64 signed bits)
  }
}

std::optional<Operand> ParseOperand(const arrow::Datum& d) {
  Operand op;
  if (d.is_array()) {
    const arrow::ArrayData& a = *d.array();
    if (a.type->id() != arrow::Type::DECIMAL128 || a.buffers.size() < 2 || !a.buffers[1]) {
      return std::nullopt;
    }
    const auto& t = static_cast<const arrow::Decimal128Type&>(*a.type);
    op.values = a.buffers[1]->data() + a.offset * 16;
    if (a.GetNullCount() > 0 && a.buffers[0]) {
      op.validity = a.buffers[0]->data();
      op.validity_offset = a.offset;
    }
    op.length = a.length;
    op.precision = t.precision();
    op.scale = t.scale();
    return op;
  }
  if (!d.is_scalar() || !d.scalar()->is_valid) return std::nullopt;
  const arrow::Scalar& s = *d.scalar();
  if (s.type->id() == arrow::Type::DECIMAL128) {
    const auto& t = static_cast<const arrow::Decimal128Type&>(*s.type);
    const arrow::Decimal128 v = static_cast<const arrow::Decimal128Scalar&>(s).value;
    op.scalar = static_cast<int128>(
        (static_cast<__uint128_t>(static_cast<uint64_t>(v.high_bits())) << 64) | v.low_bits());
    op.precision = t.precision();
    op.scale = t.scale();
    return op;
  }
  const int digits = IntegerDigits(s.type->id());
  if (digits == 0) return std::nullopt;
  switch (s.type->id()) {
    case arrow::Type::INT8:
      op.scalar = static_cast<const arrow::Int8Scalar&>(s).value;
      break;
    case arrow::Type::INT16:
      op.scalar = static_cast<const arrow::Int16Scalar&>(s).value;
      break;
    case arrow::Type::INT32:
      op.scalar = static_cast<const arrow::Int32Scalar&>(s).value;
      break;
    case arrow::Type::INT64:
      op.scalar = static_cast<const arrow::Int64Scalar&>(s).value;
      break;
    case arrow::Type::UINT8:
      op.scalar = static_cast<const arrow::UInt8Scalar&>(s).value;
      break;
    case arrow::Type::UINT16:
      op.scalar = static_cast<const arrow::UInt16Scalar&>(s).value;
      break;
    case arrow::Type::UINT32:
      op.scalar = static_cast<const arrow::UInt32Scalar&>(s).value;
      break;
    default:
      return std::nullopt;
  }
  op.precision = digits;
  op.scale = 0;
  return op;
}

/// The row loop, with the operand kinds and the presence of nulls fixed at compile time so
/// that it is branch-light. `f(a, b)` gets 64-bit operands; false when a value or a result is
/// out of range.
template <bool kLeftArray, bool kRightArray, bool kHasNulls, typename F>
bool RowLoop(const Operand& l, const Operand& r, int64_t n, const uint8_t* bits, int128 limit,
             uint8_t* out, F&& f) {
  bool ok = true;
  for (int64_t i = 0; i < n; ++i) {
    int128 result = 0;
    if (!kHasNulls || arrow::bit_util::GetBit(bits, i)) {
      const int128 a = kLeftArray ? Load(l.values, i) : l.scalar;
      const int128 b = kRightArray ? Load(r.values, i) : r.scalar;
      ok &= FitsInt64(a) & FitsInt64(b);
      result = f(static_cast<int64_t>(a), static_cast<int64_t>(b));
      ok &= WithinLimit(result, limit);
    }
    std::memcpy(out + i * 16, &result, 16);
  }
  return ok;
}

template <bool kHasNulls, typename F>
bool Dispatch(const Operand& l, const Operand& r, int64_t n, const uint8_t* bits, int128 limit,
              uint8_t* out, F&& f) {
  if (l.is_array() && r.is_array()) {
    return RowLoop<true, true, kHasNulls>(l, r, n, bits, limit, out, f);
  }
  if (l.is_array()) return RowLoop<true, false, kHasNulls>(l, r, n, bits, limit, out, f);
  return RowLoop<false, true, kHasNulls>(l, r, n, bits, limit, out, f);
}

/// Runs `f(a, b) -> int128` over the rows (a, b as int64), with every operand value in 64 bits
/// and every result within `limit`; nullopt when one is not.
template <typename F>
arrow::Result<std::optional<arrow::Datum>> Compute(const Operand& l, const Operand& r, int64_t n,
                                                   std::shared_ptr<arrow::DataType> out_type,
                                                   int128 limit, F&& f) {
  arrow::MemoryPool* pool = arrow::default_memory_pool();
  ARROW_ASSIGN_OR_RAISE(auto values, arrow::AllocateBuffer(n * 16, pool));
  uint8_t* out = values->mutable_data();
  std::shared_ptr<arrow::Buffer> validity;
  int64_t null_count = 0;
  const bool has_nulls = l.validity != nullptr || r.validity != nullptr;
  bool ok;
  if (has_nulls) {
    ARROW_ASSIGN_OR_RAISE(validity, arrow::AllocateBitmap(n, pool));
    uint8_t* bits = validity->mutable_data();
    for (int64_t i = 0; i < n; ++i) {
      const bool valid = l.valid(i) && r.valid(i);
      arrow::bit_util::SetBitTo(bits, i, valid);
      null_count += !valid;
    }
    ok = Dispatch<true>(l, r, n, bits, limit, out, f);
  } else {
    ok = Dispatch<false>(l, r, n, nullptr, limit, out, f);
  }
  if (!ok) return std::nullopt;
  auto data = arrow::ArrayData::Make(std::move(out_type), n,
                                     {std::move(validity), std::move(values)}, null_count);
  return std::optional<arrow::Datum>(arrow::Datum(std::move(data)));
}

/// Compares an array side with the other side (array or scalar; a scalar is scaled once),
/// writing result bits; false when a non-null value does not fit in 64 bits.
template <bool kLeftArray, bool kRightArray, typename Cmp>
bool CompareRows(const Operand& l, const Operand& r, int64_t lm, int64_t rm, int64_t n,
                 const uint8_t* bits, uint8_t* out, Cmp cmp) {
  bool ok = FitsInt64(l.scalar) & FitsInt64(r.scalar);
  const int128 ls = static_cast<int128>(static_cast<int64_t>(l.scalar)) * lm;
  const int128 rs = static_cast<int128>(static_cast<int64_t>(r.scalar)) * rm;
  int64_t i = 0;
  arrow::internal::GenerateBitsUnrolled(out, 0, n, [&]() {
    const int64_t row = i++;
    if (bits != nullptr && !arrow::bit_util::GetBit(bits, row)) return false;
    int128 x = ls;
    int128 y = rs;
    if constexpr (kLeftArray) {
      const int128 a = Load(l.values, row);
      ok &= FitsInt64(a);
      x = static_cast<int128>(static_cast<int64_t>(a)) * lm;  // 64 x 64 -> 128, exact
    }
    if constexpr (kRightArray) {
      const int128 b = Load(r.values, row);
      ok &= FitsInt64(b);
      y = static_cast<int128>(static_cast<int64_t>(b)) * rm;
    }
    return cmp(x, y);
  });
  return ok;
}

template <typename Cmp>
bool CompareLoop(const Operand& l, const Operand& r, int64_t lm, int64_t rm, int64_t n,
                 const uint8_t* bits, uint8_t* out, Cmp cmp) {
  if (l.is_array() && r.is_array()) return CompareRows<true, true>(l, r, lm, rm, n, bits, out, cmp);
  if (l.is_array()) return CompareRows<true, false>(l, r, lm, rm, n, bits, out, cmp);
  return CompareRows<false, true>(l, r, lm, rm, n, bits, out, cmp);
}

}  // namespace

arrow::Result<std::optional<arrow::Datum>> TryDecimalArithmetic(BinaryOperator op,
                                                                const arrow::Datum& left,
                                                                const arrow::Datum& right) {
  if (op != BinaryOperator::kPlus && op != BinaryOperator::kMinus &&
      op != BinaryOperator::kMultiply) {
    return std::nullopt;
  }
  auto l = ParseOperand(left);
  auto r = ParseOperand(right);
  if (!l || !r || (!l->is_array() && !r->is_array())) return std::nullopt;
  if (l->is_array() && r->is_array() && l->length != r->length) return std::nullopt;
  const int64_t n = l->is_array() ? l->length : r->length;
  const auto& pow10 = Pow10();
  if (op == BinaryOperator::kMultiply) {
    const int32_t scale = l->scale + r->scale;
    const int32_t precision = l->precision + r->precision + 1;
    if (precision > kMaxPrecision) return std::nullopt;
    // |a|, |b| <= 2^63, so a * b is exact in 128 bits (one 64 x 64 -> 128 multiply).
    return Compute(*l, *r, n, arrow::decimal128(precision, scale), pow10[precision],
                   [](int64_t a, int64_t b) { return static_cast<int128>(a) * b; });
  }
  const int32_t scale = std::max(l->scale, r->scale);
  const int32_t lshift = scale - l->scale;
  const int32_t rshift = scale - r->scale;
  const int32_t lprec = l->precision + lshift;
  const int32_t rprec = r->precision + rshift;
  const int32_t precision = std::max(lprec, rprec) + 1;
  // A shift of at most 10^18 keeps |a * 10^k| < 2^123 and the sum exact.
  if (precision > kMaxPrecision || lshift > 18 || rshift > 18) return std::nullopt;
  const auto lm = static_cast<int64_t>(pow10[lshift]);
  const auto rm = static_cast<int64_t>(pow10[rshift]);
  auto type = arrow::decimal128(precision, scale);
  if (op == BinaryOperator::kPlus) {
    return Compute(*l, *r, n, std::move(type), pow10[precision], [lm, rm](int64_t a, int64_t b) {
      return static_cast<int128>(a) * lm + static_cast<int128>(b) * rm;
    });
  }
  return Compute(*l, *r, n, std::move(type), pow10[precision], [lm, rm](int64_t a, int64_t b) {
    return static_cast<int128>(a) * lm - static_cast<int128>(b) * rm;
  });
}

arrow::Result<std::optional<arrow::Datum>> TryDecimalCompare(BinaryOperator op,
                                                             const arrow::Datum& left,
                                                             const arrow::Datum& right) {
  if (!IsComparison(op)) return std::nullopt;
  auto l = ParseOperand(left);
  auto r = ParseOperand(right);
  if (!l || !r || (!l->is_array() && !r->is_array())) return std::nullopt;
  if (l->is_array() && r->is_array() && l->length != r->length) return std::nullopt;
  // Only decimal against decimal or integer (integer against integer is Arrow's).
  const bool l_decimal = left.type()->id() == arrow::Type::DECIMAL128;
  const bool r_decimal = right.type()->id() == arrow::Type::DECIMAL128;
  if (!l_decimal && !r_decimal) return std::nullopt;
  const int64_t n = l->is_array() ? l->length : r->length;
  const int32_t scale = std::max(l->scale, r->scale);
  const int32_t lshift = scale - l->scale;
  const int32_t rshift = scale - r->scale;
  if (lshift > 18 || rshift > 18) return std::nullopt;
  const auto lm = static_cast<int64_t>(Pow10()[lshift]);
  const auto rm = static_cast<int64_t>(Pow10()[rshift]);
  arrow::MemoryPool* pool = arrow::default_memory_pool();
  ARROW_ASSIGN_OR_RAISE(auto values, arrow::AllocateEmptyBitmap(n, pool));
  uint8_t* out = values->mutable_data();
  std::shared_ptr<arrow::Buffer> validity;
  int64_t null_count = 0;
  if (l->validity != nullptr || r->validity != nullptr) {
    ARROW_ASSIGN_OR_RAISE(validity, arrow::AllocateBitmap(n, pool));
    uint8_t* bits = validity->mutable_data();
    for (int64_t i = 0; i < n; ++i) {
      const bool valid = l->valid(i) && r->valid(i);
      arrow::bit_util::SetBitTo(bits, i, valid);
      null_count += !valid;
    }
  }
  const uint8_t* bits = validity ? validity->data() : nullptr;
  bool ok;
  switch (op) {
    case BinaryOperator::kEq:
      ok = CompareLoop(*l, *r, lm, rm, n, bits, out, std::equal_to<int128>());
      break;
    case BinaryOperator::kNotEq:
      ok = CompareLoop(*l, *r, lm, rm, n, bits, out, std::not_equal_to<int128>());
      break;
    case BinaryOperator::kLt:
      ok = CompareLoop(*l, *r, lm, rm, n, bits, out, std::less<int128>());
      break;
    case BinaryOperator::kLtEq:
      ok = CompareLoop(*l, *r, lm, rm, n, bits, out, std::less_equal<int128>());
      break;
    case BinaryOperator::kGt:
      ok = CompareLoop(*l, *r, lm, rm, n, bits, out, std::greater<int128>());
      break;
    default:
      ok = CompareLoop(*l, *r, lm, rm, n, bits, out, std::greater_equal<int128>());
      break;
  }
  if (!ok) return std::nullopt;
  auto data = arrow::ArrayData::Make(arrow::boolean(), n, {std::move(validity), std::move(values)},
                                     null_count);
  return std::optional<arrow::Datum>(arrow::Datum(std::move(data)));
}

std::optional<arrow::Datum> TryDecimalRelabel(const arrow::Datum& value,
                                              const std::shared_ptr<arrow::DataType>& type) {
  if (!value.is_array() || type->id() != arrow::Type::DECIMAL128) return std::nullopt;
  const arrow::ArrayData& a = *value.array();
  if (a.type->id() != arrow::Type::DECIMAL128 || a.buffers.size() < 2 || !a.buffers[1]) {
    return std::nullopt;
  }
  const auto& from = static_cast<const arrow::Decimal128Type&>(*a.type);
  const auto& to = static_cast<const arrow::Decimal128Type&>(*type);
  if (from.scale() != to.scale() || to.precision() > kMaxPrecision) return std::nullopt;
  const int128 limit = Pow10()[to.precision()];
  const uint8_t* values = a.buffers[1]->data() + a.offset * 16;
  const uint8_t* validity = a.GetNullCount() > 0 && a.buffers[0] ? a.buffers[0]->data() : nullptr;
  for (int64_t i = 0; i < a.length; ++i) {
    if (validity && !arrow::bit_util::GetBit(validity, a.offset + i)) continue;
    if (!WithinLimit(Load(values, i), limit)) return std::nullopt;
  }
  auto out = a.Copy();
  out->type = type;
  return arrow::Datum(std::move(out));
}

}  // namespace quiver::internal
