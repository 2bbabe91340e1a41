#pragma once

#include <arrow/compute/row/grouper.h>
#include <quiver/functions/aggregate_function.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace quiver::internal {

/// \brief `agg(DISTINCT x)`: a second Grouper over (group id, x) keeps only the first
/// occurrence of each pair, and those rows alone reach the wrapped accumulator. Final-only:
/// partial states and merging are NotImplemented (the planner aggregates DISTINCT in one
/// step).
class DistinctAccumulator : public GroupsAccumulator {
 public:
  static arrow::Result<std::unique_ptr<GroupsAccumulator>> Make(
      std::shared_ptr<arrow::DataType> arg_type, std::unique_ptr<GroupsAccumulator> inner);

  arrow::Status update(const std::vector<arrow::Datum>& args, const uint32_t* group_ids,
                       int64_t num_rows, uint32_t total_groups) override;
  arrow::Status merge(const std::vector<std::shared_ptr<arrow::Array>>& states,
                      const uint32_t* group_ids, int64_t num_rows, uint32_t total_groups) override;
  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> state(uint32_t total_groups) override;
  arrow::Result<std::shared_ptr<arrow::Array>> finish(uint32_t total_groups) override;

 private:
  DistinctAccumulator(std::unique_ptr<arrow::compute::Grouper> pairs,
                      std::unique_ptr<GroupsAccumulator> inner)
      : pairs_(std::move(pairs)), inner_(std::move(inner)) {}

  std::unique_ptr<arrow::compute::Grouper> pairs_;
  std::unique_ptr<GroupsAccumulator> inner_;
};

}  // namespace quiver::internal
