#pragma once

#include <quiver/physical/execution_plan.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

/// \brief Merges all input partitions into one, reading them concurrently (one thread each,
/// bounded queue); batch order across partitions is unspecified. Stops after `fetch` rows.
class CoalescePartitionsExec : public ExecutionPlan {
 public:
  explicit CoalescePartitionsExec(ExecutionPlanPtr input, std::optional<int64_t> fetch = {})
      : input_(std::move(input)), fetch_(fetch) {}

  const ExecutionPlanPtr& input() const { return input_; }
  std::optional<int64_t> fetch() const { return fetch_; }

  std::string_view name() const override { return "CoalescePartitionsExec"; }
  std::shared_ptr<arrow::Schema> schema() const override;
  Partitioning output_partitioning() const override { return Partitioning::Unknown(1); }
  std::vector<ExecutionPlanPtr> children() const override { return {input_}; }
  Statistics statistics() const override { return input_->statistics(); }
  arrow::Result<ExecutionPlanPtr> try_push_dynamic_filter(
      const PhysicalExprPtr& filter) const override {
    if (fetch_) return nullptr;  // which rows a fetch keeps would change
    ARROW_ASSIGN_OR_RAISE(auto input, input_->try_push_dynamic_filter(filter));
    if (!input) return nullptr;
    return with_new_children({std::move(input)});
  }
  bool benefits_from_input_partitioning() const override { return false; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;

 private:
  ExecutionPlanPtr input_;
  std::optional<int64_t> fetch_;
};

}  // namespace quiver
