#pragma once

#include <quiver/physical/execution_plan.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

/// \brief Sorts by `ordering`. With `preserve_partitioning` each partition is sorted on its
/// own; otherwise all input partitions are read (concurrently) and sorted into one. With
/// `fetch`, only the first `fetch` rows are kept (top-K, memory bounded by trimming as
/// batches arrive).
class SortExec : public ExecutionPlan {
 public:
  SortExec(LexOrdering ordering, ExecutionPlanPtr input, std::optional<int64_t> fetch = {},
           bool preserve_partitioning = false)
      : ordering_(std::move(ordering)),
        input_(std::move(input)),
        fetch_(fetch),
        preserve_partitioning_(preserve_partitioning) {}

  const LexOrdering& ordering() const { return ordering_; }
  const ExecutionPlanPtr& input() const { return input_; }
  std::optional<int64_t> fetch() const { return fetch_; }
  bool preserve_partitioning() const { return preserve_partitioning_; }

  std::string_view name() const override { return "SortExec"; }
  std::shared_ptr<arrow::Schema> schema() const override;
  Partitioning output_partitioning() const override;
  std::optional<LexOrdering> output_ordering() const override { return ordering_; }
  /// One partition unless each partition is sorted on its own.
  std::vector<Distribution> required_input_distribution() const override;
  Statistics statistics() const override;
  std::vector<ExecutionPlanPtr> children() const override { return {input_}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  /// e.g. `SortExec: TopK(fetch=10), expr=[a@0 DESC NULLS FIRST], preserve_partitioning=false`
  std::string to_string() const override;

 private:
  LexOrdering ordering_;
  ExecutionPlanPtr input_;
  std::optional<int64_t> fetch_;
  bool preserve_partitioning_;
};

}  // namespace quiver
