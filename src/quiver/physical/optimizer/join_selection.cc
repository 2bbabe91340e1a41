#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/joins/cross_join_exec.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/joins/nested_loop_join_exec.h>
#include <quiver/physical/optimizer/join_selection.h>
#include <quiver/physical/projection/projection_exec.h>

#include <optional>

namespace quiver {

bool CollectLeftIsSafe(JoinType type) {
  return type == JoinType::kInner || type == JoinType::kRight || type == JoinType::kRightSemi ||
         type == JoinType::kRightAnti || type == JoinType::kRightMark;
}

namespace {

// A comparable size: bytes when both sides know them, else rows; nullopt when unknown.
struct Sizes {
  double left = 0, right = 0;
  bool by_bytes = false;
};

std::optional<Sizes> SizesOf(const ExecutionPlan& left, const ExecutionPlan& right) {
  auto l = left.statistics(), r = right.statistics();
  if (l.total_byte_size && r.total_byte_size) {
    return Sizes{double(*l.total_byte_size), double(*r.total_byte_size), true};
  }
  if (l.num_rows && r.num_rows) return Sizes{double(*l.num_rows), double(*r.num_rows), false};
  return std::nullopt;
}

bool Small(const ExecutionPlan& side, const SessionConfig& config) {
  auto s = side.statistics();
  if (s.total_byte_size) return *s.total_byte_size <= config.hash_join_single_partition_threshold;
  if (s.num_rows) return *s.num_rows <= config.hash_join_single_partition_threshold_rows;
  return false;
}

std::optional<JoinFilter> SwapFilter(const std::optional<JoinFilter>& filter) {
  if (!filter) return filter;
  JoinFilter out = *filter;
  for (auto& c : out.column_indices) {
    c.side = c.side == JoinSide::kLeft ? JoinSide::kRight : JoinSide::kLeft;
  }
  return out;
}

bool OutputsBothSides(JoinType type) {
  return type == JoinType::kInner || type == JoinType::kLeft || type == JoinType::kRight ||
         type == JoinType::kFull;
}

// Over a swapped join that outputs right then left columns: left then right again, with the
// original names.
arrow::Result<ExecutionPlanPtr> RestoreOrder(ExecutionPlanPtr swapped,
                                             const arrow::Schema& original, int left_fields) {
  const int right_fields = original.num_fields() - left_fields;
  std::vector<ProjectionExec::NamedExpr> exprs;
  for (int i = 0; i < original.num_fields(); ++i) {
    const int from = i < left_fields ? right_fields + i : i - left_fields;
    exprs.emplace_back(std::make_shared<ColumnExpr>(original.field(i)->name(), from),
                       original.field(i)->name());
  }
  ARROW_ASSIGN_OR_RAISE(auto projection,
                        ProjectionExec::Make(std::move(exprs), std::move(swapped)));
  return projection;
}

arrow::Result<ExecutionPlanPtr> SelectHashJoin(const HashJoinExec& join,
                                               const SessionConfig& config) {
  if (join.mode() != PartitionMode::kPartitioned || join.null_aware()) return nullptr;
  auto sizes = SizesOf(*join.left(), *join.right());
  if (!sizes) return nullptr;
  const JoinType type = join.join_type();
  const JoinType swapped_type = SwapJoinType(type);
  const bool broadcast = config.distributed_broadcast_joins;
  // Collect-left candidates: the left as it is, or the right after a swap.
  const bool keep_collect = broadcast && CollectLeftIsSafe(type) && Small(*join.left(), config);
  const bool swap_collect =
      broadcast && CollectLeftIsSafe(swapped_type) && Small(*join.right(), config);
  bool swap = false;
  PartitionMode mode = PartitionMode::kPartitioned;
  if (keep_collect || swap_collect) {
    mode = PartitionMode::kCollectLeft;
    swap = swap_collect && (!keep_collect || sizes->right < sizes->left);
  } else {
    swap = sizes->right < sizes->left;  // build the hash table on the smaller side
  }
  if (!swap && mode == join.mode()) return nullptr;
  if (!swap) {
    return HashJoinExec::Make(join.left(), join.right(), join.on(), join.filter(), type, mode,
                              join.null_equals_null(), join.null_aware());
  }
  JoinOn on;
  for (const auto& [l, r] : join.on()) on.emplace_back(r, l);
  ARROW_ASSIGN_OR_RAISE(
      auto swapped,
      HashJoinExec::Make(join.right(), join.left(), std::move(on), SwapFilter(join.filter()),
                         swapped_type, mode, join.null_equals_null(), join.null_aware()));
  if (!OutputsBothSides(type)) return swapped;
  return RestoreOrder(swapped, *join.schema(), join.left()->schema()->num_fields());
}

arrow::Result<ExecutionPlanPtr> SelectNestedLoopJoin(const NestedLoopJoinExec& join) {
  auto sizes = SizesOf(*join.left(), *join.right());
  if (!sizes || sizes->right >= sizes->left) return nullptr;
  const JoinType swapped_type = SwapJoinType(join.join_type());
  // Only where the smaller side can then be shared by the probe partitions.
  if (!CollectLeftIsSafe(swapped_type)) return nullptr;
  ARROW_ASSIGN_OR_RAISE(
      auto swapped,
      NestedLoopJoinExec::Make(join.right(), join.left(), SwapFilter(join.filter()), swapped_type));
  if (!OutputsBothSides(join.join_type())) return swapped;
  return RestoreOrder(swapped, *join.schema(), join.left()->schema()->num_fields());
}

arrow::Result<ExecutionPlanPtr> SelectCrossJoin(const CrossJoinExec& join) {
  auto sizes = SizesOf(*join.left(), *join.right());
  if (!sizes || sizes->right >= sizes->left) return nullptr;
  auto swapped = std::make_shared<CrossJoinExec>(join.right(), join.left());
  return RestoreOrder(swapped, *join.schema(), join.left()->schema()->num_fields());
}

}  // namespace

arrow::Result<ExecutionPlanPtr> JoinSelection::optimize(const ExecutionPlanPtr& plan,
                                                        const SessionConfig& config) const {
  return TransformPhysicalUp(
      plan, [&](const ExecutionPlanPtr& node) -> arrow::Result<ExecutionPlanPtr> {
        ExecutionPlanPtr chosen;
        if (auto* hash = dynamic_cast<const HashJoinExec*>(node.get())) {
          ARROW_ASSIGN_OR_RAISE(chosen, SelectHashJoin(*hash, config));
        } else if (auto* nlj = dynamic_cast<const NestedLoopJoinExec*>(node.get())) {
          ARROW_ASSIGN_OR_RAISE(chosen, SelectNestedLoopJoin(*nlj));
        } else if (auto* cross = dynamic_cast<const CrossJoinExec*>(node.get())) {
          ARROW_ASSIGN_OR_RAISE(chosen, SelectCrossJoin(*cross));
        }
        return chosen ? chosen : node;
      });
}

}  // namespace quiver
