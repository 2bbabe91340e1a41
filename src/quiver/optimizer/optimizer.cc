#include <quiver/optimizer/decorrelate_subqueries.h>
#include <quiver/optimizer/extract_equijoin_predicate.h>
#include <quiver/optimizer/optimizer.h>
#include <quiver/optimizer/propagate_empty_relation.h>
#include <quiver/optimizer/push_down_filter.h>
#include <quiver/optimizer/push_down_limit.h>
#include <quiver/optimizer/push_down_projection.h>
#include <quiver/optimizer/reorder_joins.h>
#include <quiver/optimizer/simplify_expressions.h>

namespace quiver {

Optimizer::Optimizer() {
  auto simplify = std::make_shared<SimplifyExpressions>();
  auto filter = std::make_shared<PushDownFilter>();
  auto equijoin = std::make_shared<ExtractEquijoinPredicate>();
  passes_ = {
      Pass{{simplify, std::make_shared<DecorrelateSubqueries>(), filter, equijoin}, true},
      Pass{{std::make_shared<ReorderJoins>()}, false},
      Pass{{filter, equijoin, simplify, std::make_shared<PropagateEmptyRelation>(),
            std::make_shared<PushDownLimit>()},
           true},
      Pass{{std::make_shared<PushDownProjection>()}, false},
  };
}

arrow::Result<std::shared_ptr<LogicalPlan>> Optimizer::optimize(
    const std::shared_ptr<LogicalPlan>& plan, const SessionConfig& config) const {
  std::shared_ptr<LogicalPlan> current = plan;
  for (const auto& pass : passes_) {
    std::string before = DisplayLogicalPlan(current);
    for (int round = 0; round < (pass.to_fixpoint ? kMaxIterations : 1); ++round) {
      for (const auto& rule : pass.rules) {
        auto next = rule->rewrite(current, config);
        if (!next.ok()) {
          return next.status().WithMessage("optimizer rule '", rule->name(),
                                           "' failed: ", next.status().message());
        }
        current = std::move(next).ValueUnsafe();
      }
      if (!pass.to_fixpoint) break;
      std::string after = DisplayLogicalPlan(current);
      if (after == before) break;
      before = std::move(after);
    }
  }
  // Rules keep the output schema; a change here is a bug in a rule.
  const auto& before = *plan->schema();
  const auto& after = *current->schema();
  bool same = before.num_fields() == after.num_fields();
  for (int i = 0; same && i < before.num_fields(); ++i) {
    same = before.field(i)->name() == after.field(i)->name() &&
           before.field(i)->type()->Equals(*after.field(i)->type());
  }
  if (!same) {
    return arrow::Status::Invalid("optimizer changed the plan's schema from ",
                                  plan->schema()->ToString(), " to ",
                                  current->schema()->ToString());
  }
  return current;
}

}  // namespace quiver
