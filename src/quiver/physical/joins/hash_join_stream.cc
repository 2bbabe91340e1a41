#include <arrow/array/concatenate.h>
#include <arrow/array/util.h>
#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <quiver/physical/joins/hash_join_stream.h>
#include <quiver/physical/joins/join_filter.h>
#include <quiver/physical/joins/join_schema.h>

namespace quiver {
namespace {

bool IsFloating(const arrow::DataType& type) {
  return type.id() == arrow::Type::FLOAT || type.id() == arrow::Type::DOUBLE ||
         type.id() == arrow::Type::HALF_FLOAT;
}

// The distinct non-null values of `key` if there are at most `max_values`, else null. Slice by
// slice, so a key with many values (the usual build side) stops after its first slice instead
// of hashing every row into a table of all of them only to drop it.
arrow::Result<std::shared_ptr<arrow::Array>> DistinctValuesUpTo(
    const std::shared_ptr<arrow::Array>& key, int64_t max_values) {
  constexpr int64_t kSlice = 4096;
  std::shared_ptr<arrow::Array> seen;
  for (int64_t offset = 0; offset < key->length(); offset += kSlice) {
    ARROW_ASSIGN_OR_RAISE(auto slice, arrow::compute::Unique(key->Slice(offset, kSlice)));
    if (seen) {
      ARROW_ASSIGN_OR_RAISE(auto both, arrow::Concatenate({seen, slice}));
      ARROW_ASSIGN_OR_RAISE(slice, arrow::compute::Unique(both));
    }
    ARROW_ASSIGN_OR_RAISE(seen, arrow::compute::DropNull(*slice));
    if (seen->length() > max_values) return nullptr;
  }
  if (!seen) return arrow::MakeEmptyArray(key->type());
  return seen;
}

// One build key's bounds for the dynamic filter. Unset bounds constrain nothing, which is
// what a key needs when NULLs match NULLs (the filter would drop NULL probe keys) or when it
// holds NaN (NaN matches NaN but fails every range comparison).
arrow::Result<DynamicFilterExpr::KeyBounds> KeyBoundsOf(const std::shared_ptr<arrow::Array>& key,
                                                        bool null_equals_null, int64_t max_values) {
  DynamicFilterExpr::KeyBounds bounds;
  if (null_equals_null && key->null_count() > 0) return bounds;
  if (IsFloating(*key->type())) {
    ARROW_ASSIGN_OR_RAISE(auto nan, arrow::compute::CallFunction("is_nan", {key}));
    ARROW_ASSIGN_OR_RAISE(auto any, arrow::compute::CallFunction("any", {nan}));
    const auto& s = static_cast<const arrow::BooleanScalar&>(*any.scalar());
    if (s.is_valid && s.value) return bounds;
  }
  ARROW_ASSIGN_OR_RAISE(auto min_max, arrow::compute::MinMax(key));
  const auto& pair = static_cast<const arrow::StructScalar&>(*min_max.scalar());
  if (!pair.value[0]->is_valid || !pair.value[1]->is_valid) return bounds;
  bounds.min = pair.value[0];
  bounds.max = pair.value[1];
  ARROW_ASSIGN_OR_RAISE(bounds.values, DistinctValuesUpTo(key, max_values));
  return bounds;
}

}  // namespace

HashJoinStream::HashJoinStream(std::shared_ptr<const HashJoinExec> plan, int build_partition,
                               int64_t dynamic_filter_max_values, RecordBatchStreamPtr probe,
                               std::shared_ptr<JoinSharedState> shared, TaskContextPtr ctx,
                               BuildSource build_source, bool contributes_dynamic_filter)
    : JoinStream(plan->schema(), plan->join_type(), plan->null_aware(),
                 plan->left()->schema()->num_fields(), plan->right()->schema()->num_fields(),
                 std::move(probe), std::move(shared), std::move(ctx)),
      plan_(std::move(plan)),
      build_partition_(build_partition),
      build_source_(std::move(build_source)),
      contributes_dynamic_filter_(contributes_dynamic_filter),
      dynamic_filter_max_values_(dynamic_filter_max_values),
      left_keys_(plan_->left_keys()),
      right_keys_(plan_->right_keys()) {}

arrow::Result<std::shared_ptr<JoinBuildSide>> HashJoinStream::MakeBuildSide() {
  auto side = std::make_shared<JoinBuildSide>();
  std::shared_ptr<arrow::RecordBatch> batch;
  if (build_source_) {
    ARROW_ASSIGN_OR_RAISE(batch, build_source_(&side->reservation));
  } else {
    if (ctx()) side->reservation = ctx()->reserve("HashJoinExec build side", build_partition_);
    ARROW_ASSIGN_OR_RAISE(
        batch, CollectBuildBatch(plan_->left(), build_partition_, ctx(), &side->reservation));
  }
  side->batch = batch;
  ARROW_ASSIGN_OR_RAISE(side->keys, JoinKeys::Evaluate(left_keys_, *batch));
  const int64_t n = batch->num_rows();
  // Hashes (for the build) and the map: 8 + 4 + 8 bytes per row, reserved before they exist.
  const int64_t rows_bytes = side->reservation.size();
  ARROW_RETURN_NOT_OK(side->reservation.TryGrow(n * kBuildMapBytesPerRow));
  PoolVector<uint64_t> hashes(static_cast<size_t>(n));
  ARROW_RETURN_NOT_OK(side->keys.Hash(hashes.data()));
  // Rows with a NULL key can never match unless NULLs are equal: keep them out of the map.
  const uint8_t* insert =
      !plan_->null_equals_null() && side->keys.has_nulls() ? side->keys.valid.data() : nullptr;
  ARROW_ASSIGN_OR_RAISE(side->map, JoinHashMap::Build(hashes.data(), n, insert));
  hashes = {};
  ARROW_RETURN_NOT_OK(side->reservation.TryResize(rows_bytes + side->map.memory_bytes()));
  side->can_match = side->map.size() > 0;
  side->has_null_key = side->keys.has_nulls();
  if (tracks_build()) side->visited = VisitedRows(n);
  ARROW_RETURN_NOT_OK(UpdateDynamicFilter(*side));
  return side;
}

arrow::Status HashJoinStream::UpdateDynamicFilter(const JoinBuildSide& side) const {
  const auto& filter = plan_->dynamic_filter();
  if (!filter || !contributes_dynamic_filter_) return arrow::Status::OK();
  if (!side.can_match) {
    filter->mark_empty();
    return arrow::Status::OK();
  }
  std::vector<DynamicFilterExpr::KeyBounds> bounds;
  bounds.reserve(side.keys.columns.size());
  for (const auto& key : side.keys.columns) {
    ARROW_ASSIGN_OR_RAISE(auto b,
                          KeyBoundsOf(key, plan_->null_equals_null(), dynamic_filter_max_values_));
    bounds.push_back(std::move(b));
  }
  return filter->update(std::move(bounds));
}

arrow::Status HashJoinStream::StartProbe(const std::shared_ptr<arrow::RecordBatch>& batch) {
  probe_batch_ = batch;
  ARROW_ASSIGN_OR_RAISE(probe_keys_, JoinKeys::Evaluate(right_keys_, *batch));
  probe_hashes_.resize(static_cast<size_t>(batch->num_rows()));
  ARROW_RETURN_NOT_OK(probe_keys_.Hash(probe_hashes_.data()));
  if (!plan_->null_equals_null() && probe_keys_.has_nulls()) {
    std::vector<uint8_t>& mask = probe_mask();
    for (size_t i = 0; i < mask.size(); ++i) mask[i] &= probe_keys_.valid[i];
  }
  cursor_ = JoinHashMap::Cursor{};
  return arrow::Status::OK();
}

arrow::Result<bool> HashJoinStream::NextChunk(int64_t limit, std::vector<uint32_t>* build_rows,
                                              std::vector<uint32_t>* probe_rows) {
  const JoinBuildSide& side = *build();
  candidate_build_.clear();
  candidate_probe_.clear();
  const bool done =
      side.map.FindCandidates(probe_hashes_.data(), probe_batch_->num_rows(), probe_mask().data(),
                              &cursor_, limit, &candidate_build_, &candidate_probe_);
  ARROW_RETURN_NOT_OK(KeepEqualKeys(side.keys, probe_keys_, plan_->null_equals_null(),
                                    &candidate_build_, &candidate_probe_));
  if (plan_->filter()) {
    ARROW_RETURN_NOT_OK(ApplyJoinFilter(*plan_->filter(), *side.batch, *probe_batch_,
                                        &candidate_build_, &candidate_probe_));
  }
  build_rows->insert(build_rows->end(), candidate_build_.begin(), candidate_build_.end());
  probe_rows->insert(probe_rows->end(), candidate_probe_.begin(), candidate_probe_.end());
  return done;
}

}  // namespace quiver
