#pragma once

#include <quiver/functions/aggregate_function.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver {

/// \brief Which half of a (possibly split) aggregation a HashAggregateExec performs.
enum class AggregateMode {
  kPartial,  ///< raw rows in, group columns + state columns out
  kFinal,    ///< partial output in (groups first, states positionally), final values out
  kSingle,   ///< raw rows in, final values out (no split; supports DISTINCT)
};

/// "Partial", "Final", "Single".
const char* AggregateModeName(AggregateMode mode);

/// \brief One aggregate call of a HashAggregateExec, e.g. `sum(l_quantity)`.
struct AggregateExpr {
  std::shared_ptr<AggregateFunction> fn;
  /// Arguments over the raw input (empty for count(*)); in kFinal kept for display only.
  std::vector<PhysicalExprPtr> args;
  /// Types of `args` over the raw input (also in kFinal, to type the states).
  DataTypeVector arg_types;
  bool distinct = false;
  /// Output column name; partial state columns are `name[i]`.
  std::string name;

  /// Display form, e.g. `sum(l_quantity@4)` or `count(DISTINCT x@0)`.
  std::string to_string() const;
};

}  // namespace quiver
