#include <quiver/physical/joins/join_filter.h>
#include <quiver/physical/joins/nested_loop_join_stream.h>

#include <algorithm>
#include <limits>

namespace quiver {

NestedLoopJoinStream::NestedLoopJoinStream(std::shared_ptr<arrow::Schema> schema,
                                           ExecutionPlanPtr left, std::optional<JoinFilter> filter,
                                           JoinType join_type, int right_fields,
                                           RecordBatchStreamPtr probe,
                                           std::shared_ptr<JoinSharedState> shared,
                                           TaskContextPtr ctx)
    : JoinStream(std::move(schema), join_type, /*null_aware=*/false, left->schema()->num_fields(),
                 right_fields, std::move(probe), std::move(shared), std::move(ctx)),
      left_(std::move(left)),
      filter_(std::move(filter)) {}

arrow::Result<std::shared_ptr<JoinBuildSide>> NestedLoopJoinStream::MakeBuildSide() {
  auto side = std::make_shared<JoinBuildSide>();
  if (ctx()) side->reservation = ctx()->reserve("NestedLoopJoinExec build side", 0);
  ARROW_ASSIGN_OR_RAISE(auto batch, CollectBuildBatch(left_, 0, ctx(), &side->reservation));
  if (batch->num_rows() >= static_cast<int64_t>(std::numeric_limits<uint32_t>::max())) {
    return arrow::Status::NotImplemented("nested loop join build side of ", batch->num_rows(),
                                         " rows");
  }
  side->batch = batch;
  side->can_match = batch->num_rows() > 0;
  if (tracks_build()) side->visited = VisitedRows(batch->num_rows());
  return side;
}

arrow::Status NestedLoopJoinStream::StartProbe(const std::shared_ptr<arrow::RecordBatch>& batch) {
  probe_batch_ = batch;
  probe_row_ = 0;
  build_row_ = 0;
  return arrow::Status::OK();
}

arrow::Result<bool> NestedLoopJoinStream::NextChunk(int64_t limit,
                                                    std::vector<uint32_t>* build_rows,
                                                    std::vector<uint32_t>* probe_rows) {
  const int64_t build_count = build()->num_rows();
  const int64_t probe_count = probe_batch_->num_rows();
  if (build_count == 0) return true;
  const std::vector<uint8_t>& mask = probe_mask();
  // The filter runs on a separate chunk so it sees only the new pairs.
  std::vector<uint32_t>* b = filter_ ? &chunk_build_ : build_rows;
  std::vector<uint32_t>* p = filter_ ? &chunk_probe_ : probe_rows;
  if (filter_) {
    chunk_build_.clear();
    chunk_probe_.clear();
  }
  int64_t pairs = 0;
  while (pairs < limit && probe_row_ < probe_count) {
    if (mask[probe_row_] == 0) {
      ++probe_row_;
      build_row_ = 0;
      continue;
    }
    const int64_t take = std::min(build_count - build_row_, limit - pairs);
    for (int64_t j = build_row_; j < build_row_ + take; ++j) {
      b->push_back(static_cast<uint32_t>(j));
      p->push_back(static_cast<uint32_t>(probe_row_));
    }
    pairs += take;
    build_row_ += take;
    if (build_row_ == build_count) {
      ++probe_row_;
      build_row_ = 0;
    }
  }
  if (filter_) {
    ARROW_RETURN_NOT_OK(
        ApplyJoinFilter(*filter_, *build()->batch, *probe_batch_, &chunk_build_, &chunk_probe_));
    build_rows->insert(build_rows->end(), chunk_build_.begin(), chunk_build_.end());
    probe_rows->insert(probe_rows->end(), chunk_probe_.begin(), chunk_probe_.end());
  }
  return probe_row_ >= probe_count;
}

}  // namespace quiver
