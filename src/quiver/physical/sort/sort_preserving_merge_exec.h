#pragma once

#include <quiver/physical/execution_plan.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

/// \brief Merges input partitions that are each sorted by `ordering` into one sorted
/// partition (k-way merge; inputs are read concurrently). Stops after `fetch` rows if set.
class SortPreservingMergeExec : public ExecutionPlan {
 public:
  SortPreservingMergeExec(LexOrdering ordering, ExecutionPlanPtr input,
                          std::optional<int64_t> fetch = {})
      : ordering_(std::move(ordering)), input_(std::move(input)), fetch_(fetch) {}

  const LexOrdering& ordering() const { return ordering_; }
  const ExecutionPlanPtr& input() const { return input_; }
  std::optional<int64_t> fetch() const { return fetch_; }

  std::string_view name() const override { return "SortPreservingMergeExec"; }
  std::shared_ptr<arrow::Schema> schema() const override;
  Partitioning output_partitioning() const override { return Partitioning::Unknown(1); }
  std::optional<LexOrdering> output_ordering() const override { return ordering_; }
  /// Each input partition sorted by `ordering`.
  std::vector<std::optional<LexOrdering>> required_input_ordering() const override {
    return {ordering_};
  }
  std::vector<bool> maintains_input_order() const override { return {true}; }
  Statistics statistics() const override { return input_->statistics(); }
  std::vector<ExecutionPlanPtr> children() const override { return {input_}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;

 private:
  LexOrdering ordering_;
  ExecutionPlanPtr input_;
  std::optional<int64_t> fetch_;
};

}  // namespace quiver
