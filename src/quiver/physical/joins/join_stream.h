#pragma once

#include <arrow/record_batch.h>
#include <arrow/status.h>
#include <quiver/common/join_type.h>
#include <quiver/physical/joins/join_build_side.h>
#include <quiver/physical/joins/join_output.h>
#include <quiver/physical/joins/join_shared_state.h>
#include <quiver/physical/plan_stream.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace quiver {

/// \brief One output partition of a join whose left input is the build side and right input
/// the streamed probe side; the matching (hash table or nested loops) is the subclass's, the
/// join-type logic is here:
///
/// - Inner/Left/Right/Full emit matched pairs as they are found, in batches of about
///   `batch_size` rows.
/// - Right/Full/RightSemi/RightAnti/RightMark decide each probe row once its batch is probed:
///   unmatched rows NULL-extended, matched rows, unmatched rows, or every row with its mark.
/// - Left/Full/LeftSemi/LeftAnti/LeftMark mark matched build rows (shared VisitedRows); the
///   last probe partition to finish emits the unmatched / matched / all-with-mark build rows.
///
/// Null-aware (SQL NOT IN) RightAnti/RightMark: a build side with a NULL key leaves no
/// RightAnti row and marks every unmatched row NULL; a probe row with a NULL key is kept
/// (RightAnti) or marked false only when the build side is empty, else it is dropped / NULL.
class JoinStream : public PlanStream {
 public:
  JoinStream(std::shared_ptr<arrow::Schema> schema, JoinType join_type, bool null_aware,
             int left_fields, int right_fields, RecordBatchStreamPtr probe,
             std::shared_ptr<JoinSharedState> shared, TaskContextPtr ctx);
  ~JoinStream() override;

 protected:
  /// Makes the build side; runs once per JoinSharedState (in the first partition to ask).
  /// Must size `visited` when tracks_build().
  virtual arrow::Result<std::shared_ptr<JoinBuildSide>> MakeBuildSide() = 0;
  /// Prepares matching against a new probe batch (probe_mask() is all ones; clear rows that
  /// can never match, e.g. NULL keys).
  virtual arrow::Status StartProbe(const std::shared_ptr<arrow::RecordBatch>& batch) = 0;
  /// Appends the matching (build row, probe row) pairs among the next `limit` or so
  /// candidates of the current probe batch, from where the last call stopped; skips probe rows
  /// whose probe_mask() byte is 0. Returns true when the batch is exhausted.
  virtual arrow::Result<bool> NextChunk(int64_t limit, std::vector<uint32_t>* build_rows,
                                        std::vector<uint32_t>* probe_rows) = 0;
  /// Whether the current probe batch's row has a NULL key (null-aware joins only).
  virtual bool ProbeKeyNull(int64_t row) const { return false; }

  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override;
  arrow::Status CloseInputs() override;

  const std::shared_ptr<JoinBuildSide>& build() const { return build_; }
  /// One byte per row of the current probe batch: 0 = needs no (more) matches.
  std::vector<uint8_t>& probe_mask() { return probe_mask_; }
  bool tracks_build() const;
  int64_t batch_size() const { return batch_size_; }

 private:
  enum class Phase { kBuild, kProbe, kMatch, kProbeTail, kBuildTail, kDone };

  arrow::Status Record(const std::vector<uint32_t>& build_rows,
                       const std::vector<uint32_t>& probe_rows);
  void EndProbeBatch();
  void PrepareProbeTail();
  void FinishProbe(bool completed);
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> NextBuildTail();

  JoinType join_type_;
  bool null_aware_;
  JoinOutput output_;
  RecordBatchStreamPtr probe_;
  std::shared_ptr<JoinSharedState> shared_;
  int64_t batch_size_;

  Phase phase_ = Phase::kBuild;
  std::shared_ptr<JoinBuildSide> build_;
  bool probe_finished_ = false;  // FinishProbe was called

  std::shared_ptr<arrow::RecordBatch> probe_batch_;
  std::vector<uint8_t> probe_mask_;
  std::vector<uint8_t> probe_matched_;
  std::vector<uint32_t> build_rows_;
  std::vector<uint32_t> probe_rows_;
  // Matches found beyond the last emitted batch_size pairs of the current probe batch.
  std::vector<uint32_t> pending_build_;
  std::vector<uint32_t> pending_probe_;
  size_t pending_pos_ = 0;
  bool chunks_done_ = false;

  // Rows (and marks) to emit from the current probe batch, or from the build side at the end.
  std::vector<uint32_t> tail_rows_;
  std::vector<uint8_t> tail_mark_;
  size_t tail_pos_ = 0;
  int64_t build_scan_pos_ = 0;
};

}  // namespace quiver
