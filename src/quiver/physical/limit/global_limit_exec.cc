#include <quiver/physical/limit/global_limit_exec.h>
#include <quiver/physical/limit/limit_stream.h>

namespace quiver {

std::shared_ptr<arrow::Schema> GlobalLimitExec::schema() const { return SchemaOf(input_); }

std::optional<LexOrdering> GlobalLimitExec::output_ordering() const {
  return input_->output_ordering();
}

arrow::Result<ExecutionPlanPtr> GlobalLimitExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  ARROW_RETURN_NOT_OK(CheckOneChild(name(), children));
  return std::make_shared<GlobalLimitExec>(children[0], skip_, fetch_);
}

arrow::Result<RecordBatchStreamPtr> GlobalLimitExec::execute(int partition,
                                                             const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  if (input_->output_partition_count() != 1) {
    return arrow::Status::Invalid("GlobalLimitExec needs a single input partition, got ",
                                  input_->output_partition_count(), " (coalesce or merge first)");
  }
  if (skip_ < 0 || (fetch_ && *fetch_ < 0)) {
    return arrow::Status::Invalid("GlobalLimitExec: negative skip or fetch");
  }
  ARROW_ASSIGN_OR_RAISE(auto input, input_->execute(0, ctx));
  return std::make_shared<LimitStream>(std::move(input), skip_, fetch_, ctx);
}

std::string GlobalLimitExec::to_string() const {
  return "GlobalLimitExec: skip=" + std::to_string(skip_) +
         ", fetch=" + (fetch_ ? std::to_string(*fetch_) : std::string("None"));
}

}  // namespace quiver
