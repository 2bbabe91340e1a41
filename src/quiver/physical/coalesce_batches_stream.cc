#include <quiver/physical/coalesce_batches_stream.h>

namespace quiver {

CoalesceBatchesStream::CoalesceBatchesStream(RecordBatchStreamPtr input, TaskContextPtr ctx)
    : PlanStream(input->schema(), ctx),
      input_(std::move(input)),
      coalescer_(ctx ? ctx->config().batch_size : 8192) {}

arrow::Status CoalesceBatchesStream::Next(std::shared_ptr<arrow::RecordBatch>* out) {
  while (true) {
    if (auto ready = coalescer_.Next()) {
      *out = std::move(ready);
      return arrow::Status::OK();
    }
    if (input_done_) return arrow::Status::OK();
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(input_->ReadNext(&batch));
    if (!batch) {
      input_done_ = true;
      ARROW_RETURN_NOT_OK(coalescer_.Finish());
      continue;
    }
    ARROW_RETURN_NOT_OK(coalescer_.Push(std::move(batch)));
  }
}

arrow::Status CoalesceBatchesStream::CloseInputs() { return input_->Close(); }

RecordBatchStreamPtr CoalesceBatches(RecordBatchStreamPtr input, const TaskContextPtr& ctx) {
  return std::make_shared<CoalesceBatchesStream>(std::move(input), ctx);
}

}  // namespace quiver
