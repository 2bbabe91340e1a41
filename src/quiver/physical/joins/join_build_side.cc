#include <arrow/array/concatenate.h>
#include <arrow/record_batch.h>
#include <arrow/util/byte_size.h>
#include <quiver/physical/joins/join_build_side.h>

#include <algorithm>

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
  return ConcatenateBuildBatches(plan->schema(), std::move(batches), ctx, reservation);
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
  std::vector<arrow::ArrayVector> pieces(num_columns);
  std::vector<int64_t> column_bytes(num_columns, 0);
  int64_t rows = 0;
  for (const auto& batch : batches) {
    rows += batch->num_rows();
    for (int c = 0; c < num_columns; ++c) {
      column_bytes[c] += arrow::util::TotalBufferSize(*batch->column(c)->data());
      pieces[c].push_back(batch->column(c));
    }
  }
  batches.clear();
  const int64_t widest =
      column_bytes.empty() ? 0 : *std::max_element(column_bytes.begin(), column_bytes.end());
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
