#pragma once

#include <quiver/physical/execution_plan.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

/// \brief Passes at most `fetch` rows of each partition, then stops pulling its input.
class LocalLimitExec : public ExecutionPlan {
 public:
  LocalLimitExec(ExecutionPlanPtr input, int64_t fetch) : input_(std::move(input)), fetch_(fetch) {}

  const ExecutionPlanPtr& input() const { return input_; }
  int64_t fetch() const { return fetch_; }

  std::string_view name() const override { return "LocalLimitExec"; }
  std::shared_ptr<arrow::Schema> schema() const override;
  Partitioning output_partitioning() const override;
  std::optional<LexOrdering> output_ordering() const override;
  std::vector<bool> maintains_input_order() const override { return {true}; }
  std::vector<ExecutionPlanPtr> children() const override { return {input_}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;

 private:
  ExecutionPlanPtr input_;
  int64_t fetch_;
};

}  // namespace quiver
