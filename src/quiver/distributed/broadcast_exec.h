#pragma once

#include <quiver/physical/execution_plan.h>

#include <memory>

namespace quiver {

struct BroadcastState;

/// \brief The head of a broadcast stage: offers each of its input's N partitions
/// `consumers` times, as N × C partitions (partition v replays input partition v % N), so
/// every consumer task of a broadcast reads the whole stage output while each input partition
/// is computed once.
///
/// The first reader of a replay pulls the input; batches are kept until every replay of that
/// partition has read them (the build side of a broadcast join is small by choice). Each
/// output partition may be executed once per plan instance, like every node.
class BroadcastExec : public ExecutionPlan {
 public:
  BroadcastExec(ExecutionPlanPtr input, int consumers);

  const ExecutionPlanPtr& input() const { return input_; }
  int consumers() const { return consumers_; }

  std::string_view name() const override { return "BroadcastExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return input_->schema(); }
  Partitioning output_partitioning() const override {
    return Partitioning::Unknown(input_->output_partition_count() * consumers_);
  }
  std::vector<ExecutionPlanPtr> children() const override { return {input_}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;

 private:
  ExecutionPlanPtr input_;
  int consumers_;
  std::shared_ptr<BroadcastState> state_;
};

}  // namespace quiver
