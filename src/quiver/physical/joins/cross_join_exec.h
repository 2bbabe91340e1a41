#pragma once

#include <quiver/physical/execution_plan.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

class JoinSharedState;

/// \brief Cartesian product: the left input (one partition) is collected once and shared by
/// the output partitions, one per right partition; every probe batch is paired with every
/// build row, emitted in batches of `batch_size` rows. Output: left fields then right fields.
class CrossJoinExec : public ExecutionPlan {
 public:
  CrossJoinExec(ExecutionPlanPtr left, ExecutionPlanPtr right);

  const ExecutionPlanPtr& left() const { return left_; }
  const ExecutionPlanPtr& right() const { return right_; }

  std::string_view name() const override { return "CrossJoinExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  /// One partition per right partition; the right input's hash partitioning, shifted.
  Partitioning output_partitioning() const override;
  /// {Broadcast, any}.
  std::vector<Distribution> required_input_distribution() const override;
  /// The product of the inputs' row counts (exact when both are).
  Statistics statistics() const override;
  std::vector<ExecutionPlanPtr> children() const override { return {left_, right_}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  /// `CrossJoinExec`
  std::string to_string() const override { return "CrossJoinExec"; }

 private:
  ExecutionPlanPtr left_;
  ExecutionPlanPtr right_;
  std::shared_ptr<arrow::Schema> schema_;
  std::shared_ptr<JoinSharedState> state_;
};

}  // namespace quiver
