#include <quiver/physical/expressions/dynamic_filter_expr.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/optimizer/dynamic_filter_pushdown.h>

namespace quiver {
namespace {

bool ProbeRowsWithoutMatchAreDropped(JoinType type) {
  return type == JoinType::kInner || type == JoinType::kLeft || type == JoinType::kLeftSemi ||
         type == JoinType::kLeftAnti || type == JoinType::kLeftMark || type == JoinType::kRightSemi;
}

}  // namespace

arrow::Result<ExecutionPlanPtr> DynamicFilterPushdown::optimize(const ExecutionPlanPtr& plan,
                                                                const SessionConfig&) const {
  return TransformPhysicalUp(
      plan, [](const ExecutionPlanPtr& node) -> arrow::Result<ExecutionPlanPtr> {
        auto* join = dynamic_cast<const HashJoinExec*>(node.get());
        if (!join || join->dynamic_filter() || join->null_equals_null() ||
            !ProbeRowsWithoutMatchAreDropped(join->join_type())) {
          return node;
        }
        auto filter = std::make_shared<DynamicFilterExpr>(join->right_keys());
        ARROW_ASSIGN_OR_RAISE(auto probe, join->right()->try_push_dynamic_filter(filter));
        if (!probe) return node;  // it reaches no scan: no use
        auto with_filter =
            HashJoinExec::Make(join->left(), probe, join->on(), join->filter(), join->join_type(),
                               join->mode(), join->null_equals_null(), join->null_aware(), filter);
        if (!with_filter.ok()) return node;  // a combination the join does not take
        return ExecutionPlanPtr(*with_filter);
      });
}

}  // namespace quiver
