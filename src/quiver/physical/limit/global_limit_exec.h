#pragma once

#include <quiver/physical/execution_plan.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

/// \brief `OFFSET skip LIMIT fetch` over a single input partition (the input must have
/// exactly one partition); stops pulling input once `fetch` rows have passed.
class GlobalLimitExec : public ExecutionPlan {
 public:
  GlobalLimitExec(ExecutionPlanPtr input, int64_t skip, std::optional<int64_t> fetch)
      : input_(std::move(input)), skip_(skip), fetch_(fetch) {}

  const ExecutionPlanPtr& input() const { return input_; }
  int64_t skip() const { return skip_; }
  std::optional<int64_t> fetch() const { return fetch_; }

  std::string_view name() const override { return "GlobalLimitExec"; }
  std::shared_ptr<arrow::Schema> schema() const override;
  Partitioning output_partitioning() const override { return Partitioning::Unknown(1); }
  std::optional<LexOrdering> output_ordering() const override;
  std::vector<Distribution> required_input_distribution() const override {
    return {Distribution::SinglePartition()};
  }
  std::vector<bool> maintains_input_order() const override { return {true}; }
  std::vector<ExecutionPlanPtr> children() const override { return {input_}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;

 private:
  ExecutionPlanPtr input_;
  int64_t skip_;
  std::optional<int64_t> fetch_;
};

}  // namespace quiver
