#pragma once

#include <quiver/physical/batch_coalescer.h>
#include <quiver/physical/plan_stream.h>

namespace quiver {

/// \brief Wraps an operator's stream so its small batches leave gathered into batches of the
/// session's batch size (DataFusion's CoalesceBatches, kept inside the operators that thin
/// their input — selective joins — instead of a plan node of its own).
class CoalesceBatchesStream : public PlanStream {
 public:
  CoalesceBatchesStream(RecordBatchStreamPtr input, TaskContextPtr ctx);

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override;
  arrow::Status CloseInputs() override;

 private:
  RecordBatchStreamPtr input_;
  BatchCoalescer coalescer_;
  bool input_done_ = false;
};

/// `input` wrapped in a CoalesceBatchesStream.
RecordBatchStreamPtr CoalesceBatches(RecordBatchStreamPtr input, const TaskContextPtr& ctx);

}  // namespace quiver
