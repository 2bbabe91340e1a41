#pragma once

#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/plan_stream.h>
#include <quiver/runtime/memory_reservation.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace quiver {

class SpillFile;

/// \brief One output partition of a partitioned HashJoinExec that can spill: while the build
/// partition fits its reservation this is the in-memory HashJoinStream; when the pool refuses,
/// it becomes a grace hash join. The build rows (those held and the rest of the input) and
/// then the whole probe partition are split by a hash of the join keys into kFanout spill files
/// each; then part by part, the build part is loaded into a hash table and its probe part
/// streamed through it (a HashJoinStream each). Equal keys land in the same part, so every
/// join type but the null-aware ones (NOT IN needs the whole build side's NULLs) is the union of
/// its parts. A part that still does not fit fails naming the operator, part and sizes.
///
/// Under grace the partition reports unconstrained bounds to the dynamic filter (the probe
/// side is read before any part's keys are known).
class GraceHashJoinStream : public PlanStream {
 public:
  static constexpr int kFanout = 16;

  GraceHashJoinStream(std::shared_ptr<const HashJoinExec> plan, int partition,
                      int64_t dynamic_filter_max_values, RecordBatchStreamPtr probe,
                      TaskContextPtr ctx);
  ~GraceHashJoinStream() override;

  /// Whether a partition of `plan` run with `ctx` can spill this way.
  static bool CanSpill(const HashJoinExec& plan, const TaskContextPtr& ctx);

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override;
  arrow::Status CloseInputs() override;

 private:
  // Reads the build partition; starts the in-memory join, or spills both sides into parts.
  arrow::Status Start();
  arrow::Status SpillSides(std::vector<std::shared_ptr<arrow::RecordBatch>> held,
                           const RecordBatchStreamPtr& build_rest);
  // Splits every batch of `stream`, or `batch`, by its `keys`' hash into the kFanout files of
  // `files`.
  arrow::Status WritePartitioned(arrow::RecordBatchReader* stream,
                                 const std::vector<PhysicalExprPtr>& keys,
                                 std::vector<std::shared_ptr<SpillFile>>* files);
  arrow::Status WritePartitioned(const std::shared_ptr<arrow::RecordBatch>& batch,
                                 const std::vector<PhysicalExprPtr>& keys,
                                 std::vector<std::shared_ptr<SpillFile>>* files);
  // The join of part `part` as current_.
  arrow::Status OpenPart(int part);

  std::shared_ptr<const HashJoinExec> plan_;
  int partition_;
  int64_t dynamic_filter_max_values_;
  RecordBatchStreamPtr probe_;

  bool started_ = false;
  RecordBatchStreamPtr current_;  // the in-memory join, or the current part's
  bool spilled_ = false;
  int next_part_ = 0;
  std::vector<std::shared_ptr<SpillFile>> build_parts_;
  std::vector<std::shared_ptr<SpillFile>> probe_parts_;
  std::vector<uint64_t> hashes_;
};

}  // namespace quiver
