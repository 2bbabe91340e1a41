#pragma once

#include <arrow/compute/row/grouper.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/aggregate/packed_key_grouper.h>
#include <quiver/physical/plan_stream.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver {

class SortedMerge;
class SpillFile;

/// \brief One partition of a HashAggregateExec: consumes the whole input (Grouper ids →
/// accumulators, batch at a time), then emits the groups in `batch_size` slices.
///
/// Memory: the groups are reserved as they grow. When the pool refuses (DataFusion's
/// approach):
/// - a Partial aggregate emits the groups it holds as partial states and starts again (the
///   Final aggregate merges them anyway);
/// - a Single or Final aggregate writes its groups as partial states sorted by the group keys
///   to a spill file and starts again. At the end of the input the spilled runs and the
///   in-memory rest are merged by key (SortedMerge) and folded a batch at a time: the groups
///   of a merged batch are complete except the last key's, which is carried into the next.
/// DISTINCT aggregates (no partial state), key types without an order, or spilling off: a
/// refusal is the query's error, naming the operator and the group count.
class HashAggregateStream : public PlanStream {
 public:
  /// `state_counts[i]` is the number of state columns of aggregate i (kFinal reads them
  /// positionally after the group columns).
  /// When a Partial aggregate stops grouping (DataFusion's skip-partial probe): after
  /// `probe_rows` input rows (0: never), if its groups are at least `ratio` of them.
  struct PartialSkip {
    int64_t probe_rows = 0;
    double ratio = 0.8;
  };

  HashAggregateStream(const HashAggregateExec& plan, std::vector<int> state_counts,
                      RecordBatchStreamPtr input, int partition, TaskContextPtr ctx,
                      PartialSkip skip);
  ~HashAggregateStream() override;

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override;
  arrow::Status CloseInputs() override;

 private:
  arrow::Status Init();
  // A fresh grouper and fresh accumulators (at the start, and after emitting or spilling).
  arrow::Status ResetGroups();
  arrow::Status Consume(const arrow::RecordBatch& batch);
  // Group ids of `n` rows of `keys` (the packed-key grouper while it can, else Arrow's).
  arrow::Status AssignGroups(std::vector<arrow::Datum> keys, int64_t n, const uint32_t** ids,
                             uint32_t* total_groups);
  arrow::Status SwitchToArrowGrouper();
  // Merges state columns of `batch` (`counts[a]` per aggregate from `first_column`).
  arrow::Status MergeStates(const arrow::RecordBatch& batch, int first_column,
                            const std::vector<int>& counts, const uint32_t* ids,
                            uint32_t total_groups);
  // The groups held: keys then, with `as_states`, every aggregate's state columns (the spill
  // layout), else this operator's output columns.
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> BuildGroups(bool as_states);
  // Resizes the reservation to an estimate of the groups' memory after a batch; a refusal is
  // returned as is (the caller emits, spills or fails).
  arrow::Status ReserveGroups(uint32_t groups);
  // The groups as one sorted run in a spill file; memory back to the pool.
  arrow::Status Spill();
  // After the input: the runs and the in-memory rest into a SortedMerge.
  arrow::Status StartMerge();
  // The next batch of completed groups from the merge, or null at its end.
  arrow::Status NextMerged(std::shared_ptr<arrow::RecordBatch>* out);

  AggregateMode mode_;
  std::vector<HashAggregateExec::NamedExpr> group_by_;
  std::vector<AggregateExpr> aggregates_;
  std::vector<int> state_counts_;
  RecordBatchStreamPtr input_;

  std::vector<arrow::TypeHolder> key_types_;
  // With group keys, exactly one of these is set: the packed-key grouper while every key
  // value fits it, then (from the first batch that does not) Arrow's general Grouper.
  std::unique_ptr<PackedKeyGrouper> packed_grouper_;
  std::unique_ptr<arrow::compute::Grouper> grouper_;
  std::vector<uint32_t> packed_ids_;
  // After a switch that numbered the groups differently: Arrow id -> accumulator index (the
  // packed grouper's id) for the groups that existed then, and back. Empty: the same ids.
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

  // Spilling (Single / Final): why not, when it cannot; the run layout (group columns, then
  // every aggregate's state columns); the runs; their merge with the in-memory rest; the last
  // key's rows carried over.
  std::string no_spill_reason_;
  std::shared_ptr<arrow::Schema> spill_schema_;
  std::vector<int> spill_state_counts_;
  std::vector<std::shared_ptr<SpillFile>> spills_;
  std::unique_ptr<SortedMerge> merge_;
  std::shared_ptr<arrow::RecordBatch> carry_;

  // Partial aggregation that does not reduce (`skip_`): the groups held are emitted and every
  // later batch goes out as one partial state per row, for the Final aggregate to group (a
  // table that keeps nearly every row only costs its building). Decided once.
  arrow::Status DecideSkipPartial(uint32_t total_groups);
  // A batch as partial states, one group per row.
  arrow::Status PassThrough(const arrow::RecordBatch& batch, std::vector<arrow::Datum> keys);
  PartialSkip skip_;  // probe_rows 0 (never) unless a grouped Partial aggregate
  int64_t rows_seen_ = 0;
  bool skip_decided_ = false;
  bool skipping_ = false;
  std::vector<uint32_t> identity_ids_;

  bool initialized_ = false;
  bool input_done_ = false;
  std::shared_ptr<arrow::RecordBatch> output_;
  int64_t output_offset_ = 0;
};

}  // namespace quiver
