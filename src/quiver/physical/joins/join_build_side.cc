#include <arrow/array/concatenate.h>
#include <arrow/record_batch.h>
#include <arrow/util/byte_size.h>
#include <quiver/physical/joins/join_build_side.h>

#include <algorithm>

namespace quiver {

arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> ReadBuildBatches(
    arrow::RecordBatchReader* stream, const TaskContextPtr& ctx, MemoryReservation* reservation) {
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  while (true) {
    if (ctx && ctx->is_cancelled()) return arrow::Status::Cancelled("query cancelled");
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(stream->ReadNext(&batch));
    if (!batch) return batches;
    if (batch->num_rows() == 0) continue;
    ARROW_RETURN_NOT_OK(reservation->TryGrow(arrow::util::TotalBufferSize(*batch)));
    batches.push_back(std::move(batch));
  }
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> CollectBuildBatch(
    const ExecutionPlanPtr& plan, int partition, const TaskContextPtr& ctx,
    MemoryReservation* reservation) {
  ARROW_ASSIGN_OR_RAISE(auto stream, plan->execute(partition, ctx));
  auto batches = ReadBuildBatches(stream.get(), ctx, reservation);
  arrow::Status closed = stream->Close();
  ARROW_RETURN_NOT_OK(batches.status());
  ARROW_RETURN_NOT_OK(closed);
  return ConcatenateBuildBatches(plan->schema(), std::move(*batches), ctx, reservation);
}

int64_t ConcatenationBytes(const std::vector<std::shared_ptr<arrow::RecordBatch>>& batches) {
  if (batches.size() <= 1) return 0;
  int64_t widest = 0;
  for (int c = 0; c < batches[0]->num_columns(); ++c) {
    int64_t bytes = 0;
    for (const auto& batch : batches) {
      bytes += arrow::util::TotalBufferSize(*batch->column(c)->data());
    }
    widest = std::max(widest, bytes);
  }
  return widest;
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> ConcatenateBuildBatches(
    const std::shared_ptr<arrow::Schema>& schema,
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches, const TaskContextPtr& ctx,
    MemoryReservation* reservation) {
  if (batches.empty()) return arrow::RecordBatch::MakeEmpty(schema);
  if (batches.size() == 1) return batches[0];
  // One batch makes build rows addressable by a single index (and Take-able in one call).
  // Column by column, each column's pieces released once copied: the peak is the rows plus
  // their largest column, not twice the rows.
  const int num_columns = schema->num_fields();
  const int64_t widest = ConcatenationBytes(batches);
  std::vector<arrow::ArrayVector> pieces(num_columns);
  int64_t rows = 0;
  for (const auto& batch : batches) {
    rows += batch->num_rows();
    for (int c = 0; c < num_columns; ++c) pieces[c].push_back(batch->column(c));
  }
  batches.clear();
  ARROW_RETURN_NOT_OK(reservation->TryGrow(widest));
  arrow::MemoryPool* pool = ctx ? ctx->arrow_pool() : arrow::default_memory_pool();
  std::vector<std::shared_ptr<arrow::Array>> columns(num_columns);
  for (int c = 0; c < num_columns; ++c) {
    ARROW_ASSIGN_OR_RAISE(columns[c], arrow::Concatenate(pieces[c], pool));
    pieces[c].clear();
  }
  reservation->Shrink(widest);
  return arrow::RecordBatch::Make(schema, rows, std::move(columns));
}

}  // namespace quiver
