#pragma once

#include <arrow/result.h>
#include <quiver/common/config.h>
#include <quiver/logical/logical_plan.h>
#include <quiver/optimizer/optimizer_rule.h>

#include <memory>
#include <vector>

namespace quiver {

/// \brief Runs the logical rewrite rules in passes; a pass either runs its rules once or
/// repeats them until the plan stops changing (a fixpoint, at most `kMaxIterations` rounds):
///
/// 1. to a fixpoint: simplify_expressions, decorrelate_subqueries, push_down_filter,
///    extract_equijoin_predicate (subqueries become joins, WHERE conjuncts reach the joins
///    and become keys);
/// 2. once: reorder_joins (from estimated cardinalities);
/// 3. to a fixpoint: push_down_filter, extract_equijoin_predicate, simplify_expressions,
///    push_down_limit;
/// 4. once: push_down_projection.
///
/// The result has the same output schema as the input plan.
class Optimizer {
 public:
  struct Pass {
    std::vector<std::shared_ptr<OptimizerRule>> rules;
    bool to_fixpoint = false;
  };
  static constexpr int kMaxIterations = 8;

  /// The default passes.
  Optimizer();
  explicit Optimizer(std::vector<Pass> passes) : passes_(std::move(passes)) {}
  /// One pass running `rules` once, in order.
  explicit Optimizer(std::vector<std::shared_ptr<OptimizerRule>> rules)
      : passes_{Pass{std::move(rules), false}} {}

  arrow::Result<std::shared_ptr<LogicalPlan>> optimize(const std::shared_ptr<LogicalPlan>& plan,
                                                       const SessionConfig& config) const;

  const std::vector<Pass>& passes() const { return passes_; }

 private:
  std::vector<Pass> passes_;
};

}  // namespace quiver
