#pragma once

#include <quiver/functions/aggregate_function.h>

#include <memory>
#include <utility>
#include <vector>

namespace quiver::internal {

/// \brief The value of a correlated scalar subquery per correlation key
/// (`__scalar_subquery_value(x)`): the group's only row's x, NULL for no row, and an error
/// ("scalar subquery returned more than one row") as soon as a group gets a second row. Any
/// type: the chosen rows are gathered from the input arrays at the end.
/// State: [rows (int64), value].
class SingleValueAccumulator : public GroupsAccumulator {
 public:
  explicit SingleValueAccumulator(std::shared_ptr<arrow::DataType> type) : type_(std::move(type)) {}

  arrow::Status update(const std::vector<arrow::Datum>& args, const uint32_t* group_ids,
                       int64_t num_rows, uint32_t total_groups) override;
  arrow::Status merge(const std::vector<std::shared_ptr<arrow::Array>>& states,
                      const uint32_t* group_ids, int64_t num_rows, uint32_t total_groups) override;
  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> state(uint32_t total_groups) override;
  arrow::Result<std::shared_ptr<arrow::Array>> finish(uint32_t total_groups) override;

 private:
  arrow::Status Add(const std::shared_ptr<arrow::Array>& values, const int64_t* counts,
                    const uint32_t* group_ids, int64_t num_rows, uint32_t total_groups);

  std::shared_ptr<arrow::DataType> type_;
  std::vector<int64_t> rows_;
  // Where each group's value is: (index into chunks_, row), or chunk -1 for none.
  std::vector<std::pair<int32_t, int64_t>> where_;
  std::vector<std::shared_ptr<arrow::Array>> chunks_;
};

}  // namespace quiver::internal
