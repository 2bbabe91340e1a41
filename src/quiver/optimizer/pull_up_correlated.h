#pragma once

#include <arrow/result.h>
#include <quiver/logical/logical_plan.h>

#include <vector>

namespace quiver {

/// \brief A subquery plan with its correlated predicates taken out (DataFusion's
/// PullUpCorrelatedExpr): `plan` no longer refers to the enclosing query; `predicates` (over
/// `plan`'s output columns and outer columns) say how its rows relate to the enclosing row.
struct PulledSubquery {
  LogicalPlanPtr plan;
  std::vector<LogicalExprPtr> predicates;
  /// True when an aggregate had the correlation columns added to its GROUP BY (so the
  /// subquery yields one row per correlation key rather than one row overall).
  bool grouped_by_correlation = false;
};

/// Pulls the correlated conjuncts of `plan`'s filters up to its top, through projections
/// (which then also output the columns the predicates use), aggregates (grouped by those
/// columns; only equalities), subquery aliases and inner joins. NotImplemented when a
/// correlated reference sits anywhere else (a projected expression, a join condition, below a
/// limit or an outer join's padded side).
arrow::Result<PulledSubquery> PullUpCorrelated(const LogicalPlanPtr& plan);

/// For `a = b` with one side made of outer columns only and the other of inner columns only,
/// the inner side; else null.
LogicalExprPtr InnerSideOfEquality(const LogicalExprPtr& pred);

/// `expr` with every outer column as a plain column (resolved against the enclosing query).
arrow::Result<LogicalExprPtr> OuterToColumns(const LogicalExprPtr& expr);

/// `expr` with columns of `schema` re-qualified by `alias` (as a LogicalSubqueryAlias over a
/// plan with that schema shows them); other columns are kept.
arrow::Result<LogicalExprPtr> Requalify(const LogicalExprPtr& expr, const LogicalSchema& schema,
                                        const std::string& alias);

}  // namespace quiver
