#pragma once

#include <arrow/record_batch.h>
#include <arrow/result.h>
#include <quiver/physical/execution_plan.h>
#include <quiver/physical/joins/join_hash_map.h>
#include <quiver/physical/joins/join_keys.h>
#include <quiver/runtime/memory_reservation.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace quiver {

/// \brief One bit per build row telling whether some probe row matched it; set concurrently
/// by the probe partitions that share a build side (relaxed atomic ORs: the bits are read only
/// after every probe finished, which the ProbeCountdown orders).
class VisitedRows {
 public:
  VisitedRows() = default;
  explicit VisitedRows(int64_t num_rows)
      : words_(static_cast<size_t>((num_rows + 63) / 64)), num_rows_(num_rows) {}

  int64_t size() const { return num_rows_; }
  void Set(const uint32_t* rows, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      std::atomic<uint64_t>& word = words_[rows[i] >> 6];
      const uint64_t bit = uint64_t{1} << (rows[i] & 63);
      // Most rows are set many times (duplicate probe keys); a plain load avoids the locked OR.
      if ((word.load(std::memory_order_relaxed) & bit) == 0) {
        word.fetch_or(bit, std::memory_order_relaxed);
      }
    }
  }
  bool Get(int64_t row) const {
    return (words_[row >> 6].load(std::memory_order_relaxed) >> (row & 63)) & 1;
  }

 private:
  std::vector<std::atomic<uint64_t>> words_;
  int64_t num_rows_ = 0;
};

/// \brief A join's collected build (left) side: every row in one batch, which rows matched,
/// and for hash joins the decoded keys and the hash map over them.
struct JoinBuildSide {
  std::shared_ptr<arrow::RecordBatch> batch;
  VisitedRows visited;  ///< sized only for joins that emit build rows after the probe
  /// False when no probe row can match any build row (no rows, or every key NULL).
  bool can_match = false;
  /// Some build row has a NULL key (null-aware anti/mark joins).
  bool has_null_key = false;

  // Hash joins only.
  JoinKeys keys;
  JoinHashMap map;

  /// The memory the rows, keys and map hold, returned when the build side goes.
  MemoryReservation reservation;

  int64_t num_rows() const { return batch ? batch->num_rows() : 0; }
};

/// Hash table bytes per build row (its hash while building, then the map's entry), reserved
/// before the map is built.
inline constexpr int64_t kBuildMapBytesPerRow = 20;

/// Reads `stream` to its end, skipping empty batches, checking cancellation between batches and
/// reserving what it holds in `reservation` as it goes (a refusal is returned as is).
arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> ReadBuildBatches(
    arrow::RecordBatchReader* stream, const TaskContextPtr& ctx, MemoryReservation* reservation);

/// Reads all of `plan`'s partition `partition` into one batch of `plan`'s schema (an empty
/// batch for no rows), checking cancellation between batches, and reserving what it holds in
/// `reservation` as it goes (a refusal is returned as is).
arrow::Result<std::shared_ptr<arrow::RecordBatch>> CollectBuildBatch(
    const ExecutionPlanPtr& plan, int partition, const TaskContextPtr& ctx,
    MemoryReservation* reservation);

/// What ConcatenateBuildBatches reserves on top of `batches` for its copy: their widest column
/// (0 for one batch or none).
int64_t ConcatenationBytes(const std::vector<std::shared_ptr<arrow::RecordBatch>>& batches);

/// `batches` (already held in `reservation`) as one batch of `schema`, column by column: each
/// column's pieces are released once copied, so the peak is the rows plus their widest column,
/// which is reserved for the copy (a refusal is returned as is).
arrow::Result<std::shared_ptr<arrow::RecordBatch>> ConcatenateBuildBatches(
    const std::shared_ptr<arrow::Schema>& schema,
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches, const TaskContextPtr& ctx,
    MemoryReservation* reservation);

}  // namespace quiver
