#include <quiver/physical/joins/join_schema.h>
#include <quiver/physical/joins/join_shared_state.h>
#include <quiver/physical/joins/nested_loop_join_exec.h>
#include <quiver/physical/joins/nested_loop_join_stream.h>

#include <algorithm>

namespace quiver {
namespace {

// Joins whose every output row comes from one probe row, decided in its probe partition.
bool DecidedPerProbeRow(JoinType t) {
  return t == JoinType::kInner || t == JoinType::kRight || t == JoinType::kRightSemi ||
         t == JoinType::kRightAnti || t == JoinType::kRightMark;
}

}  // namespace

NestedLoopJoinExec::NestedLoopJoinExec(ExecutionPlanPtr left, ExecutionPlanPtr right,
                                       std::optional<JoinFilter> filter, JoinType join_type)
    : left_(std::move(left)),
      right_(std::move(right)),
      filter_(std::move(filter)),
      join_type_(join_type),
      schema_(JoinOutputSchema(*left_->schema(), *right_->schema(), join_type_)),
      state_(std::make_shared<JoinSharedState>(right_->output_partition_count())) {}

arrow::Result<std::shared_ptr<NestedLoopJoinExec>> NestedLoopJoinExec::Make(
    ExecutionPlanPtr left, ExecutionPlanPtr right, std::optional<JoinFilter> filter,
    JoinType join_type) {
  if (!left || !right) return arrow::Status::Invalid("NestedLoopJoinExec needs two inputs");
  if (filter) ARROW_RETURN_NOT_OK(ValidateJoinFilter(*filter, *left->schema(), *right->schema()));
  return std::shared_ptr<NestedLoopJoinExec>(
      new NestedLoopJoinExec(std::move(left), std::move(right), std::move(filter), join_type));
}

Partitioning NestedLoopJoinExec::output_partitioning() const {
  Partitioning right = right_->output_partitioning();  // once: see HashJoinExec
  const int n = right.partition_count;
  if (right.kind != Partitioning::Kind::kHash || !DecidedPerProbeRow(join_type_)) {
    return Partitioning::Unknown(n);
  }
  if (join_type_ == JoinType::kInner || join_type_ == JoinType::kRight) {
    return ShiftPartitioning(right, left_->schema()->num_fields());
  }
  return right;
}

std::vector<Distribution> NestedLoopJoinExec::required_input_distribution() const {
  if (DecidedPerProbeRow(join_type_)) {
    return {Distribution::Broadcast(), Distribution::Unspecified()};
  }
  return {Distribution::SinglePartition(), Distribution::SinglePartition()};
}

Statistics NestedLoopJoinExec::statistics() const {
  const Statistics l = left_->statistics();
  const Statistics r = right_->statistics();
  Statistics out;
  switch (join_type_) {
    case JoinType::kLeftSemi:
    case JoinType::kLeftAnti:
    case JoinType::kLeftMark:
      out = l;
      break;
    case JoinType::kRightSemi:
    case JoinType::kRightAnti:
    case JoinType::kRightMark:
      out = r;
      break;
    default:
      if (l.num_rows && r.num_rows) {
        // Without a filter every pair; with one, an unknown selectivity: assume the larger
        // side (a band or range join is usually about that selective).
        out.num_rows = filter_ ? std::max(*l.num_rows, *r.num_rows) : *l.num_rows * *r.num_rows;
        if (join_type_ == JoinType::kLeft || join_type_ == JoinType::kFull) {
          out.num_rows = std::max(*out.num_rows, *l.num_rows);
        }
        if (join_type_ == JoinType::kRight || join_type_ == JoinType::kFull) {
          out.num_rows = std::max(*out.num_rows, *r.num_rows);
        }
      }
      break;
  }
  out.total_byte_size.reset();
  out.exact = false;
  return out;
}

arrow::Result<ExecutionPlanPtr> NestedLoopJoinExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  if (children.size() != 2) {
    return arrow::Status::Invalid("NestedLoopJoinExec expects two children, got ", children.size());
  }
  return Make(children[0], children[1], filter_, join_type_);
}

arrow::Result<RecordBatchStreamPtr> NestedLoopJoinExec::execute(int partition,
                                                                const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  if (left_->output_partition_count() != 1) {
    return arrow::Status::Invalid("NestedLoopJoinExec needs a single left partition, got ",
                                  left_->output_partition_count());
  }
  ARROW_ASSIGN_OR_RAISE(auto probe, right_->execute(partition, ctx));
  return std::make_shared<NestedLoopJoinStream>(schema_, left_, filter_, join_type_,
                                                right_->schema()->num_fields(), std::move(probe),
                                                state_, ctx);
}

std::string NestedLoopJoinExec::to_string() const {
  std::string out = "NestedLoopJoinExec: join_type=";
  out += JoinTypeName(join_type_);
  if (filter_) out += ", filter=" + filter_->to_string();
  return out;
}

}  // namespace quiver
