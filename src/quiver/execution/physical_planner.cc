#include <arrow/type.h>
#include <quiver/datasource/table_provider.h>
#include <quiver/execution/physical_planner.h>
#include <quiver/logical/create_physical_expr.h>
#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_empty_relation.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_limit.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_sort.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/logical_union.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/empty/empty_exec.h>
#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/filter/filter_exec.h>
#include <quiver/physical/joins/cross_join_exec.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/joins/nested_loop_join_exec.h>
#include <quiver/physical/limit/global_limit_exec.h>
#include <quiver/physical/limit/local_limit_exec.h>
#include <quiver/physical/limit/max_one_row_exec.h>
#include <quiver/physical/optimizer/physical_optimizer.h>
#include <quiver/physical/projection/projection_exec.h>
#include <quiver/physical/sort/sort_exec.h>
#include <quiver/physical/union/union_exec.h>

namespace quiver {
namespace {

using NamedExpr = std::pair<PhysicalExprPtr, std::string>;

// A projection that passes every input column through unchanged, in order, under the same
// names (e.g. selecting all columns the pruned scan produces) needs no operator.
bool IsIdentity(const LogicalProjection& projection) {
  const LogicalSchema& in = projection.input()->logical_schema();
  if (static_cast<int>(projection.exprs().size()) != in.num_fields()) return false;
  for (int i = 0; i < in.num_fields(); ++i) {
    const auto& e = projection.exprs()[i];
    if (!e->is(LogicalExprKind::kColumn)) return false;
    auto index = in.find(e->column());
    if (!index.ok() || !*index || **index != i) return false;
  }
  return true;
}

class Lowering {
 public:
  Lowering(const SessionConfig& config) : config_(config) {}

  arrow::Result<ExecutionPlanPtr> plan(const LogicalPlanPtr& node) {
    switch (node->kind()) {
      case LogicalPlanKind::kTableScan:
        return scan(static_cast<const LogicalTableScan&>(*node));
      case LogicalPlanKind::kFilter: {
        const auto& filter = static_cast<const LogicalFilter&>(*node);
        ARROW_ASSIGN_OR_RAISE(auto input, plan(filter.input()));
        ARROW_ASSIGN_OR_RAISE(auto predicate, CreatePhysicalExpr(*filter.predicate(),
                                                                 filter.input()->logical_schema()));
        ARROW_ASSIGN_OR_RAISE(auto exec, FilterExec::Make(std::move(predicate), std::move(input)));
        return exec;
      }
      case LogicalPlanKind::kProjection: {
        const auto& projection = static_cast<const LogicalProjection&>(*node);
        ARROW_ASSIGN_OR_RAISE(auto input, plan(projection.input()));
        std::vector<NamedExpr> exprs;
        const auto& in_schema = projection.input()->logical_schema();
        if (IsIdentity(projection)) return input;
        for (size_t i = 0; i < projection.exprs().size(); ++i) {
          ARROW_ASSIGN_OR_RAISE(auto e, CreatePhysicalExpr(*projection.exprs()[i], in_schema));
          exprs.emplace_back(std::move(e), node->schema()->field(static_cast<int>(i))->name());
        }
        ARROW_ASSIGN_OR_RAISE(auto exec, ProjectionExec::Make(std::move(exprs), std::move(input)));
        return exec;
      }
      case LogicalPlanKind::kAggregate:
        return aggregate(static_cast<const LogicalAggregate&>(*node));
      case LogicalPlanKind::kSort: {
        const auto& sort = static_cast<const LogicalSort&>(*node);
        ARROW_ASSIGN_OR_RAISE(auto input, plan(sort.input()));
        return this->sort(sort, std::move(input), sort.fetch());
      }
      case LogicalPlanKind::kLimit:
        return limit(static_cast<const LogicalLimit&>(*node));
      case LogicalPlanKind::kEmptyRelation: {
        const auto& empty = static_cast<const LogicalEmptyRelation&>(*node);
        return std::make_shared<EmptyExec>(node->schema(), empty.produce_one_row());
      }
      case LogicalPlanKind::kExplain:
        return arrow::Status::Invalid(
            "EXPLAIN is rendered by the session and has no physical plan");
      case LogicalPlanKind::kJoin:
        return join(static_cast<const LogicalJoin&>(*node));
      case LogicalPlanKind::kUnion: {
        std::vector<ExecutionPlanPtr> inputs;
        for (const auto& input : node->inputs()) {
          ARROW_ASSIGN_OR_RAISE(auto lowered, plan(input));
          inputs.push_back(std::move(lowered));
        }
        ARROW_ASSIGN_OR_RAISE(auto exec, UnionExec::Make(std::move(inputs)));
        return exec;
      }
      case LogicalPlanKind::kSubqueryAlias:
        // Qualifiers exist only in logical plans: columns are positions from here on.
        return plan(node->inputs()[0]);
      case LogicalPlanKind::kMaxOneRow: {
        ARROW_ASSIGN_OR_RAISE(auto input, plan(node->inputs()[0]));
        return std::make_shared<MaxOneRowExec>(std::move(input));
      }
    }
    return arrow::Status::NotImplemented("no physical plan for ", node->name());
  }

 private:
  arrow::Result<ExecutionPlanPtr> scan(const LogicalTableScan& scan) {
    ScanArgs args;
    args.projection = scan.projection();
    args.limit = scan.fetch();
    args.config = config_;
    for (const auto& f : scan.filters()) {
      // A filter the source cannot take only costs pruning, never correctness.
      auto lowered = CreatePhysicalExpr(*f, scan.source_schema());
      if (lowered.ok()) args.filters.push_back(*lowered);
    }
    ARROW_ASSIGN_OR_RAISE(auto exec, scan.provider()->scan(args));
    if (exec->schema()->num_fields() != scan.schema()->num_fields()) {
      return arrow::Status::Invalid("table '", scan.table_name(), "' scan produced ",
                                    exec->schema()->ToString(), ", expected ",
                                    scan.schema()->ToString());
    }
    return exec;
  }

  // Keys → HashJoinExec (partitioned; JoinSelection picks the build side and mode), a
  // condition only → NestedLoopJoinExec, neither → CrossJoinExec (or a nested loop for the
  // other types). NOT IN (a null-aware anti join) and IN inside expressions (a null-aware mark
  // join) build on the subquery side, collected once: their answer depends on every row of it.
  arrow::Result<ExecutionPlanPtr> join(const LogicalJoin& join) {
    ARROW_ASSIGN_OR_RAISE(auto left, plan(join.left()));
    ARROW_ASSIGN_OR_RAISE(auto right, plan(join.right()));
    const LogicalSchema& ls = join.left()->logical_schema();
    const LogicalSchema& rs = join.right()->logical_schema();
    JoinOn on;
    for (const auto& [l, r] : join.on()) {
      ARROW_ASSIGN_OR_RAISE(auto pl, CreatePhysicalExpr(*l, ls));
      ARROW_ASSIGN_OR_RAISE(auto pr, CreatePhysicalExpr(*r, rs));
      on.emplace_back(std::move(pl), std::move(pr));
    }
    std::optional<JoinFilter> filter;
    if (join.filter()) {
      // The filter sees only the columns it uses, gathered from both sides.
      const LogicalSchema& combined = join.combined_schema();
      std::vector<int> indices;
      JoinFilter f;
      for (const auto& column : ExprColumns(join.filter())) {
        ARROW_ASSIGN_OR_RAISE(int i, combined.index_of(column));
        indices.push_back(i);
        const bool on_left = i < ls.num_fields();
        f.column_indices.push_back(
            {on_left ? i : i - ls.num_fields(), on_left ? JoinSide::kLeft : JoinSide::kRight});
      }
      LogicalSchema used = combined.project(indices);
      ARROW_ASSIGN_OR_RAISE(f.expression, CreatePhysicalExpr(*join.filter(), used));
      // Field types as the inputs' physical schemas have them.
      arrow::FieldVector fields;
      for (const auto& c : f.column_indices) {
        const auto& side = c.side == JoinSide::kLeft ? left : right;
        fields.push_back(side->schema()->field(c.index));
      }
      f.schema = arrow::schema(std::move(fields));
      filter = std::move(f);
    }
    const JoinType type = join.join_type();
    if (join.null_aware()) {
      JoinOn swapped;
      for (const auto& [l, r] : on) swapped.emplace_back(r, l);
      if (filter) {
        for (auto& c : filter->column_indices) {
          c.side = c.side == JoinSide::kLeft ? JoinSide::kRight : JoinSide::kLeft;
        }
      }
      ARROW_ASSIGN_OR_RAISE(
          auto exec,
          HashJoinExec::Make(std::move(right), std::move(left), std::move(swapped),
                             std::move(filter), SwapJoinType(type), PartitionMode::kCollectLeft,
                             join.null_equals_null(), true));
      return exec;
    }
    if (!on.empty()) {
      ARROW_ASSIGN_OR_RAISE(
          auto exec,
          HashJoinExec::Make(std::move(left), std::move(right), std::move(on), std::move(filter),
                             type, PartitionMode::kPartitioned, join.null_equals_null(), false));
      return exec;
    }
    if (!filter && type == JoinType::kInner) {
      return std::make_shared<CrossJoinExec>(std::move(left), std::move(right));
    }
    ARROW_ASSIGN_OR_RAISE(auto exec, NestedLoopJoinExec::Make(std::move(left), std::move(right),
                                                              std::move(filter), type));
    return exec;
  }

  arrow::Result<ExecutionPlanPtr> aggregate(const LogicalAggregate& agg) {
    ARROW_ASSIGN_OR_RAISE(auto input, plan(agg.input()));
    const LogicalSchema& in_schema = agg.input()->logical_schema();
    const auto& out_schema = agg.schema();
    std::vector<NamedExpr> groups;
    for (size_t i = 0; i < agg.group_exprs().size(); ++i) {
      ARROW_ASSIGN_OR_RAISE(auto e, CreatePhysicalExpr(*agg.group_exprs()[i], in_schema));
      groups.emplace_back(std::move(e), out_schema->field(static_cast<int>(i))->name());
    }
    std::vector<AggregateExpr> aggregates;
    bool any_distinct = false;
    for (size_t i = 0; i < agg.aggr_exprs().size(); ++i) {
      const auto& call = Unalias(agg.aggr_exprs()[i]);
      AggregateExpr a;
      a.fn = call->aggregate_function();
      a.distinct = call->distinct();
      a.name = out_schema->field(static_cast<int>(groups.size() + i))->name();
      for (const auto& arg : call->args()) {
        ARROW_ASSIGN_OR_RAISE(auto pa, CreatePhysicalExpr(*arg, in_schema));
        ARROW_ASSIGN_OR_RAISE(auto type, arg->data_type(in_schema));
        a.args.push_back(std::move(pa));
        a.arg_types.push_back(std::move(type));
      }
      any_distinct = any_distinct || a.distinct;
      aggregates.push_back(std::move(a));
    }
    // Partial then final (DISTINCT has no mergeable partial state: one single aggregate). The
    // final or single aggregate declares the distribution it needs and EnforceDistribution
    // brings each group's rows together; the partial one shrinks the data first, before any
    // exchange (the partition count is only known once joins have chosen their modes).
    if (any_distinct) {
      ARROW_ASSIGN_OR_RAISE(auto exec, HashAggregateExec::Make(AggregateMode::kSingle, groups,
                                                               aggregates, std::move(input)));
      return exec;
    }
    ARROW_ASSIGN_OR_RAISE(
        ExecutionPlanPtr partial,
        HashAggregateExec::Make(AggregateMode::kPartial, groups, aggregates, std::move(input)));
    // The final aggregate reads the partial output: group columns first, states after.
    std::vector<NamedExpr> final_groups;
    for (size_t i = 0; i < groups.size(); ++i) {
      auto col = std::make_shared<ColumnExpr>(groups[i].second, static_cast<int>(i));
      final_groups.emplace_back(col, groups[i].second);
    }
    ARROW_ASSIGN_OR_RAISE(auto final_exec,
                          HashAggregateExec::Make(AggregateMode::kFinal, std::move(final_groups),
                                                  std::move(aggregates), std::move(partial)));
    return final_exec;
  }

  arrow::Result<ExecutionPlanPtr> sort(const LogicalSort& sort, ExecutionPlanPtr input,
                                       std::optional<int64_t> fetch) {
    LexOrdering ordering;
    for (const auto& key : sort.exprs()) {
      ARROW_ASSIGN_OR_RAISE(auto e, CreatePhysicalExpr(*key.expr, sort.input()->logical_schema()));
      ordering.push_back(PhysicalSortExpr{std::move(e), !key.ascending, key.nulls_first});
    }
    // One sorted partition; EnforceDistribution sorts partitions in parallel and merges them.
    return std::make_shared<SortExec>(std::move(ordering), std::move(input), fetch,
                                      /*preserve_partitioning=*/false);
  }

  arrow::Result<ExecutionPlanPtr> limit(const LogicalLimit& limit) {
    const auto& input_node = limit.input();
    const std::optional<int64_t> needed = limit.rows_needed();
    if (input_node->kind() == LogicalPlanKind::kSort) {
      // LIMIT over ORDER BY: a top-K sort, plus the offset.
      const auto& sort = static_cast<const LogicalSort&>(*input_node);
      std::optional<int64_t> fetch = sort.fetch();
      if (needed) fetch = fetch ? std::min(*fetch, *needed) : *needed;
      ARROW_ASSIGN_OR_RAISE(auto sort_input, plan(sort.input()));
      ARROW_ASSIGN_OR_RAISE(auto sorted, this->sort(sort, std::move(sort_input), fetch));
      if (limit.skip() == 0 && limit.fetch() && fetch && *fetch <= *limit.fetch()) return sorted;
      return std::make_shared<GlobalLimitExec>(std::move(sorted), limit.skip(), limit.fetch());
    }
    ARROW_ASSIGN_OR_RAISE(auto input, plan(input_node));
    // Each partition stops early; EnforceDistribution merges them under the global limit.
    if (needed && input->output_partition_count() > 1) {
      input = std::make_shared<LocalLimitExec>(std::move(input), *needed);
    }
    return std::make_shared<GlobalLimitExec>(std::move(input), limit.skip(), limit.fetch());
  }

  const SessionConfig& config_;
};

}  // namespace

arrow::Result<ExecutionPlanPtr> PhysicalPlanner::create_physical_plan(
    const std::shared_ptr<LogicalPlan>& plan, const SessionConfig& config,
    const FunctionRegistry&) const {
  if (!plan) return arrow::Status::Invalid("no logical plan to lower");
  Lowering lowering(config);
  ARROW_ASSIGN_OR_RAISE(auto lowered, lowering.plan(plan));
  return PhysicalOptimizer().optimize(lowered, config);
}

arrow::Result<PhysicalExprPtr> PhysicalPlanner::create_physical_expr(
    const LogicalExpr& expr, const LogicalSchema& input_schema) const {
  return CreatePhysicalExpr(expr, input_schema);
}

}  // namespace quiver
