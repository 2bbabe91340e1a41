#pragma once

#include <arrow/record_batch.h>
#include <arrow/status.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <utility>

namespace quiver {

/// \brief Base of the operators' streams: remembers the end (and errors) so `ReadNext` after
/// the end keeps returning nullptr, checks cancellation, and closes inputs once.
class PlanStream : public arrow::RecordBatchReader {
 public:
  PlanStream(std::shared_ptr<arrow::Schema> schema, TaskContextPtr ctx)
      : schema_(std::move(schema)), ctx_(std::move(ctx)) {}

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) final {
    *out = nullptr;
    if (finished_) return arrow::Status::OK();
    if (ctx_ && ctx_->is_cancelled()) {
      Finish();
      return arrow::Status::Cancelled("query cancelled");
    }
    arrow::Status st = Next(out);
    if (!st.ok() || *out == nullptr) {
      *out = nullptr;
      Finish();
    }
    return st;
  }

  arrow::Status Close() override {
    if (closed_) return arrow::Status::OK();
    finished_ = true;
    closed_ = true;
    return CloseInputs();
  }

 protected:
  /// Produces the next batch, or leaves `*out` null at the end.
  virtual arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) = 0;
  /// Releases inputs early (stop pulling, join threads).
  virtual arrow::Status CloseInputs() { return arrow::Status::OK(); }

  const TaskContextPtr& ctx() const { return ctx_; }

 private:
  void Finish() {
    finished_ = true;
    if (!closed_) {
      closed_ = true;
      (void)CloseInputs();
    }
  }

  std::shared_ptr<arrow::Schema> schema_;
  TaskContextPtr ctx_;
  bool finished_ = false;
  bool closed_ = false;
};

/// Schema of `plan`'s input or an empty schema for a null plan.
inline std::shared_ptr<arrow::Schema> SchemaOf(const ExecutionPlanPtr& plan) {
  return plan ? plan->schema() : arrow::schema({});
}

/// Checks `children` has exactly one entry (for single-input with_new_children).
inline arrow::Status CheckOneChild(std::string_view node,
                                   const std::vector<ExecutionPlanPtr>& children) {
  if (children.size() != 1 || !children[0]) {
    return arrow::Status::Invalid(node, " expects exactly one child, got ", children.size());
  }
  return arrow::Status::OK();
}

}  // namespace quiver
