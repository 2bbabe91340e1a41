#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/compute/api_vector.h>
#include <arrow/record_batch.h>
#include <arrow/util/byte_size.h>
#include <quiver/common/byte_size.h>
#include <quiver/physical/joins/grace_hash_join_stream.h>
#include <quiver/physical/joins/hash_join_stream.h>
#include <quiver/physical/joins/join_build_side.h>
#include <quiver/physical/joins/join_keys.h>
#include <quiver/physical/joins/join_shared_state.h>
#include <quiver/runtime/disk_manager.h>
#include <quiver/runtime/spill_file.h>

#include <string>

namespace quiver {
namespace {

// The part of a row from its key hash. The hash also chose the row's partition (its low bits,
// modulo the partition count), so remix it and take the top bits: parts stay balanced within
// a partition.
inline uint32_t PartOf(uint64_t hash) {
  static_assert(GraceHashJoinStream::kFanout == 16);
  return static_cast<uint32_t>((hash * 0x9E3779B97F4A7C15ULL) >> 60);
}

}  // namespace

bool GraceHashJoinStream::CanSpill(const HashJoinExec& plan, const TaskContextPtr& ctx) {
  return ctx && ctx->disk_manager() && plan.mode() == PartitionMode::kPartitioned &&
         !plan.null_aware();
}

GraceHashJoinStream::GraceHashJoinStream(std::shared_ptr<const HashJoinExec> plan, int partition,
                                         int64_t dynamic_filter_max_values,
                                         RecordBatchStreamPtr probe, TaskContextPtr ctx)
    : PlanStream(plan->schema(), std::move(ctx)),
      plan_(std::move(plan)),
      partition_(partition),
      dynamic_filter_max_values_(dynamic_filter_max_values),
      probe_(std::move(probe)) {}

GraceHashJoinStream::~GraceHashJoinStream() { (void)GraceHashJoinStream::CloseInputs(); }

arrow::Status GraceHashJoinStream::CloseInputs() {
  arrow::Status st;
  if (current_) st = current_->Close();
  current_.reset();
  if (probe_) st &= probe_->Close();
  probe_.reset();
  build_parts_.clear();  // removes the spill files
  probe_parts_.clear();
  return st;
}

arrow::Status GraceHashJoinStream::Start() {
  MemoryReservation reservation =
      ctx()->reserve("HashJoinExec build side", partition_, Spill::kYes);
  ARROW_ASSIGN_OR_RAISE(auto build, plan_->left()->execute(partition_, ctx()));
  // Closed on every way out (stops the input's threads on an error too).
  std::unique_ptr<arrow::RecordBatchReader, void (*)(arrow::RecordBatchReader*)> closer(
      build.get(), [](arrow::RecordBatchReader* r) { (void)r->Close(); });
  std::vector<std::shared_ptr<arrow::RecordBatch>> held;
  int64_t rows = 0;
  arrow::Status refused;
  while (true) {
    if (ctx()->is_cancelled()) return arrow::Status::Cancelled("query cancelled");
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(build->ReadNext(&batch));
    if (!batch) break;
    if (batch->num_rows() == 0) continue;
    refused = reservation.TryGrow(arrow::util::TotalBufferSize(*batch));
    if (!refused.ok()) {
      if (!IsMemoryLimitExceeded(refused)) return refused;
      held.push_back(std::move(batch));
      break;
    }
    rows += batch->num_rows();
    held.push_back(std::move(batch));
  }
  if (refused.ok()) {
    // All of it is held. Room for the hash map and the concatenation too, or spill after all.
    const int64_t extra = rows * kBuildMapBytesPerRow + ConcatenationBytes(held);
    refused = reservation.TryGrow(extra);
    if (refused.ok()) {
      reservation.Shrink(extra);   // HashJoinStream reserves them itself as it goes
      reservation.StopSpilling();  // the rows stay in memory until the join ends
      ARROW_RETURN_NOT_OK(build->Close());
      auto schema = plan_->left()->schema();
      auto source = [this, schema, held = std::move(held),
                     reservation = std::make_shared<MemoryReservation>(std::move(reservation))](
                        MemoryReservation* out) mutable
          -> arrow::Result<std::shared_ptr<arrow::RecordBatch>> {
        *out = std::move(*reservation);
        return ConcatenateBuildBatches(schema, std::move(held), ctx(), out);
      };
      current_ = std::make_shared<HashJoinStream>(
          plan_, partition_, dynamic_filter_max_values_, std::move(probe_),
          std::make_shared<JoinSharedState>(1), ctx(), std::move(source));
      probe_.reset();
      return arrow::Status::OK();
    }
    if (!IsMemoryLimitExceeded(refused)) return refused;
  }
  reservation.Free();  // what it holds goes to disk now, part by part
  ARROW_RETURN_NOT_OK(SpillSides(std::move(held), build));
  return build->Close();
}

arrow::Status GraceHashJoinStream::SpillSides(std::vector<std::shared_ptr<arrow::RecordBatch>> held,
                                              const RecordBatchStreamPtr& build_rest) {
  spilled_ = true;
  DiskManager* disk = ctx()->disk_manager();
  const std::string prefix = "join-" + std::to_string(partition_);
  for (int p = 0; p < kFanout; ++p) {
    ARROW_ASSIGN_OR_RAISE(auto b,
                          disk->CreateSpillFile(prefix + "-build", plan_->left()->schema()));
    ARROW_ASSIGN_OR_RAISE(auto r,
                          disk->CreateSpillFile(prefix + "-probe", plan_->right()->schema()));
    build_parts_.push_back(std::move(b));
    probe_parts_.push_back(std::move(r));
  }
  for (auto& batch : held) {
    ARROW_RETURN_NOT_OK(WritePartitioned(batch, plan_->left_keys(), &build_parts_));
    batch.reset();
  }
  ARROW_RETURN_NOT_OK(WritePartitioned(build_rest.get(), plan_->left_keys(), &build_parts_));
  // The probe side is read before any part's keys are known: the dynamic filter can only be
  // told that this partition constrains nothing.
  if (const auto& filter = plan_->dynamic_filter()) {
    ARROW_RETURN_NOT_OK(
        filter->update(std::vector<DynamicFilterExpr::KeyBounds>(plan_->left_keys().size())));
  }
  ARROW_RETURN_NOT_OK(WritePartitioned(probe_.get(), plan_->right_keys(), &probe_parts_));
  ARROW_RETURN_NOT_OK(probe_->Close());
  probe_.reset();
  for (int p = 0; p < kFanout; ++p) {
    ARROW_RETURN_NOT_OK(build_parts_[p]->FinishWriting());
    ARROW_RETURN_NOT_OK(probe_parts_[p]->FinishWriting());
  }
  return arrow::Status::OK();
}

arrow::Status GraceHashJoinStream::WritePartitioned(
    arrow::RecordBatchReader* stream, const std::vector<PhysicalExprPtr>& keys,
    std::vector<std::shared_ptr<SpillFile>>* files) {
  while (true) {
    if (ctx()->is_cancelled()) return arrow::Status::Cancelled("query cancelled");
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(stream->ReadNext(&batch));
    if (!batch) return arrow::Status::OK();
    ARROW_RETURN_NOT_OK(WritePartitioned(batch, keys, files));
  }
}

arrow::Status GraceHashJoinStream::WritePartitioned(
    const std::shared_ptr<arrow::RecordBatch>& batch, const std::vector<PhysicalExprPtr>& keys,
    std::vector<std::shared_ptr<SpillFile>>* files) {
  const int64_t n = batch->num_rows();
  if (n == 0) return arrow::Status::OK();
  ARROW_ASSIGN_OR_RAISE(auto join_keys, JoinKeys::Evaluate(keys, *batch));
  hashes_.resize(static_cast<size_t>(n));
  ARROW_RETURN_NOT_OK(join_keys.Hash(hashes_.data()));
  // Counting sort of the row indices by part, then one Take per non-empty part.
  int64_t counts[kFanout + 1] = {};
  for (int64_t i = 0; i < n; ++i) ++counts[PartOf(hashes_[i]) + 1];
  for (int p = 0; p < kFanout; ++p) counts[p + 1] += counts[p];
  ARROW_ASSIGN_OR_RAISE(auto indices,
                        arrow::AllocateBuffer(n * sizeof(uint32_t), ctx()->arrow_pool()));
  auto* order = reinterpret_cast<uint32_t*>(indices->mutable_data());
  int64_t next[kFanout];
  std::copy(counts, counts + kFanout, next);
  for (int64_t i = 0; i < n; ++i) order[next[PartOf(hashes_[i])]++] = static_cast<uint32_t>(i);
  auto all = std::make_shared<arrow::UInt32Array>(n, std::move(indices));
  for (int p = 0; p < kFanout; ++p) {
    const int64_t len = counts[p + 1] - counts[p];
    if (len == 0) continue;
    ARROW_ASSIGN_OR_RAISE(auto rows,
                          arrow::compute::Take(batch, all->Slice(counts[p], len),
                                               arrow::compute::TakeOptions::NoBoundsCheck()));
    ARROW_RETURN_NOT_OK((*files)[p]->Write(rows.record_batch()));
  }
  return arrow::Status::OK();
}

arrow::Status GraceHashJoinStream::OpenPart(int part) {
  auto build_file = build_parts_[part];
  auto schema = plan_->left()->schema();
  const std::string consumer = "HashJoinExec build side partition " + std::to_string(partition_) +
                               " (spilled part " + std::to_string(part + 1) + " of " +
                               std::to_string(kFanout) + ")";
  auto source = [this, build_file, schema, consumer](
                    MemoryReservation* out) -> arrow::Result<std::shared_ptr<arrow::RecordBatch>> {
    *out = ctx()->reserve(consumer, partition_);
    ARROW_ASSIGN_OR_RAISE(auto reader, build_file->OpenReader());
    auto batches = ReadBuildBatches(reader.get(), ctx(), out);
    if (IsMemoryLimitExceeded(batches.status())) {
      return batches.status().WithMessage(
          batches.status().message(), " (a grace hash join part of ",
          FormatByteSize(build_file->bytes()), " on disk, ", build_file->rows(),
          " rows: the build side is over ", kFanout, " times its share, or its keys are skewed)");
    }
    ARROW_RETURN_NOT_OK(batches.status());
    return ConcatenateBuildBatches(schema, std::move(*batches), ctx(), out);
  };
  ARROW_ASSIGN_OR_RAISE(auto probe, probe_parts_[part]->OpenReader());
  current_ = std::make_shared<HashJoinStream>(
      plan_, partition_, dynamic_filter_max_values_, std::move(probe),
      std::make_shared<JoinSharedState>(1), ctx(), std::move(source),
      /*contributes_dynamic_filter=*/false);
  return arrow::Status::OK();
}

arrow::Status GraceHashJoinStream::Next(std::shared_ptr<arrow::RecordBatch>* out) {
  if (!started_) {
    started_ = true;
    ARROW_RETURN_NOT_OK(Start());
  }
  while (true) {
    if (current_) {
      ARROW_RETURN_NOT_OK(current_->ReadNext(out));
      if (*out) return arrow::Status::OK();
      ARROW_RETURN_NOT_OK(current_->Close());
      current_.reset();
      if (spilled_) {
        // This part is done: its files go now, not at the end of the join.
        build_parts_[next_part_ - 1].reset();
        probe_parts_[next_part_ - 1].reset();
      }
    }
    if (!spilled_ || next_part_ >= kFanout) return arrow::Status::OK();
    ARROW_RETURN_NOT_OK(OpenPart(next_part_++));
  }
}

}  // namespace quiver
