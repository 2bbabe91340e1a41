#include <arrow/array/util.h>
#include <arrow/type.h>
#include <quiver/physical/empty/empty_exec.h>
#include <quiver/physical/plan_stream.h>

namespace quiver {
namespace {

class EmptyStream : public PlanStream {
 public:
  EmptyStream(std::shared_ptr<arrow::Schema> schema, bool one_row, TaskContextPtr ctx)
      : PlanStream(std::move(schema), std::move(ctx)), one_row_(one_row) {}

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override {
    if (!one_row_ || done_) return arrow::Status::OK();
    done_ = true;
    std::vector<std::shared_ptr<arrow::Array>> columns;
    for (const auto& f : schema()->fields()) {
      ARROW_ASSIGN_OR_RAISE(auto column, arrow::MakeArrayOfNull(f->type(), 1));
      columns.push_back(std::move(column));
    }
    *out = arrow::RecordBatch::Make(schema(), 1, std::move(columns));
    return arrow::Status::OK();
  }

 private:
  bool one_row_;
  bool done_ = false;
};

}  // namespace

arrow::Result<ExecutionPlanPtr> EmptyExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  if (!children.empty()) return arrow::Status::Invalid("EmptyExec has no children");
  return std::make_shared<EmptyExec>(schema_, produce_one_row_);
}

arrow::Result<RecordBatchStreamPtr> EmptyExec::execute(int partition,
                                                       const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  return std::make_shared<EmptyStream>(schema_, produce_one_row_, ctx);
}

std::string EmptyExec::to_string() const {
  return std::string("EmptyExec: produce_one_row=") + (produce_one_row_ ? "true" : "false");
}

}  // namespace quiver
