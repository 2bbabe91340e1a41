#include <arrow/array.h>
#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <arrow/util/bit_util.h>
#include <quiver/physical/joins/join_filter.h>
#include <quiver/physical/joins/join_output.h>

namespace quiver {

arrow::Status ApplyJoinFilter(const JoinFilter& filter, const arrow::RecordBatch& build,
                              const arrow::RecordBatch& probe, std::vector<uint32_t>* build_rows,
                              std::vector<uint32_t>* probe_rows) {
  const size_t n = build_rows->size();
  if (n == 0) return arrow::Status::OK();
  ARROW_ASSIGN_OR_RAISE(auto build_indices, MakeIndices(*build_rows, 0, n));
  ARROW_ASSIGN_OR_RAISE(auto probe_indices, MakeIndices(*probe_rows, 0, n));
  std::vector<std::shared_ptr<arrow::Array>> columns;
  columns.reserve(filter.column_indices.size());
  for (const ColumnIndex& c : filter.column_indices) {
    const bool left = c.side == JoinSide::kLeft;
    const auto& column = (left ? build : probe).column(c.index);
    ARROW_ASSIGN_OR_RAISE(auto taken,
                          arrow::compute::Take(*column, left ? *build_indices : *probe_indices));
    columns.push_back(std::move(taken));
  }
  auto intermediate =
      arrow::RecordBatch::Make(filter.schema, static_cast<int64_t>(n), std::move(columns));
  ARROW_ASSIGN_OR_RAISE(arrow::Datum result, filter.expression->evaluate(*intermediate));
  if (result.is_scalar()) {
    const auto& s = static_cast<const arrow::BooleanScalar&>(*result.scalar());
    if (!(s.is_valid && s.value)) {
      build_rows->clear();
      probe_rows->clear();
    }
    return arrow::Status::OK();
  }
  if (!result.is_array() || result.type()->id() != arrow::Type::BOOL) {
    return arrow::Status::Invalid("join filter ", filter.to_string(), " did not give booleans");
  }
  const arrow::ArrayData& mask = *result.array();
  if (mask.length != static_cast<int64_t>(n)) {
    return arrow::Status::Invalid("join filter gave ", mask.length, " rows for ", n, " pairs");
  }
  const uint8_t* values = mask.buffers[1]->data();
  const uint8_t* validity = mask.GetNullCount() > 0 ? mask.buffers[0]->data() : nullptr;
  uint32_t* b = build_rows->data();
  uint32_t* p = probe_rows->data();
  size_t out = 0;
  for (size_t i = 0; i < n; ++i) {
    const int64_t bit = mask.offset + static_cast<int64_t>(i);
    const bool keep = arrow::bit_util::GetBit(values, bit) &&
                      (validity == nullptr || arrow::bit_util::GetBit(validity, bit));
    b[out] = b[i];
    p[out] = p[i];
    out += keep;
  }
  build_rows->resize(out);
  probe_rows->resize(out);
  return arrow::Status::OK();
}

}  // namespace quiver
