#pragma once

#include <quiver/physical/plan_stream.h>

#include <cstdint>
#include <memory>
#include <optional>

namespace quiver {

/// \brief Skips `skip` rows then passes up to `fetch` rows, slicing batches (zero-copy), and
/// closes its input as soon as `fetch` is reached so upstream work stops.
class LimitStream : public PlanStream {
 public:
  LimitStream(RecordBatchStreamPtr input, int64_t skip, std::optional<int64_t> fetch,
              TaskContextPtr ctx)
      : PlanStream(input->schema(), std::move(ctx)),
        input_(std::move(input)),
        skip_(skip),
        remaining_(fetch) {}

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override {
    while (!remaining_ || *remaining_ > 0) {
      std::shared_ptr<arrow::RecordBatch> batch;
      ARROW_RETURN_NOT_OK(input_->ReadNext(&batch));
      if (!batch) return arrow::Status::OK();
      int64_t rows = batch->num_rows();
      if (skip_ >= rows) {
        skip_ -= rows;
        continue;
      }
      int64_t offset = skip_;
      skip_ = 0;
      int64_t take = rows - offset;
      if (remaining_) {
        take = std::min(take, *remaining_);
        *remaining_ -= take;
      }
      if (take == 0) continue;
      *out = (offset == 0 && take == rows) ? std::move(batch) : batch->Slice(offset, take);
      return arrow::Status::OK();
    }
    return arrow::Status::OK();
  }
  arrow::Status CloseInputs() override { return input_->Close(); }

 private:
  RecordBatchStreamPtr input_;
  int64_t skip_;
  std::optional<int64_t> remaining_;
};

}  // namespace quiver
