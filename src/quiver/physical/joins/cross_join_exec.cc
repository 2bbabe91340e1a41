#include <quiver/physical/joins/cross_join_exec.h>
#include <quiver/physical/joins/join_schema.h>
#include <quiver/physical/joins/join_shared_state.h>
#include <quiver/physical/joins/nested_loop_join_stream.h>
#include <quiver/physical/plan_stream.h>

namespace quiver {

CrossJoinExec::CrossJoinExec(ExecutionPlanPtr left, ExecutionPlanPtr right)
    : left_(std::move(left)),
      right_(std::move(right)),
      schema_(JoinOutputSchema(*SchemaOf(left_), *SchemaOf(right_), JoinType::kInner)),
      state_(std::make_shared<JoinSharedState>(right_ ? right_->output_partition_count() : 1)) {}

Partitioning CrossJoinExec::output_partitioning() const {
  if (!left_ || !right_) return Partitioning::Unknown(1);
  Partitioning right = right_->output_partitioning();
  if (right.kind != Partitioning::Kind::kHash) return Partitioning::Unknown(right.partition_count);
  return ShiftPartitioning(right, left_->schema()->num_fields());
}

std::vector<Distribution> CrossJoinExec::required_input_distribution() const {
  return {Distribution::Broadcast(), Distribution::Unspecified()};
}

Statistics CrossJoinExec::statistics() const {
  if (!left_ || !right_) return Statistics::Unknown();
  const Statistics l = left_->statistics();
  const Statistics r = right_->statistics();
  Statistics out;
  if (l.num_rows && r.num_rows) {
    out.num_rows = *l.num_rows * *r.num_rows;
    if (l.total_byte_size && r.total_byte_size) {
      // Each left row appears once per right row and vice versa.
      out.total_byte_size = *l.total_byte_size * *r.num_rows + *r.total_byte_size * *l.num_rows;
    }
    out.exact = l.exact && r.exact;
  }
  return out;
}

arrow::Result<ExecutionPlanPtr> CrossJoinExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  if (children.size() != 2 || !children[0] || !children[1]) {
    return arrow::Status::Invalid("CrossJoinExec expects two children, got ", children.size());
  }
  return std::make_shared<CrossJoinExec>(children[0], children[1]);
}

arrow::Result<RecordBatchStreamPtr> CrossJoinExec::execute(int partition,
                                                           const TaskContextPtr& ctx) const {
  if (!left_ || !right_) return arrow::Status::Invalid("CrossJoinExec needs two inputs");
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  if (left_->output_partition_count() != 1) {
    return arrow::Status::Invalid("CrossJoinExec needs a single left partition, got ",
                                  left_->output_partition_count());
  }
  ARROW_ASSIGN_OR_RAISE(auto probe, right_->execute(partition, ctx));
  // A cross join is a nested loop join in which every pair matches.
  return std::make_shared<NestedLoopJoinStream>(schema_, left_, std::nullopt, JoinType::kInner,
                                                right_->schema()->num_fields(), std::move(probe),
                                                state_, ctx);
}

}  // namespace quiver
