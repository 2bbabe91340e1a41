#pragma once

#include <arrow/record_batch.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/physical/distribution.h>
#include <quiver/physical/partitioning.h>
#include <quiver/physical/physical_expr.h>
#include <quiver/physical/statistics.h>
#include <quiver/physical/task_context.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

class ExecutionPlan;
using ExecutionPlanPtr = std::shared_ptr<ExecutionPlan>;

/// A partition's output: a lazy stream of batches. `ReadNext` yields nullptr at the end;
/// `Close` stops early and releases resources (cancellation).
using RecordBatchStreamPtr = std::shared_ptr<arrow::RecordBatchReader>;

/// \brief A node of a physical plan (`FilterExec`, `HashAggregateExec`, ...).
///
/// A plan has N output partitions; `execute(i, ctx)` returns partition i's stream and does no
/// work before the first batch is asked for. Partitions of one plan instance may be executed
/// concurrently from different threads, and operators that fan out (repartition) share their
/// state between the partitions of the same instance: execute each partition of an instance
/// at most once, and plan again for a second run.
class ExecutionPlan : public std::enable_shared_from_this<ExecutionPlan> {
 public:
  virtual ~ExecutionPlan() = default;

  /// Node name, e.g. "FilterExec"; the codec and EXPLAIN use it.
  virtual std::string_view name() const = 0;
  virtual std::shared_ptr<arrow::Schema> schema() const = 0;
  virtual Partitioning output_partitioning() const = 0;
  int output_partition_count() const { return output_partitioning().partition_count; }
  /// Sort order every output partition follows, if any.
  virtual std::optional<LexOrdering> output_ordering() const { return std::nullopt; }

  // What the node requires of its inputs (one entry per child, DataFusion's contract). The
  // EnforceDistribution pass reads these and inserts the exchanges that meet them; no other
  // code inserts exchanges.

  /// The partitioning each child must have. Default: any (kUnspecified).
  virtual std::vector<Distribution> required_input_distribution() const;
  /// The order each child's partitions must follow, or nullopt. Default: none.
  virtual std::vector<std::optional<LexOrdering>> required_input_ordering() const;
  /// Whether rows leave in child i's order within each partition. Default: false.
  virtual std::vector<bool> maintains_input_order() const;
  /// Whether more input partitions make the node faster (so a single-partition input is worth
  /// spreading out). Default: true.
  virtual bool benefits_from_input_partitioning() const { return true; }
  /// Estimated output size over all partitions. Default: unknown.
  virtual Statistics statistics() const { return Statistics::Unknown(); }

  /// A copy of this plan that also drops rows failing `filter` (a predicate over this node's
  /// output columns that may only become known at run time, e.g. a hash join's
  /// DynamicFilterExpr), applied as close to the data as possible; null when the node cannot
  /// take it. Only nodes that keep each input row as it is pass it down (filters, projections
  /// of columns, exchanges); scans use it to skip row groups and rows. Default: null.
  virtual arrow::Result<ExecutionPlanPtr> try_push_dynamic_filter(
      const PhysicalExprPtr& filter) const {
    return nullptr;
  }

  virtual std::vector<ExecutionPlanPtr> children() const = 0;
  /// A copy of this node over new children (same count, compatible schemas).
  virtual arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const = 0;

  virtual arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                                      const TaskContextPtr& ctx) const = 0;

  /// One-line description for EXPLAIN, e.g. "FilterExec: l_shipdate@10 <= 1998-09-02".
  virtual std::string to_string() const = 0;
};

/// Indented tree of `plan` for EXPLAIN (one node a line, children indented two spaces).
std::string DisplayPlan(const ExecutionPlan& plan, int indent = 0);

/// Runs every partition of `plan` (concurrently, one thread each) and gathers all batches,
/// partition 0 first. Errors from any partition are returned.
arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> CollectPlan(
    const ExecutionPlanPtr& plan, const TaskContextPtr& ctx);

/// Checks `partition` is in range for `plan`; Invalid naming the node otherwise.
arrow::Status CheckPartition(const ExecutionPlan& plan, int partition);

}  // namespace quiver
