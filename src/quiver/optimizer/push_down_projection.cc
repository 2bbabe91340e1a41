#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/logical_union.h>
#include <quiver/optimizer/push_down_projection.h>

#include <optional>

namespace quiver {
namespace {

// nullopt: every output column is needed.
using Required = std::optional<std::vector<Column>>;

void AddColumns(const LogicalExprPtr& expr, std::vector<Column>* out) {
  for (auto& c : ExprColumns(expr)) {
    bool seen = false;
    for (const auto& o : *out) seen = seen || o == c;
    if (!seen) out->push_back(std::move(c));
  }
}

arrow::Result<LogicalPlanPtr> Prune(const LogicalPlanPtr& plan, const Required& required) {
  switch (plan->kind()) {
    case LogicalPlanKind::kTableScan: {
      if (!required) return plan;
      const auto& scan = static_cast<const LogicalTableScan&>(*plan);
      const LogicalSchema& source = scan.source_schema();
      std::vector<int> indices;
      for (int i = 0; i < source.num_fields(); ++i) {
        for (const auto& col : *required) {
          if (col.name == source.field(i)->name() &&
              (col.relation.empty() || col.relation == source.qualifier(i))) {
            indices.push_back(i);
            break;
          }
        }
      }
      if (indices.empty() && source.num_fields() > 0) indices.push_back(0);
      if (scan.projection() && *scan.projection() == indices) return plan;
      ARROW_ASSIGN_OR_RAISE(auto out,
                            LogicalTableScan::Make(scan.table_name(), scan.provider(), indices,
                                                   scan.filters(), scan.fetch()));
      return out;
    }
    case LogicalPlanKind::kProjection: {
      // Only the expressions the parent reads (at least one, so the row count survives).
      const auto& projection = static_cast<const LogicalProjection&>(*plan);
      std::vector<LogicalExprPtr> kept;
      if (required) {
        const LogicalSchema& out = plan->logical_schema();
        for (int i = 0; i < out.num_fields(); ++i) {
          bool wanted = false;
          for (const auto& c : *required) {
            auto found = out.find(c);
            wanted = wanted || (found.ok() && *found && **found == i);
          }
          if (wanted) kept.push_back(projection.exprs()[i]);
        }
        if (kept.empty()) kept.push_back(projection.exprs()[0]);
      } else {
        kept = projection.exprs();
      }
      std::vector<Column> child;
      for (const auto& e : kept) AddColumns(e, &child);
      ARROW_ASSIGN_OR_RAISE(auto input, Prune(projection.input(), child));
      if (input == projection.input() && kept.size() == projection.exprs().size()) return plan;
      ARROW_ASSIGN_OR_RAISE(auto out, LogicalProjection::Make(std::move(kept), std::move(input)));
      return out;
    }
    case LogicalPlanKind::kAggregate: {
      // Their outputs are computed from their expressions only.
      std::vector<Column> child;
      for (const auto& e : plan->expressions()) AddColumns(e, &child);
      ARROW_ASSIGN_OR_RAISE(auto input, Prune(plan->inputs()[0], child));
      if (input == plan->inputs()[0]) return plan;
      return plan->with_new_inputs({std::move(input)});
    }
    case LogicalPlanKind::kJoin: {
      const auto& join = static_cast<const LogicalJoin&>(*plan);
      if (!required) break;
      // Each side: what the parent needs of it plus what the keys and condition use.
      const LogicalSchema& ls = join.left()->logical_schema();
      const LogicalSchema& rs = join.right()->logical_schema();
      std::vector<Column> all = *required;
      for (const auto& e : join.expressions()) AddColumns(e, &all);
      std::vector<Column> left, right;
      for (const auto& c : all) {
        auto l = ls.find(c);
        auto r = rs.find(c);
        if (l.ok() && *l) left.push_back(c);
        if (r.ok() && *r) right.push_back(c);
      }
      ARROW_ASSIGN_OR_RAISE(auto new_left, Prune(join.left(), left));
      ARROW_ASSIGN_OR_RAISE(auto new_right, Prune(join.right(), right));
      if (new_left == join.left() && new_right == join.right()) return plan;
      ARROW_ASSIGN_OR_RAISE(auto out, join.with(new_left, new_right, join.on(), join.filter()));
      return out;
    }
    case LogicalPlanKind::kSubqueryAlias: {
      if (!required) break;
      // The alias's columns are its input's, by position.
      auto input = plan->inputs()[0];
      const LogicalSchema& out = plan->logical_schema();
      std::vector<Column> child;
      for (const auto& c : *required) {
        auto found = out.find(c);
        if (found.ok() && *found) child.push_back(input->logical_schema().column(**found));
      }
      ARROW_ASSIGN_OR_RAISE(auto pruned, Prune(input, child));
      if (pruned == input) return plan;
      return plan->with_new_inputs({std::move(pruned)});
    }
    case LogicalPlanKind::kFilter:
    case LogicalPlanKind::kSort:
    case LogicalPlanKind::kMaxOneRow:
    case LogicalPlanKind::kLimit: {
      // Output = input columns: the parent's needs plus the node's own.
      Required child = required;
      if (child) {
        for (const auto& e : plan->expressions()) AddColumns(e, &*child);
      }
      ARROW_ASSIGN_OR_RAISE(auto input, Prune(plan->inputs()[0], child));
      if (input == plan->inputs()[0]) return plan;
      return plan->with_new_inputs({std::move(input)});
    }
    default:
      break;
  }
  // Every column of every input (unions align their inputs by position).
  auto inputs = plan->inputs();
  if (inputs.empty()) return plan;
  bool changed = false;
  std::vector<LogicalPlanPtr> new_inputs;
  for (const auto& input : inputs) {
    ARROW_ASSIGN_OR_RAISE(auto pruned, Prune(input, std::nullopt));
    changed = changed || pruned != input;
    new_inputs.push_back(std::move(pruned));
  }
  if (!changed) return plan;
  return plan->with_new_inputs(std::move(new_inputs));
}

}  // namespace

arrow::Result<LogicalPlanPtr> PushDownProjection::rewrite(const LogicalPlanPtr& plan,
                                                          const SessionConfig&) const {
  return Prune(plan, std::nullopt);
}

}  // namespace quiver
