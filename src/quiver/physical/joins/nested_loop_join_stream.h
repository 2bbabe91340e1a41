#pragma once

#include <quiver/physical/execution_plan.h>
#include <quiver/physical/joins/join_on.h>
#include <quiver/physical/joins/join_stream.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace quiver {

/// \brief One output partition of a nested loop join (and of a cross join, which is one
/// without a filter): the left input's single partition is collected once (JoinSharedState),
/// and each probe batch is paired with every build row in chunks of about `batch_size` pairs,
/// on which the filter is evaluated at once.
class NestedLoopJoinStream : public JoinStream {
 public:
  NestedLoopJoinStream(std::shared_ptr<arrow::Schema> schema, ExecutionPlanPtr left,
                       std::optional<JoinFilter> filter, JoinType join_type, int right_fields,
                       RecordBatchStreamPtr probe, std::shared_ptr<JoinSharedState> shared,
                       TaskContextPtr ctx);

 protected:
  arrow::Result<std::shared_ptr<JoinBuildSide>> MakeBuildSide() override;
  arrow::Status StartProbe(const std::shared_ptr<arrow::RecordBatch>& batch) override;
  arrow::Result<bool> NextChunk(int64_t limit, std::vector<uint32_t>* build_rows,
                                std::vector<uint32_t>* probe_rows) override;

 private:
  ExecutionPlanPtr left_;
  std::optional<JoinFilter> filter_;

  std::shared_ptr<arrow::RecordBatch> probe_batch_;
  int64_t probe_row_ = 0;
  int64_t build_row_ = 0;
  std::vector<uint32_t> chunk_build_;
  std::vector<uint32_t> chunk_probe_;
};

}  // namespace quiver
