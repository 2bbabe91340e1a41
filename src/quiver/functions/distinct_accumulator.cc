#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/compute/api.h>
#include <arrow/compute/exec.h>
#include <quiver/functions/distinct_accumulator.h>
#include <quiver/functions/typed_values.h>

namespace quiver::internal {

arrow::Result<std::unique_ptr<GroupsAccumulator>> DistinctAccumulator::Make(
    std::shared_ptr<arrow::DataType> arg_type, std::unique_ptr<GroupsAccumulator> inner) {
  ARROW_ASSIGN_OR_RAISE(auto pairs, arrow::compute::Grouper::Make({arrow::uint32(), arg_type}));
  return std::unique_ptr<GroupsAccumulator>(
      new DistinctAccumulator(std::move(pairs), std::move(inner)));
}

arrow::Status DistinctAccumulator::update(const std::vector<arrow::Datum>& args,
                                          const uint32_t* group_ids, int64_t num_rows,
                                          uint32_t total_groups) {
  if (args.size() != 1) {
    return arrow::Status::NotImplemented("DISTINCT aggregates take exactly one argument");
  }
  if (num_rows == 0) return inner_->update(args, group_ids, 0, total_groups);
  ARROW_ASSIGN_OR_RAISE(auto values, AsArrayData(args[0], num_rows));
  // Wrap the caller's group ids without copying (the buffer does not own the memory).
  auto ids_buffer =
      std::make_shared<arrow::Buffer>(reinterpret_cast<const uint8_t*>(group_ids),
                                      num_rows * static_cast<int64_t>(sizeof(uint32_t)));
  auto ids = arrow::ArrayData::Make(arrow::uint32(), num_rows, {nullptr, ids_buffer}, 0);
  const uint32_t before = pairs_->num_groups();
  arrow::compute::ExecBatch batch({arrow::Datum(ids), arrow::Datum(values)}, num_rows);
  ARROW_ASSIGN_OR_RAISE(auto pair_ids_datum, pairs_->Consume(arrow::compute::ExecSpan(batch)));
  const uint32_t* pair_ids = pair_ids_datum.array()->GetValues<uint32_t>(1);
  // A pair id at or past `before` is new to this batch; keep its first row only.
  const uint32_t after = pairs_->num_groups();
  std::vector<uint8_t> taken(after - before, 0);
  arrow::Int64Builder rows;
  std::vector<uint32_t> kept_ids;
  for (int64_t i = 0; i < num_rows; ++i) {
    const uint32_t p = pair_ids[i];
    if (p >= before && !taken[p - before]) {
      taken[p - before] = 1;
      ARROW_RETURN_NOT_OK(rows.Append(i));
      kept_ids.push_back(group_ids[i]);
    }
  }
  if (kept_ids.empty()) return arrow::Status::OK();
  std::shared_ptr<arrow::Array> indices;
  ARROW_RETURN_NOT_OK(rows.Finish(&indices));
  ARROW_ASSIGN_OR_RAISE(auto kept, arrow::compute::Take(arrow::Datum(values), indices));
  return inner_->update({kept}, kept_ids.data(), static_cast<int64_t>(kept_ids.size()),
                        total_groups);
}

arrow::Status DistinctAccumulator::merge(const std::vector<std::shared_ptr<arrow::Array>>&,
                                         const uint32_t*, int64_t, uint32_t) {
  return arrow::Status::NotImplemented(
      "DISTINCT aggregates cannot be merged from partial states; use a single-mode aggregate");
}

arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> DistinctAccumulator::state(uint32_t) {
  return arrow::Status::NotImplemented(
      "DISTINCT aggregates have no partial state; use a single-mode aggregate");
}

arrow::Result<std::shared_ptr<arrow::Array>> DistinctAccumulator::finish(uint32_t total_groups) {
  return inner_->finish(total_groups);
}

}  // namespace quiver::internal
