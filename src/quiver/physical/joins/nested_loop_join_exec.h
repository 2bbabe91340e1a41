#pragma once

#include <arrow/result.h>
#include <quiver/common/join_type.h>
#include <quiver/physical/execution_plan.h>
#include <quiver/physical/joins/join_on.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

class JoinSharedState;

/// \brief Join on an arbitrary condition: the left input (one partition) is collected once
/// and shared by the output partitions, one per right partition; each probe batch is paired
/// with every build row in chunks of about `batch_size` pairs and `filter` evaluated on each
/// chunk at once. Without a filter every pair matches. Every join type is supported (see
/// JoinStream for what each emits; the last probe partition to finish emits the build rows).
class NestedLoopJoinExec : public ExecutionPlan {
 public:
  /// Invalid when the filter does not fit the inputs.
  static arrow::Result<std::shared_ptr<NestedLoopJoinExec>> Make(ExecutionPlanPtr left,
                                                                 ExecutionPlanPtr right,
                                                                 std::optional<JoinFilter> filter,
                                                                 JoinType join_type);

  const ExecutionPlanPtr& left() const { return left_; }
  const ExecutionPlanPtr& right() const { return right_; }
  const std::optional<JoinFilter>& filter() const { return filter_; }
  JoinType join_type() const { return join_type_; }

  std::string_view name() const override { return "NestedLoopJoinExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  /// One partition per right partition; the right input's hash partitioning (shifted) where
  /// every output row comes from its probe partition.
  Partitioning output_partitioning() const override;
  /// {Broadcast, any} when the output never holds build rows decided after the whole probe
  /// (Inner, Right, RightSemi, RightAnti, RightMark); {SinglePartition, SinglePartition}
  /// otherwise.
  std::vector<Distribution> required_input_distribution() const override;
  /// An estimate, never exact.
  Statistics statistics() const override;
  std::vector<ExecutionPlanPtr> children() const override { return {left_, right_}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  /// e.g. `NestedLoopJoinExec: join_type=Left, filter=a@0 < b@1`
  std::string to_string() const override;

 private:
  NestedLoopJoinExec(ExecutionPlanPtr left, ExecutionPlanPtr right,
                     std::optional<JoinFilter> filter, JoinType join_type);

  ExecutionPlanPtr left_;
  ExecutionPlanPtr right_;
  std::optional<JoinFilter> filter_;
  JoinType join_type_;
  std::shared_ptr<arrow::Schema> schema_;
  std::shared_ptr<JoinSharedState> state_;
};

}  // namespace quiver
