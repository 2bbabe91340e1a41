#pragma once

#include <arrow/result.h>
#include <quiver/common/join_type.h>
#include <quiver/physical/execution_plan.h>
#include <quiver/physical/expressions/dynamic_filter_expr.h>
#include <quiver/physical/joins/join_on.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

class JoinSharedState;

/// \brief Equi-join by hashing: the left input is the build side, the right input is probed
/// a batch at a time.
///
/// The build side's rows are collected into one batch and indexed by a chained hash map over
/// their key hashes; each probe batch is hashed, its candidate pairs found in bulk, their keys
/// compared with typed loops, the optional `filter` evaluated on the surviving pairs, and the
/// output assembled with Take (see JoinStream for what each join type emits).
///
/// - kCollectLeft: the left input's single partition is built once per plan instance and
///   shared by the output partitions, one per right partition; build rows matched by any of
///   them are tracked together and the last probe partition to finish emits the build rows
///   that the join type keeps (unmatched for Left/Full/LeftAnti, ...).
/// - kPartitioned: output partition i builds from left partition i and probes right partition
///   i; the inputs must have equal partition counts when executed.
///
/// NULL keys never match unless `null_equals_null` (INTERSECT / EXCEPT). `null_aware` gives
/// SQL NOT IN semantics (see JoinStream) and needs one key, RightAnti or RightMark, CollectLeft
/// and no filter. When `dynamic_filter` is set (only for join types that drop unmatched probe
/// rows: Inner, Left, LeftSemi, LeftAnti, LeftMark, RightSemi), every build reports its keys'
/// min/max, and their distinct values when at most `quiver.dynamic_filter_max_values`
/// (default 64), so scans below the probe side can skip rows that cannot match.
class HashJoinExec : public ExecutionPlan {
 public:
  /// Invalid when key types differ between the sides or are not hashable, when the filter
  /// does not fit the inputs, or when null_aware / dynamic_filter are used where they do not
  /// apply.
  static arrow::Result<std::shared_ptr<HashJoinExec>> Make(
      ExecutionPlanPtr left, ExecutionPlanPtr right, JoinOn on, std::optional<JoinFilter> filter,
      JoinType join_type, PartitionMode mode, bool null_equals_null = false,
      bool null_aware = false, std::shared_ptr<DynamicFilterExpr> dynamic_filter = nullptr);

  const ExecutionPlanPtr& left() const { return left_; }
  const ExecutionPlanPtr& right() const { return right_; }
  const JoinOn& on() const { return on_; }
  const std::optional<JoinFilter>& filter() const { return filter_; }
  JoinType join_type() const { return join_type_; }
  PartitionMode mode() const { return mode_; }
  bool null_equals_null() const { return null_equals_null_; }
  bool null_aware() const { return null_aware_; }
  const std::shared_ptr<DynamicFilterExpr>& dynamic_filter() const { return dynamic_filter_; }
  /// The left / right key expressions of `on`.
  std::vector<PhysicalExprPtr> left_keys() const;
  std::vector<PhysicalExprPtr> right_keys() const;

  std::string_view name() const override { return "HashJoinExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  /// One partition per right partition; hash partitioning where the join keeps it (see
  /// DataFusion's partitioned_join_output_partitioning).
  Partitioning output_partitioning() const override;
  /// Partitioned: both sides hash-partitioned on their keys; CollectLeft: {Broadcast, any}.
  std::vector<Distribution> required_input_distribution() const override;
  /// An estimate, never exact.
  Statistics statistics() const override;
  /// Rows of an inner equi-join of inputs with these statistics, from the keys' distinct
  /// counts; nullopt when a key's is unknown.
  std::optional<int64_t> EquiJoinRows(const Statistics& left, const Statistics& right) const;
  std::vector<ExecutionPlanPtr> children() const override { return {left_, right_}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  /// e.g. `HashJoinExec: mode=CollectLeft, join_type=Inner, on=[(l_orderkey@0,
  /// o_orderkey@0)], filter=l_shipdate@1 < o_orderdate@0`
  std::string to_string() const override;

 private:
  HashJoinExec(ExecutionPlanPtr left, ExecutionPlanPtr right, JoinOn on,
               std::optional<JoinFilter> filter, JoinType join_type, PartitionMode mode,
               bool null_equals_null, bool null_aware,
               std::shared_ptr<DynamicFilterExpr> dynamic_filter);

  ExecutionPlanPtr left_;
  ExecutionPlanPtr right_;
  JoinOn on_;
  std::optional<JoinFilter> filter_;
  JoinType join_type_;
  PartitionMode mode_;
  bool null_equals_null_;
  bool null_aware_;
  std::shared_ptr<DynamicFilterExpr> dynamic_filter_;
  std::shared_ptr<arrow::Schema> schema_;
  std::shared_ptr<JoinSharedState> collect_state_;  // kCollectLeft: shared by the partitions
};

}  // namespace quiver
