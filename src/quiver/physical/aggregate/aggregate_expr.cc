#include <quiver/physical/aggregate/aggregate_expr.h>

namespace quiver {

const char* AggregateModeName(AggregateMode mode) {
  switch (mode) {
    case AggregateMode::kPartial:
      return "Partial";
    case AggregateMode::kFinal:
      return "Final";
    case AggregateMode::kSingle:
      return "Single";
  }
  return "?";
}

std::string AggregateExpr::to_string() const {
  std::string out = (fn ? fn->name() : std::string("<null>")) + "(";
  if (distinct) out += "DISTINCT ";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ", ";
    out += args[i] ? args[i]->to_string() : "<null>";
  }
  return out + ")";
}

}  // namespace quiver
