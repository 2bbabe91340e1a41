#pragma once

#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/joins/join_hash_map.h>
#include <quiver/physical/joins/join_keys.h>
#include <quiver/physical/joins/join_stream.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace quiver {

/// \brief One output partition of a HashJoinExec: builds (or waits for) the hash table over
/// build partition `build_partition`, then probes its right partition batch by batch.
class HashJoinStream : public JoinStream {
 public:
  /// The build side's rows in one batch, held in `*reservation` (which it sets).
  using BuildSource =
      std::function<arrow::Result<std::shared_ptr<arrow::RecordBatch>>(MemoryReservation*)>;

  /// `build_source` null: the rows of the plan's left partition `build_partition` (else, e.g.,
  /// one spilled part of it, GraceHashJoinStream). `contributes_dynamic_filter`: whether this
  /// build reports its key bounds to the plan's dynamic filter (once per build partition).
  HashJoinStream(std::shared_ptr<const HashJoinExec> plan, int build_partition,
                 int64_t dynamic_filter_max_values, RecordBatchStreamPtr probe,
                 std::shared_ptr<JoinSharedState> shared, TaskContextPtr ctx,
                 BuildSource build_source = nullptr, bool contributes_dynamic_filter = true);

 protected:
  arrow::Result<std::shared_ptr<JoinBuildSide>> MakeBuildSide() override;
  arrow::Status StartProbe(const std::shared_ptr<arrow::RecordBatch>& batch) override;
  arrow::Result<bool> NextChunk(int64_t limit, std::vector<uint32_t>* build_rows,
                                std::vector<uint32_t>* probe_rows) override;
  bool ProbeKeyNull(int64_t row) const override { return !probe_keys_.row_valid(row); }

 private:
  arrow::Status UpdateDynamicFilter(const JoinBuildSide& side) const;

  std::shared_ptr<const HashJoinExec> plan_;
  int build_partition_;
  BuildSource build_source_;
  bool contributes_dynamic_filter_;
  int64_t dynamic_filter_max_values_;
  std::vector<PhysicalExprPtr> left_keys_;
  std::vector<PhysicalExprPtr> right_keys_;

  std::shared_ptr<arrow::RecordBatch> probe_batch_;
  JoinKeys probe_keys_;
  std::vector<uint64_t> probe_hashes_;
  JoinHashMap::Cursor cursor_;
  std::vector<uint32_t> candidate_build_;
  std::vector<uint32_t> candidate_probe_;
};

}  // namespace quiver
