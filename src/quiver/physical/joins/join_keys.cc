#include <arrow/compute/api.h>
#include <arrow/type.h>
#include <arrow/util/bit_util.h>
#include <quiver/physical/joins/join_keys.h>
#include <quiver/physical/repartition/repartition_exec.h>

#include <cstring>

namespace quiver {
namespace {

// Equality of the pairs' values of one column into `eq` (NULL slots are fixed up after).
template <typename T>
void EqualFixed(const arrow::ArrayData& b, const arrow::ArrayData& p, const uint32_t* bi,
                const uint32_t* pi, size_t n, uint8_t* eq) {
  const T* bv = b.GetValues<T>(1);
  const T* pv = p.GetValues<T>(1);
  for (size_t i = 0; i < n; ++i) eq[i] = bv[bi[i]] == pv[pi[i]];
}

template <typename T>
void EqualFloat(const arrow::ArrayData& b, const arrow::ArrayData& p, const uint32_t* bi,
                const uint32_t* pi, size_t n, uint8_t* eq) {
  const T* bv = b.GetValues<T>(1);
  const T* pv = p.GetValues<T>(1);
  for (size_t i = 0; i < n; ++i) {
    const T x = bv[bi[i]];
    const T y = pv[pi[i]];
    eq[i] = x == y || (x != x && y != y);
  }
}

void EqualBool(const arrow::ArrayData& b, const arrow::ArrayData& p, const uint32_t* bi,
               const uint32_t* pi, size_t n, uint8_t* eq) {
  const uint8_t* bv = b.buffers[1]->data();
  const uint8_t* pv = p.buffers[1]->data();
  for (size_t i = 0; i < n; ++i) {
    eq[i] = arrow::bit_util::GetBit(bv, b.offset + bi[i]) ==
            arrow::bit_util::GetBit(pv, p.offset + pi[i]);
  }
}

void EqualDecimal128(const arrow::ArrayData& b, const arrow::ArrayData& p, const uint32_t* bi,
                     const uint32_t* pi, size_t n, uint8_t* eq) {
  const uint8_t* bv = b.buffers[1]->data() + b.offset * 16;
  const uint8_t* pv = p.buffers[1]->data() + p.offset * 16;
  for (size_t i = 0; i < n; ++i)
    eq[i] = std::memcmp(bv + bi[i] * 16ULL, pv + pi[i] * 16ULL, 16) == 0;
}

template <typename Offset>
void EqualBinary(const arrow::ArrayData& b, const arrow::ArrayData& p, const uint32_t* bi,
                 const uint32_t* pi, size_t n, uint8_t* eq) {
  const Offset* bo = b.GetValues<Offset>(1);
  const Offset* po = p.GetValues<Offset>(1);
  const uint8_t* bd = b.buffers[2] ? b.buffers[2]->data() : nullptr;
  const uint8_t* pd = p.buffers[2] ? p.buffers[2]->data() : nullptr;
  for (size_t i = 0; i < n; ++i) {
    const Offset bs = bo[bi[i]], bl = bo[bi[i] + 1] - bs;
    const Offset ps = po[pi[i]], pl = po[pi[i] + 1] - ps;
    eq[i] = bl == pl && (bl == 0 || std::memcmp(bd + bs, pd + ps, static_cast<size_t>(bl)) == 0);
  }
}

arrow::Status EqualColumn(const arrow::ArrayData& b, const arrow::ArrayData& p, const uint32_t* bi,
                          const uint32_t* pi, size_t n, uint8_t* eq) {
  switch (b.type->id()) {
    case arrow::Type::BOOL:
      EqualBool(b, p, bi, pi, n, eq);
      break;
    case arrow::Type::INT8:
    case arrow::Type::UINT8:
      EqualFixed<uint8_t>(b, p, bi, pi, n, eq);
      break;
    case arrow::Type::INT16:
    case arrow::Type::UINT16:
      EqualFixed<uint16_t>(b, p, bi, pi, n, eq);
      break;
    case arrow::Type::INT32:
    case arrow::Type::UINT32:
    case arrow::Type::DATE32:
    case arrow::Type::TIME32:
      EqualFixed<uint32_t>(b, p, bi, pi, n, eq);
      break;
    case arrow::Type::INT64:
    case arrow::Type::UINT64:
    case arrow::Type::DATE64:
    case arrow::Type::TIME64:
    case arrow::Type::TIMESTAMP:
    case arrow::Type::DURATION:
      EqualFixed<uint64_t>(b, p, bi, pi, n, eq);
      break;
    case arrow::Type::FLOAT:
      EqualFloat<float>(b, p, bi, pi, n, eq);
      break;
    case arrow::Type::DOUBLE:
      EqualFloat<double>(b, p, bi, pi, n, eq);
      break;
    case arrow::Type::DECIMAL128:
      EqualDecimal128(b, p, bi, pi, n, eq);
      break;
    case arrow::Type::STRING:
    case arrow::Type::BINARY:
      EqualBinary<int32_t>(b, p, bi, pi, n, eq);
      break;
    case arrow::Type::LARGE_STRING:
    case arrow::Type::LARGE_BINARY:
      EqualBinary<int64_t>(b, p, bi, pi, n, eq);
      break;
    default:
      return arrow::Status::NotImplemented("join key of type ", b.type->ToString());
  }
  return arrow::Status::OK();
}

bool IsSupportedValueType(const arrow::DataType& type) {
  switch (type.id()) {
    case arrow::Type::BOOL:
    case arrow::Type::INT8:
    case arrow::Type::UINT8:
    case arrow::Type::INT16:
    case arrow::Type::UINT16:
    case arrow::Type::INT32:
    case arrow::Type::UINT32:
    case arrow::Type::DATE32:
    case arrow::Type::TIME32:
    case arrow::Type::INT64:
    case arrow::Type::UINT64:
    case arrow::Type::DATE64:
    case arrow::Type::TIME64:
    case arrow::Type::TIMESTAMP:
    case arrow::Type::DURATION:
    case arrow::Type::FLOAT:
    case arrow::Type::DOUBLE:
    case arrow::Type::DECIMAL128:
    case arrow::Type::STRING:
    case arrow::Type::BINARY:
    case arrow::Type::LARGE_STRING:
    case arrow::Type::LARGE_BINARY:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool IsSupportedJoinKeyType(const arrow::DataType& type) {
  if (type.id() == arrow::Type::DICTIONARY) {
    return IsSupportedValueType(*static_cast<const arrow::DictionaryType&>(type).value_type());
  }
  return IsSupportedValueType(type);
}

std::shared_ptr<arrow::DataType> JoinKeyValueType(const std::shared_ptr<arrow::DataType>& type) {
  if (type && type->id() == arrow::Type::DICTIONARY) {
    return static_cast<const arrow::DictionaryType&>(*type).value_type();
  }
  return type;
}

arrow::Result<JoinKeys> JoinKeys::Evaluate(const std::vector<PhysicalExprPtr>& exprs,
                                           const arrow::RecordBatch& batch) {
  JoinKeys keys;
  keys.num_rows = batch.num_rows();
  keys.columns.reserve(exprs.size());
  for (const auto& expr : exprs) {
    ARROW_ASSIGN_OR_RAISE(auto column, EvaluateToArray(*expr, batch));
    if (column->type_id() == arrow::Type::DICTIONARY) {
      ARROW_ASSIGN_OR_RAISE(auto decoded,
                            arrow::compute::Cast(*column, JoinKeyValueType(column->type())));
      column = std::move(decoded);
    }
    if (column->null_count() > 0) {
      if (keys.valid.empty()) keys.valid.assign(static_cast<size_t>(keys.num_rows), 1);
      const uint8_t* bits = column->null_bitmap_data();
      const int64_t offset = column->offset();
      if (bits == nullptr) {  // a NullArray: every row NULL
        std::fill(keys.valid.begin(), keys.valid.end(), 0);
      } else {
        for (int64_t i = 0; i < keys.num_rows; ++i) {
          keys.valid[i] &= arrow::bit_util::GetBit(bits, offset + i) ? 1 : 0;
        }
      }
    }
    keys.columns.push_back(std::move(column));
  }
  return keys;
}

arrow::Status JoinKeys::Hash(uint64_t* out) const { return HashRows(columns, num_rows, out); }

arrow::Status KeepEqualKeys(const JoinKeys& build, const JoinKeys& probe, bool null_equals_null,
                            std::vector<uint32_t>* build_rows, std::vector<uint32_t>* probe_rows) {
  const size_t n = build_rows->size();
  if (probe_rows->size() != n) return arrow::Status::Invalid("KeepEqualKeys: unpaired rows");
  if (n == 0) return arrow::Status::OK();
  if (build.columns.size() != probe.columns.size()) {
    return arrow::Status::Invalid("join has ", build.columns.size(), " build keys and ",
                                  probe.columns.size(), " probe keys");
  }
  const uint32_t* bi = build_rows->data();
  const uint32_t* pi = probe_rows->data();
  std::vector<uint8_t> keep(n, 1);
  std::vector<uint8_t> eq(n);
  for (size_t k = 0; k < build.columns.size(); ++k) {
    const arrow::ArrayData& b = *build.columns[k]->data();
    const arrow::ArrayData& p = *probe.columns[k]->data();
    if (!b.type->Equals(*p.type)) {
      return arrow::Status::Invalid("join key ", k, " is ", b.type->ToString(),
                                    " on the build side and ", p.type->ToString(),
                                    " on the probe side");
    }
    // The typed loops read value slots of NULL rows too; NULLs are settled after.
    ARROW_RETURN_NOT_OK(EqualColumn(b, p, bi, pi, n, eq.data()));
    const uint8_t* bv = b.GetNullCount() > 0 ? b.buffers[0]->data() : nullptr;
    const uint8_t* pv = p.GetNullCount() > 0 ? p.buffers[0]->data() : nullptr;
    if (bv || pv) {
      for (size_t i = 0; i < n; ++i) {
        const bool bn = bv && !arrow::bit_util::GetBit(bv, b.offset + bi[i]);
        const bool pn = pv && !arrow::bit_util::GetBit(pv, p.offset + pi[i]);
        if (bn || pn) eq[i] = bn && pn && null_equals_null;
      }
    }
    for (size_t i = 0; i < n; ++i) keep[i] &= eq[i];
  }
  size_t out = 0;
  uint32_t* bw = build_rows->data();
  uint32_t* pw = probe_rows->data();
  for (size_t i = 0; i < n; ++i) {
    bw[out] = bw[i];
    pw[out] = pw[i];
    out += keep[i];
  }
  build_rows->resize(out);
  probe_rows->resize(out);
  return arrow::Status::OK();
}

}  // namespace quiver
