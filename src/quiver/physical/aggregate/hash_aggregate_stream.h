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
                      RecordBatchStreamPtr input, int partition, TaskContextPtr ctx);

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override;
  arrow::Status CloseInputs() override { return input_->Close(); }

 private:
  arrow::Status Init();
  arrow::Status Consume(const arrow::RecordBatch& batch);
  arrow::Status BuildOutput();
  // Resizes the reservation to an estimate of the groups' memory after a batch.
  arrow::Status ReserveGroups(uint32_t groups);

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
  // After a switch that numbered the groups differently: Arrow id -> accumulator index (the
  // small grouper's id) for the groups that existed then, and back. Empty: the same ids.
  std::vector<uint32_t> arrow_to_acc_;
  std::vector<uint32_t> acc_to_arrow_;
  std::vector<uint32_t> remapped_ids_;
  std::vector<std::unique_ptr<GroupsAccumulator>> accumulators_;
  std::vector<uint32_t> zero_ids_;  // group ids for aggregation without keys

  // Memory of the groups (keys, hash table, accumulator states), estimated per group: the
  // fixed-width key bytes, the running average length of variable-width keys, and a flat
  // allowance per accumulator and for the hash table.
  MemoryReservation reservation_;
  int64_t fixed_bytes_per_group_ = 0;
  int64_t var_key_bytes_ = 0;
  int64_t var_key_rows_ = 0;

  bool consumed_ = false;
  std::shared_ptr<arrow::RecordBatch> output_;
  int64_t output_offset_ = 0;
};

}  // namespace quiver
