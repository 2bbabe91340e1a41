#pragma once

#include <quiver/physical/execution_plan.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

struct RepartitionState;

/// \brief Redistributes rows of all input partitions into `partitioning.partition_count`
/// output partitions: by a hash of the key columns (equal keys land together) or round-robin
/// by batch.
///
/// The first execute() of any output partition starts one thread per input partition; they
/// route batches into unbounded per-output queues, so outputs may be drained in any order.
/// Errors reach every output. The state is shared by the output partitions of this instance
/// (execute each partition at most once); destroying the plan or closing all outputs stops
/// and joins the producers.
class RepartitionExec : public ExecutionPlan {
 public:
  RepartitionExec(ExecutionPlanPtr input, Partitioning partitioning);
  ~RepartitionExec() override;

  const ExecutionPlanPtr& input() const { return input_; }
  const Partitioning& partitioning() const { return partitioning_; }

  std::string_view name() const override { return "RepartitionExec"; }
  std::shared_ptr<arrow::Schema> schema() const override;
  Partitioning output_partitioning() const override { return partitioning_; }
  std::vector<ExecutionPlanPtr> children() const override { return {input_}; }
  Statistics statistics() const override { return input_->statistics(); }
  arrow::Result<ExecutionPlanPtr> try_push_dynamic_filter(
      const PhysicalExprPtr& filter) const override {
    ARROW_ASSIGN_OR_RAISE(auto input, input_->try_push_dynamic_filter(filter));
    if (!input) return nullptr;
    return with_new_children({std::move(input)});
  }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  /// e.g. `RepartitionExec: partitioning=Hash([l_returnflag@0], 4), input_partitions=3`
  std::string to_string() const override;

 private:
  ExecutionPlanPtr input_;
  Partitioning partitioning_;
  std::shared_ptr<RepartitionState> state_;
};

/// Hash of the key columns of each row (nulls hash to a fixed value), written to `out`
/// (length num_rows). Exposed for tests and for the distributed shuffle, which must route
/// rows exactly as RepartitionExec does.
arrow::Status HashRows(const std::vector<std::shared_ptr<arrow::Array>>& keys, int64_t num_rows,
                       uint64_t* out);

}  // namespace quiver
