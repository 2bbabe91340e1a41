#pragma once

#include <arrow/compute/row/grouper.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/aggregate/small_key_grouper.h>
#include <quiver/physical/plan_stream.h>

#include <memory>
#include <vector>

namespace quiver {

/// \brief One partition of a HashAggregateExec: consumes the whole input (Grouper ids →
/// accumulators, batch at a time), then emits the groups in `batch_size` slices.
class HashAggregateStream : public PlanStream {
 public:
  /// `state_counts[i]` is the number of state columns of aggregate i (kFinal reads them
  /// positionally after the group columns).
  HashAggregateStream(const HashAggregateExec& plan, std::vector<int> state_counts,
                      RecordBatchStreamPtr input, TaskContextPtr ctx);

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override;
  arrow::Status CloseInputs() override { return input_->Close(); }

 private:
  arrow::Status Init();
  arrow::Status Consume(const arrow::RecordBatch& batch);
  arrow::Status BuildOutput();

  AggregateMode mode_;
  std::vector<HashAggregateExec::NamedExpr> group_by_;
  std::vector<AggregateExpr> aggregates_;
  std::vector<int> state_counts_;
  RecordBatchStreamPtr input_;

  arrow::Status SwitchToArrowGrouper();

  std::vector<arrow::TypeHolder> key_types_;
  // With group keys, exactly one of these is set: the small-key grouper while every key
  // value fits it, then (from the first batch that does not) Arrow's general Grouper.
  std::unique_ptr<SmallKeyGrouper> small_grouper_;
  std::unique_ptr<arrow::compute::Grouper> grouper_;
  std::vector<uint32_t> small_ids_;
  std::vector<std::unique_ptr<GroupsAccumulator>> accumulators_;
  std::vector<uint32_t> zero_ids_;  // group ids for aggregation without keys

  bool consumed_ = false;
  std::shared_ptr<arrow::RecordBatch> output_;
  int64_t output_offset_ = 0;
};

}  // namespace quiver
