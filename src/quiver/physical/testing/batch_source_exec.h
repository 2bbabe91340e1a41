#pragma once

// Test support (header-only, used by *_test.cc): a leaf plan serving given batches.

#include <arrow/record_batch.h>
#include <arrow/status.h>
#include <quiver/physical/execution_plan.h>
#include <quiver/physical/plan_stream.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver::testing {

/// \brief Leaf ExecutionPlan serving fixed batches per partition, counting how many batches
/// were pulled (so tests can check laziness and early stop), optionally failing after a number
/// of batches.
class BatchSourceExec : public ExecutionPlan {
 public:
  using Partitions = std::vector<std::vector<std::shared_ptr<arrow::RecordBatch>>>;

  BatchSourceExec(std::shared_ptr<arrow::Schema> schema, Partitions partitions,
                  std::optional<LexOrdering> ordering = std::nullopt)
      : schema_(std::move(schema)),
        partitions_(std::move(partitions)),
        ordering_(std::move(ordering)),
        pulled_(std::make_shared<std::atomic<int>>(0)) {}

  /// After `n` batches (per partition), ReadNext fails with `error`.
  void fail_after(int n, arrow::Status error) {
    fail_after_ = n;
    error_ = std::move(error);
  }
  /// Batches pulled so far, over all partitions.
  int pulled() const { return pulled_->load(); }

  std::string_view name() const override { return "BatchSourceExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  Partitioning output_partitioning() const override {
    return Partitioning::Unknown(static_cast<int>(partitions_.size()));
  }
  std::optional<LexOrdering> output_ordering() const override { return ordering_; }
  std::vector<ExecutionPlanPtr> children() const override { return {}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(std::vector<ExecutionPlanPtr>) const override {
    return std::make_shared<BatchSourceExec>(*this);
  }
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override {
    ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
    return std::make_shared<Stream>(schema_, partitions_[partition], fail_after_, error_, pulled_,
                                    ctx);
  }
  std::string to_string() const override {
    return "BatchSourceExec: partitions=" + std::to_string(partitions_.size());
  }

 private:
  class Stream : public PlanStream {
   public:
    Stream(std::shared_ptr<arrow::Schema> schema,
           std::vector<std::shared_ptr<arrow::RecordBatch>> batches, int fail_after,
           arrow::Status error, std::shared_ptr<std::atomic<int>> pulled, TaskContextPtr ctx)
        : PlanStream(std::move(schema), std::move(ctx)),
          batches_(std::move(batches)),
          fail_after_(fail_after),
          error_(std::move(error)),
          pulled_(std::move(pulled)) {}

   protected:
    arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override {
      if (fail_after_ >= 0 && next_ >= static_cast<size_t>(fail_after_)) return error_;
      if (next_ >= batches_.size()) return arrow::Status::OK();
      pulled_->fetch_add(1);
      *out = batches_[next_++];
      return arrow::Status::OK();
    }

   private:
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches_;
    size_t next_ = 0;
    int fail_after_;
    arrow::Status error_;
    std::shared_ptr<std::atomic<int>> pulled_;
  };

  std::shared_ptr<arrow::Schema> schema_;
  Partitions partitions_;
  std::optional<LexOrdering> ordering_;
  int fail_after_ = -1;
  arrow::Status error_;
  std::shared_ptr<std::atomic<int>> pulled_;
};

}  // namespace quiver::testing
