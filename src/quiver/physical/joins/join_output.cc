#include <arrow/array/util.h>
#include <arrow/buffer.h>
#include <arrow/builder.h>
#include <arrow/compute/api.h>
#include <quiver/physical/joins/join_output.h>

#include <cstring>

namespace quiver {
namespace {

// Row lists of one side alone are strictly ascending, so a run without gaps is a slice.
bool Contiguous(const std::vector<uint32_t>& rows, size_t begin, size_t n) {
  return n > 0 && rows[begin + n - 1] - rows[begin] == n - 1;
}

arrow::Result<std::shared_ptr<arrow::Array>> MarkArray(const std::vector<uint8_t>& mark,
                                                       size_t begin, size_t n) {
  std::vector<uint8_t> values(n), valid(n);
  for (size_t i = 0; i < n; ++i) {
    values[i] = mark[begin + i] == 1;
    valid[i] = mark[begin + i] != 2;
  }
  arrow::BooleanBuilder builder;
  ARROW_RETURN_NOT_OK(builder.AppendValues(values.data(), static_cast<int64_t>(n), valid.data()));
  return builder.Finish();
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::Array>> MakeIndices(const std::vector<uint32_t>& rows,
                                                         size_t begin, size_t n) {
  ARROW_ASSIGN_OR_RAISE(auto buffer,
                        arrow::AllocateBuffer(static_cast<int64_t>(n * sizeof(uint32_t))));
  if (n > 0) std::memcpy(buffer->mutable_data(), rows.data() + begin, n * sizeof(uint32_t));
  return std::make_shared<arrow::UInt32Array>(static_cast<int64_t>(n),
                                              std::shared_ptr<arrow::Buffer>(std::move(buffer)));
}

arrow::Status JoinOutput::AppendTaken(const arrow::RecordBatch& batch, const arrow::Array& indices,
                                      std::vector<std::shared_ptr<arrow::Array>>* columns) const {
  // The indices are rows the join found in `batch`: checking each again is wasted work.
  const auto options = arrow::compute::TakeOptions::NoBoundsCheck();
  for (int i = 0; i < batch.num_columns(); ++i) {
    ARROW_ASSIGN_OR_RAISE(auto taken, arrow::compute::Take(*batch.column(i), indices, options));
    columns->push_back(std::move(taken));
  }
  return arrow::Status::OK();
}

arrow::Status JoinOutput::AppendNulls(int first, int count, int64_t rows,
                                      std::vector<std::shared_ptr<arrow::Array>>* columns) const {
  for (int i = first; i < first + count; ++i) {
    ARROW_ASSIGN_OR_RAISE(auto nulls, arrow::MakeArrayOfNull(schema_->field(i)->type(), rows));
    columns->push_back(std::move(nulls));
  }
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> JoinOutput::Pairs(
    const arrow::RecordBatch& build, const arrow::RecordBatch& probe,
    const std::vector<uint32_t>& build_rows, const std::vector<uint32_t>& probe_rows) const {
  const size_t n = build_rows.size();
  std::vector<std::shared_ptr<arrow::Array>> columns;
  columns.reserve(schema_->num_fields());
  ARROW_ASSIGN_OR_RAISE(auto build_indices, MakeIndices(build_rows, 0, n));
  ARROW_RETURN_NOT_OK(AppendTaken(build, *build_indices, &columns));
  bool consecutive = n > 0;
  for (size_t i = 0; consecutive && i < n; ++i) consecutive = probe_rows[i] == probe_rows[0] + i;
  if (consecutive) {
    // Typical of a join on a unique build key: every probe row once, in order.
    for (const auto& c : probe.columns()) columns.push_back(c->Slice(probe_rows.front(), n));
  } else {
    ARROW_ASSIGN_OR_RAISE(auto probe_indices, MakeIndices(probe_rows, 0, n));
    ARROW_RETURN_NOT_OK(AppendTaken(probe, *probe_indices, &columns));
  }
  return arrow::RecordBatch::Make(schema_, static_cast<int64_t>(n), std::move(columns));
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> JoinOutput::ProbeRows(
    const arrow::RecordBatch& probe, const std::vector<uint32_t>& rows,
    const std::vector<uint8_t>* mark, size_t begin, size_t n) const {
  std::vector<std::shared_ptr<arrow::Array>> columns;
  columns.reserve(schema_->num_fields());
  const bool null_build = join_type_ == JoinType::kRight || join_type_ == JoinType::kFull;
  if (null_build)
    ARROW_RETURN_NOT_OK(AppendNulls(0, left_fields_, static_cast<int64_t>(n), &columns));
  if (Contiguous(rows, begin, n)) {
    for (const auto& c : probe.columns()) columns.push_back(c->Slice(rows[begin], n));
  } else {
    ARROW_ASSIGN_OR_RAISE(auto indices, MakeIndices(rows, begin, n));
    ARROW_RETURN_NOT_OK(AppendTaken(probe, *indices, &columns));
  }
  if (join_type_ == JoinType::kRightMark) {
    if (!mark) return arrow::Status::Invalid("RightMark join output without marks");
    ARROW_ASSIGN_OR_RAISE(auto m, MarkArray(*mark, begin, n));
    columns.push_back(std::move(m));
  }
  return arrow::RecordBatch::Make(schema_, static_cast<int64_t>(n), std::move(columns));
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> JoinOutput::BuildRows(
    const arrow::RecordBatch& build, const std::vector<uint32_t>& rows,
    const std::vector<uint8_t>* mark, size_t begin, size_t n) const {
  std::vector<std::shared_ptr<arrow::Array>> columns;
  columns.reserve(schema_->num_fields());
  if (Contiguous(rows, begin, n)) {
    for (const auto& c : build.columns()) columns.push_back(c->Slice(rows[begin], n));
  } else {
    ARROW_ASSIGN_OR_RAISE(auto indices, MakeIndices(rows, begin, n));
    ARROW_RETURN_NOT_OK(AppendTaken(build, *indices, &columns));
  }
  if (join_type_ == JoinType::kLeft || join_type_ == JoinType::kFull) {
    ARROW_RETURN_NOT_OK(
        AppendNulls(left_fields_, right_fields_, static_cast<int64_t>(n), &columns));
  }
  if (join_type_ == JoinType::kLeftMark) {
    if (!mark) return arrow::Status::Invalid("LeftMark join output without marks");
    ARROW_ASSIGN_OR_RAISE(auto m, MarkArray(*mark, begin, n));
    columns.push_back(std::move(m));
  }
  return arrow::RecordBatch::Make(schema_, static_cast<int64_t>(n), std::move(columns));
}

}  // namespace quiver
