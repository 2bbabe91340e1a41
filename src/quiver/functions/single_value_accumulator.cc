#include <arrow/array/concatenate.h>
#include <arrow/builder.h>
#include <arrow/compute/api_vector.h>
#include <quiver/functions/single_value_accumulator.h>

namespace quiver::internal {

arrow::Status SingleValueAccumulator::Add(const std::shared_ptr<arrow::Array>& values,
                                          const int64_t* counts, const uint32_t* group_ids,
                                          int64_t num_rows, uint32_t total_groups) {
  rows_.resize(total_groups, 0);
  where_.resize(total_groups, {-1, 0});
  const auto chunk = static_cast<int32_t>(chunks_.size());
  bool used = false;
  for (int64_t i = 0; i < num_rows; ++i) {
    const int64_t n = counts ? counts[i] : 1;
    if (n == 0) continue;
    const uint32_t g = group_ids[i];
    rows_[g] += n;
    if (rows_[g] > 1) return arrow::Status::Invalid("scalar subquery returned more than one row");
    where_[g] = {chunk, i};
    used = true;
  }
  if (used) chunks_.push_back(values);
  return arrow::Status::OK();
}

arrow::Status SingleValueAccumulator::update(const std::vector<arrow::Datum>& args,
                                             const uint32_t* group_ids, int64_t num_rows,
                                             uint32_t total_groups) {
  std::shared_ptr<arrow::Array> values;
  if (args.at(0).is_array()) {
    values = args[0].make_array();
  } else {
    ARROW_ASSIGN_OR_RAISE(values, arrow::MakeArrayFromScalar(*args[0].scalar(), num_rows));
  }
  return Add(values, nullptr, group_ids, num_rows, total_groups);
}

arrow::Status SingleValueAccumulator::merge(
    const std::vector<std::shared_ptr<arrow::Array>>& states, const uint32_t* group_ids,
    int64_t num_rows, uint32_t total_groups) {
  const auto& counts = static_cast<const arrow::Int64Array&>(*states.at(0));
  return Add(states.at(1), counts.raw_values(), group_ids, num_rows, total_groups);
}

arrow::Result<std::shared_ptr<arrow::Array>> SingleValueAccumulator::finish(uint32_t total_groups) {
  rows_.resize(total_groups, 0);
  where_.resize(total_groups, {-1, 0});
  if (chunks_.empty()) return arrow::MakeArrayOfNull(type_, total_groups);
  // Row offsets of the chunks once concatenated.
  std::vector<int64_t> offsets(chunks_.size(), 0);
  for (size_t c = 1; c < chunks_.size(); ++c)
    offsets[c] = offsets[c - 1] + chunks_[c - 1]->length();
  ARROW_ASSIGN_OR_RAISE(auto all, arrow::Concatenate(chunks_));
  arrow::Int64Builder indices;
  ARROW_RETURN_NOT_OK(indices.Reserve(total_groups));
  for (uint32_t g = 0; g < total_groups; ++g) {
    if (where_[g].first < 0) {
      indices.UnsafeAppendNull();
    } else {
      indices.UnsafeAppend(offsets[where_[g].first] + where_[g].second);
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto index_array, indices.Finish());
  ARROW_ASSIGN_OR_RAISE(auto taken, arrow::compute::Take(all, index_array));
  return taken.make_array();
}

arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> SingleValueAccumulator::state(
    uint32_t total_groups) {
  ARROW_ASSIGN_OR_RAISE(auto values, finish(total_groups));
  arrow::Int64Builder counts;
  ARROW_RETURN_NOT_OK(counts.AppendValues(rows_.data(), total_groups));
  ARROW_ASSIGN_OR_RAISE(auto count_array, counts.Finish());
  return std::vector<std::shared_ptr<arrow::Array>>{count_array, values};
}

}  // namespace quiver::internal
