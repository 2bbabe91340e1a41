#pragma once

#include <quiver/logical/logical_plan.h>

#include <limits>
#include <optional>

namespace quiver {

/// \brief Skips `skip` rows, then passes at most `fetch` rows (all when unset).
class LogicalLimit : public LogicalPlan {
 public:
  static arrow::Result<std::shared_ptr<LogicalLimit>> Make(LogicalPlanPtr input, int64_t skip,
                                                           std::optional<int64_t> fetch);

  LogicalPlanKind kind() const override { return LogicalPlanKind::kLimit; }
  std::string_view name() const override { return "Limit"; }
  std::vector<LogicalPlanPtr> inputs() const override { return {input_}; }
  arrow::Result<LogicalPlanPtr> with_new_inputs(std::vector<LogicalPlanPtr> inputs) const override;
  std::string to_string() const override;

  int64_t skip() const { return skip_; }
  const std::optional<int64_t>& fetch() const { return fetch_; }
  /// Rows the input must produce: skip + fetch, saturating at INT64_MAX (LIMIT and OFFSET
  /// both near 2^63 still mean "all rows"); nullopt without a fetch.
  std::optional<int64_t> rows_needed() const {
    if (!fetch_) return std::nullopt;
    if (*fetch_ > std::numeric_limits<int64_t>::max() - skip_) {
      return std::numeric_limits<int64_t>::max();
    }
    return skip_ + *fetch_;
  }
  const LogicalPlanPtr& input() const { return input_; }

 private:
  LogicalLimit(LogicalPlanPtr input, int64_t skip, std::optional<int64_t> fetch)
      : LogicalPlan(input->logical_schema()),
        input_(std::move(input)),
        skip_(skip),
        fetch_(fetch) {}

  LogicalPlanPtr input_;
  int64_t skip_;
  std::optional<int64_t> fetch_;
};

}  // namespace quiver
