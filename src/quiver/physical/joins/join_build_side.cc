#include <arrow/record_batch.h>
#include <arrow/util/byte_size.h>
#include <quiver/physical/joins/join_build_side.h>

namespace quiver {

arrow::Result<std::shared_ptr<arrow::RecordBatch>> CollectBuildBatch(
    const ExecutionPlanPtr& plan, int partition, const TaskContextPtr& ctx,
    MemoryReservation* reservation) {
  ARROW_ASSIGN_OR_RAISE(auto stream, plan->execute(partition, ctx));
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  arrow::Status st;
  while (true) {
    if (ctx && ctx->is_cancelled()) {
      st = arrow::Status::Cancelled("query cancelled");
      break;
    }
    std::shared_ptr<arrow::RecordBatch> batch;
    st = stream->ReadNext(&batch);
    if (!st.ok() || !batch) break;
    if (batch->num_rows() == 0) continue;
    st = reservation->TryGrow(arrow::util::TotalBufferSize(*batch));
    if (!st.ok()) break;
    batches.push_back(std::move(batch));
  }
  arrow::Status closed = stream->Close();
  ARROW_RETURN_NOT_OK(st);
  ARROW_RETURN_NOT_OK(closed);
  if (batches.empty()) return arrow::RecordBatch::MakeEmpty(plan->schema());
  if (batches.size() == 1) return batches[0];
  // One batch makes build rows addressable by a single index (and Take-able in one call).
  // The copy is reserved while the pieces still exist, then the pieces' share is returned.
  int64_t pieces = reservation->size();
  ARROW_RETURN_NOT_OK(reservation->TryGrow(pieces));
  ARROW_ASSIGN_OR_RAISE(auto combined, arrow::ConcatenateRecordBatches(
                                           batches, ctx ? ctx->arrow_pool()
                                                        : arrow::default_memory_pool()));
  batches.clear();
  reservation->Shrink(pieces);
  return combined;
}

}  // namespace quiver
