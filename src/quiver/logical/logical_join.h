#pragma once

#include <quiver/common/join_type.h>
#include <quiver/logical/logical_plan.h>

#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// Equi-join keys: (expression over the left input, expression over the right input), both of
/// the same type.
using JoinKeys = std::vector<std::pair<LogicalExprPtr, LogicalExprPtr>>;

/// \brief Joins two inputs: rows pair up where every key pair is equal (NULL never equals
/// NULL unless `null_equals_null`) and `filter` (over the left then right columns; may be null)
/// is true. No keys and no filter is a cross join.
///
/// Output columns (JoinType): left then right for Inner/Left/Right/Full (the side an outer join
/// may pad with NULLs becomes nullable); the left columns only for LeftSemi/LeftAnti; the left
/// columns plus a boolean `mark_name` column for LeftMark. `null_aware` is SQL's NOT IN on an
/// anti or mark join: a NULL key on the right side makes every non-match unknown.
class LogicalJoin : public LogicalPlan {
 public:
  static arrow::Result<std::shared_ptr<LogicalJoin>> Make(LogicalPlanPtr left, LogicalPlanPtr right,
                                                          JoinType type, JoinKeys on,
                                                          LogicalExprPtr filter = nullptr,
                                                          bool null_equals_null = false,
                                                          bool null_aware = false,
                                                          std::string mark_name = "mark");

  LogicalPlanKind kind() const override { return LogicalPlanKind::kJoin; }
  std::string_view name() const override { return "Join"; }
  std::vector<LogicalPlanPtr> inputs() const override { return {left_, right_}; }
  arrow::Result<LogicalPlanPtr> with_new_inputs(std::vector<LogicalPlanPtr> inputs) const override;
  /// The keys (left1, right1, left2, right2, ...) then the filter, if any.
  std::vector<LogicalExprPtr> expressions() const override;
  arrow::Result<LogicalPlanPtr> with_new_expressions(
      std::vector<LogicalExprPtr> exprs) const override;
  std::string to_string() const override;

  const LogicalPlanPtr& left() const { return left_; }
  const LogicalPlanPtr& right() const { return right_; }
  JoinType join_type() const { return type_; }
  const JoinKeys& on() const { return on_; }
  const LogicalExprPtr& filter() const { return filter_; }
  bool null_equals_null() const { return null_equals_null_; }
  bool null_aware() const { return null_aware_; }
  const std::string& mark_name() const { return mark_name_; }
  /// The left then right columns, as the filter sees them.
  const LogicalSchema& combined_schema() const { return combined_; }

  /// The same join with other parts (inputs, keys or filter); the schema is derived again.
  arrow::Result<std::shared_ptr<LogicalJoin>> with(LogicalPlanPtr left, LogicalPlanPtr right,
                                                   JoinKeys on, LogicalExprPtr filter) const;

 private:
  LogicalJoin(LogicalSchema schema, LogicalSchema combined)
      : LogicalPlan(std::move(schema)), combined_(std::move(combined)) {}

  LogicalSchema combined_;
  LogicalPlanPtr left_, right_;
  JoinType type_ = JoinType::kInner;
  JoinKeys on_;
  LogicalExprPtr filter_;
  bool null_equals_null_ = false;
  bool null_aware_ = false;
  std::string mark_name_;
};

}  // namespace quiver
