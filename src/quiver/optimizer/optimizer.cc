#include <quiver/optimizer/optimizer.h>
#include <quiver/optimizer/push_down_filter.h>
#include <quiver/optimizer/push_down_limit.h>
#include <quiver/optimizer/push_down_projection.h>
#include <quiver/optimizer/simplify_expressions.h>

namespace quiver {

Optimizer::Optimizer()
    : rules_{std::make_shared<SimplifyExpressions>(), std::make_shared<PushDownLimit>(),
             std::make_shared<PushDownFilter>(), std::make_shared<PushDownProjection>()} {}

arrow::Result<std::shared_ptr<LogicalPlan>> Optimizer::optimize(
    const std::shared_ptr<LogicalPlan>& plan, const SessionConfig& config) const {
  std::shared_ptr<LogicalPlan> current = plan;
  for (const auto& rule : rules_) {
    auto next = rule->rewrite(current, config);
    if (!next.ok()) {
      return next.status().WithMessage("optimizer rule '", rule->name(),
                                       "' failed: ", next.status().message());
    }
    current = std::move(next).ValueUnsafe();
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
