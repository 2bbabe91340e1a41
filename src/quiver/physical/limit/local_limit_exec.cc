#include <quiver/physical/limit/limit_stream.h>
#include <quiver/physical/limit/local_limit_exec.h>

namespace quiver {

std::shared_ptr<arrow::Schema> LocalLimitExec::schema() const { return SchemaOf(input_); }

Partitioning LocalLimitExec::output_partitioning() const { return input_->output_partitioning(); }

std::optional<LexOrdering> LocalLimitExec::output_ordering() const {
  return input_->output_ordering();
}

arrow::Result<ExecutionPlanPtr> LocalLimitExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  ARROW_RETURN_NOT_OK(CheckOneChild(name(), children));
  return std::make_shared<LocalLimitExec>(children[0], fetch_);
}

arrow::Result<RecordBatchStreamPtr> LocalLimitExec::execute(int partition,
                                                            const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  if (fetch_ < 0) return arrow::Status::Invalid("LocalLimitExec: negative fetch ", fetch_);
  ARROW_ASSIGN_OR_RAISE(auto input, input_->execute(partition, ctx));
  return std::make_shared<LimitStream>(std::move(input), 0, fetch_, ctx);
}

std::string LocalLimitExec::to_string() const {
  return "LocalLimitExec: fetch=" + std::to_string(fetch_);
}

}  // namespace quiver
