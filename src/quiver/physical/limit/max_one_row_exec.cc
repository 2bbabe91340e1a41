#include <arrow/array/util.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/physical/limit/max_one_row_exec.h>
#include <quiver/physical/plan_stream.h>

namespace quiver {
namespace {

class MaxOneRowStream : public PlanStream {
 public:
  MaxOneRowStream(std::shared_ptr<arrow::Schema> schema, RecordBatchStreamPtr input,
                  TaskContextPtr ctx)
      : PlanStream(std::move(schema), std::move(ctx)), input_(std::move(input)) {}

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override {
    if (done_) return arrow::Status::OK();
    done_ = true;
    std::shared_ptr<arrow::RecordBatch> row;
    while (true) {
      std::shared_ptr<arrow::RecordBatch> batch;
      ARROW_RETURN_NOT_OK(input_->ReadNext(&batch));
      if (!batch) break;
      if (batch->num_rows() == 0) continue;
      if (row || batch->num_rows() > 1) {
        return arrow::Status::Invalid("scalar subquery returned more than one row");
      }
      row = batch;
    }
    if (row) {
      *out = arrow::RecordBatch::Make(schema(), 1, row->columns());
      return arrow::Status::OK();
    }
    // No row: the subquery's value is NULL.
    std::vector<std::shared_ptr<arrow::Array>> columns;
    for (const auto& field : schema()->fields()) {
      ARROW_ASSIGN_OR_RAISE(auto nulls, arrow::MakeArrayOfNull(field->type(), 1));
      columns.push_back(std::move(nulls));
    }
    *out = arrow::RecordBatch::Make(schema(), 1, std::move(columns));
    return arrow::Status::OK();
  }
  arrow::Status CloseInputs() override { return input_->Close(); }

 private:
  RecordBatchStreamPtr input_;
  bool done_ = false;
};

}  // namespace

MaxOneRowExec::MaxOneRowExec(ExecutionPlanPtr input) : input_(std::move(input)) {
  arrow::FieldVector fields;
  for (const auto& f : input_->schema()->fields()) fields.push_back(f->WithNullable(true));
  schema_ = arrow::schema(std::move(fields));
}

Statistics MaxOneRowExec::statistics() const {
  Statistics one;
  one.num_rows = 1;
  one.exact = true;
  return one;
}

arrow::Result<ExecutionPlanPtr> MaxOneRowExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  ARROW_RETURN_NOT_OK(CheckOneChild(name(), children));
  return std::make_shared<MaxOneRowExec>(children[0]);
}

arrow::Result<RecordBatchStreamPtr> MaxOneRowExec::execute(int partition,
                                                           const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  if (input_->output_partition_count() != 1) {
    return arrow::Status::Invalid("MaxOneRowExec needs a single input partition, got ",
                                  input_->output_partition_count());
  }
  ARROW_ASSIGN_OR_RAISE(auto input, input_->execute(0, ctx));
  return std::make_shared<MaxOneRowStream>(schema_, std::move(input), ctx);
}

}  // namespace quiver
