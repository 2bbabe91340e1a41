#include <quiver/logical/logical_limit.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_sort.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/optimizer/push_down_limit.h>

#include <algorithm>

namespace quiver {
namespace {

arrow::Result<LogicalPlanPtr> PushLimit(const LogicalPlanPtr& node) {
  if (node->kind() != LogicalPlanKind::kLimit) return node;
  const auto& limit = static_cast<const LogicalLimit&>(*node);
  if (!limit.fetch()) return node;
  const int64_t needed = *limit.rows_needed();
  const LogicalPlanPtr& input = limit.input();
  switch (input->kind()) {
    case LogicalPlanKind::kProjection: {
      ARROW_ASSIGN_OR_RAISE(auto inner,
                            LogicalLimit::Make(input->inputs()[0], limit.skip(), limit.fetch()));
      ARROW_ASSIGN_OR_RAISE(auto pushed, PushLimit(inner));
      return input->with_new_inputs({std::move(pushed)});
    }
    case LogicalPlanKind::kSort: {
      const auto& sort = static_cast<const LogicalSort&>(*input);
      int64_t fetch = sort.fetch() ? std::min(*sort.fetch(), needed) : needed;
      ARROW_ASSIGN_OR_RAISE(auto top_k, LogicalSort::Make(sort.input(), sort.exprs(), fetch));
      if (limit.skip() == 0 && fetch <= *limit.fetch()) return top_k;
      return node->with_new_inputs({std::move(top_k)});
    }
    case LogicalPlanKind::kTableScan: {
      const auto& scan = static_cast<const LogicalTableScan&>(*input);
      if (scan.fetch() && *scan.fetch() <= needed) return node;
      ARROW_ASSIGN_OR_RAISE(auto new_scan,
                            LogicalTableScan::Make(scan.table_name(), scan.provider(),
                                                   scan.projection(), scan.filters(), needed));
      return node->with_new_inputs({std::move(new_scan)});
    }
    default:
      return node;
  }
}

}  // namespace

arrow::Result<LogicalPlanPtr> PushDownLimit::rewrite(const LogicalPlanPtr& plan,
                                                     const SessionConfig&) const {
  return TransformPlanUp(plan, PushLimit);
}

}  // namespace quiver
