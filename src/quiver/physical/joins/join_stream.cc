#include <quiver/physical/joins/join_stream.h>

#include <algorithm>

namespace quiver {
namespace {

bool EmitsPairs(JoinType t) {
  return t == JoinType::kInner || t == JoinType::kLeft || t == JoinType::kRight ||
         t == JoinType::kFull;
}

bool TracksBuild(JoinType t) {
  return t == JoinType::kLeft || t == JoinType::kFull || t == JoinType::kLeftSemi ||
         t == JoinType::kLeftAnti || t == JoinType::kLeftMark;
}

bool TracksProbe(JoinType t) {
  return t == JoinType::kRight || t == JoinType::kFull || t == JoinType::kRightSemi ||
         t == JoinType::kRightAnti || t == JoinType::kRightMark;
}

// Probe rows of these joins are decided by their first match.
bool OneMatchPerProbeRow(JoinType t) {
  return t == JoinType::kRightSemi || t == JoinType::kRightAnti || t == JoinType::kRightMark;
}

// Joins whose output has probe rows without a match; the others need not probe a build side
// that cannot match.
bool KeepsUnmatchedProbe(JoinType t) {
  return t == JoinType::kRight || t == JoinType::kFull || t == JoinType::kRightAnti ||
         t == JoinType::kRightMark;
}

}  // namespace

JoinStream::JoinStream(std::shared_ptr<arrow::Schema> schema, JoinType join_type, bool null_aware,
                       int left_fields, int right_fields, RecordBatchStreamPtr probe,
                       std::shared_ptr<JoinSharedState> shared, TaskContextPtr ctx)
    : PlanStream(schema, ctx),
      join_type_(join_type),
      null_aware_(null_aware),
      output_(schema, join_type, left_fields, right_fields),
      probe_(std::move(probe)),
      shared_(std::move(shared)),
      batch_size_(BatchSizeOf(ctx)) {}

JoinStream::~JoinStream() { (void)JoinStream::CloseInputs(); }

bool JoinStream::tracks_build() const { return TracksBuild(join_type_); }

void JoinStream::FinishProbe(bool completed) {
  if (probe_finished_) return;
  probe_finished_ = true;
  const bool last = shared_->FinishProbe(completed);
  phase_ = completed && last && TracksBuild(join_type_) ? Phase::kBuildTail : Phase::kDone;
  build_scan_pos_ = 0;
}

arrow::Status JoinStream::CloseInputs() {
  FinishProbe(false);
  if (!probe_) return arrow::Status::OK();
  auto probe = std::move(probe_);
  probe_ = nullptr;
  return probe->Close();
}

arrow::Status JoinStream::Record(const std::vector<uint32_t>& build_rows,
                                 const std::vector<uint32_t>& probe_rows) {
  if (TracksBuild(join_type_)) build_->visited.Set(build_rows.data(), build_rows.size());
  if (TracksProbe(join_type_)) {
    for (uint32_t p : probe_rows) probe_matched_[p] = 1;
    if (OneMatchPerProbeRow(join_type_)) {
      for (uint32_t p : probe_rows) probe_mask_[p] = 0;
    }
  }
  return arrow::Status::OK();
}

void JoinStream::EndProbeBatch() {
  if (TracksProbe(join_type_)) {
    PrepareProbeTail();
    phase_ = Phase::kProbeTail;
  } else {
    probe_batch_.reset();
    phase_ = Phase::kProbe;
  }
}

void JoinStream::PrepareProbeTail() {
  const int64_t n = probe_batch_->num_rows();
  const bool build_empty = build_->num_rows() == 0;
  tail_rows_.clear();
  tail_mark_.clear();
  tail_pos_ = 0;
  switch (join_type_) {
    case JoinType::kRight:
    case JoinType::kFull:
      for (int64_t r = 0; r < n; ++r) {
        if (!probe_matched_[r]) tail_rows_.push_back(static_cast<uint32_t>(r));
      }
      break;
    case JoinType::kRightSemi:
      for (int64_t r = 0; r < n; ++r) {
        if (probe_matched_[r]) tail_rows_.push_back(static_cast<uint32_t>(r));
      }
      break;
    case JoinType::kRightAnti:
      if (null_aware_ && build_->has_null_key) break;  // x NOT IN (..., NULL) is never true
      for (int64_t r = 0; r < n; ++r) {
        if (probe_matched_[r]) continue;
        if (null_aware_ && !build_empty && ProbeKeyNull(r)) continue;  // NULL NOT IN (...)
        tail_rows_.push_back(static_cast<uint32_t>(r));
      }
      break;
    case JoinType::kRightMark:
      tail_rows_.resize(static_cast<size_t>(n));
      tail_mark_.resize(static_cast<size_t>(n));
      for (int64_t r = 0; r < n; ++r) {
        tail_rows_[r] = static_cast<uint32_t>(r);
        uint8_t mark = probe_matched_[r] ? 1 : 0;
        if (!mark && null_aware_ && (build_->has_null_key || (!build_empty && ProbeKeyNull(r)))) {
          mark = 2;  // unknown: a NULL took part in the comparison
        }
        tail_mark_[r] = mark;
      }
      break;
    default:
      break;
  }
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> JoinStream::NextBuildTail() {
  const int64_t n = build_->num_rows();
  tail_rows_.clear();
  tail_mark_.clear();
  const size_t limit = static_cast<size_t>(batch_size_);
  const VisitedRows& visited = build_->visited;
  while (build_scan_pos_ < n && tail_rows_.size() < limit) {
    const int64_t r = build_scan_pos_++;
    const bool v = visited.Get(r);
    switch (join_type_) {
      case JoinType::kLeft:
      case JoinType::kFull:
      case JoinType::kLeftAnti:
        if (!v) tail_rows_.push_back(static_cast<uint32_t>(r));
        break;
      case JoinType::kLeftSemi:
        if (v) tail_rows_.push_back(static_cast<uint32_t>(r));
        break;
      case JoinType::kLeftMark:
        tail_rows_.push_back(static_cast<uint32_t>(r));
        tail_mark_.push_back(v ? 1 : 0);
        break;
      default:
        break;
    }
  }
  if (tail_rows_.empty()) return nullptr;
  return output_.BuildRows(*build_->batch, tail_rows_,
                           join_type_ == JoinType::kLeftMark ? &tail_mark_ : nullptr, 0,
                           tail_rows_.size());
}

arrow::Status JoinStream::Next(std::shared_ptr<arrow::RecordBatch>* out) {
  while (true) {
    if (ctx() && ctx()->is_cancelled()) return arrow::Status::Cancelled("query cancelled");
    switch (phase_) {
      case Phase::kBuild: {
        ARROW_ASSIGN_OR_RAISE(build_, shared_->Build([this] { return MakeBuildSide(); }));
        if (TracksBuild(join_type_) && build_->visited.size() != build_->num_rows()) {
          return arrow::Status::Invalid("join build side without its visited bitmap");
        }
        phase_ = Phase::kProbe;
        // Skip the probe when its rows cannot change the output.
        if (!build_->can_match && !KeepsUnmatchedProbe(join_type_)) FinishProbe(true);
        if (null_aware_ && join_type_ == JoinType::kRightAnti && build_->has_null_key) {
          FinishProbe(true);
        }
        break;
      }
      case Phase::kProbe: {
        std::shared_ptr<arrow::RecordBatch> batch;
        ARROW_RETURN_NOT_OK(probe_->ReadNext(&batch));
        if (!batch) {
          FinishProbe(true);
          break;
        }
        const int64_t n = batch->num_rows();
        if (n == 0) break;
        probe_batch_ = std::move(batch);
        probe_mask_.assign(static_cast<size_t>(n), 1);
        if (TracksProbe(join_type_)) probe_matched_.assign(static_cast<size_t>(n), 0);
        chunks_done_ = false;
        ARROW_RETURN_NOT_OK(StartProbe(probe_batch_));
        phase_ = Phase::kMatch;
        break;
      }
      case Phase::kMatch: {
        if (!EmitsPairs(join_type_)) {
          // Only marks: walk the whole batch in chunks.
          while (!chunks_done_) {
            if (ctx() && ctx()->is_cancelled()) return arrow::Status::Cancelled("query cancelled");
            build_rows_.clear();
            probe_rows_.clear();
            ARROW_ASSIGN_OR_RAISE(chunks_done_, NextChunk(batch_size_, &build_rows_, &probe_rows_));
            ARROW_RETURN_NOT_OK(Record(build_rows_, probe_rows_));
          }
          EndProbeBatch();
          break;
        }
        const size_t limit = static_cast<size_t>(batch_size_);
        if (pending_pos_ > 0) {  // keep only the leftover (< batch_size) before finding more
          pending_build_.erase(pending_build_.begin(), pending_build_.begin() + pending_pos_);
          pending_probe_.erase(pending_probe_.begin(), pending_probe_.begin() + pending_pos_);
          pending_pos_ = 0;
        }
        while (!chunks_done_ && pending_build_.size() - pending_pos_ < limit) {
          if (ctx() && ctx()->is_cancelled()) return arrow::Status::Cancelled("query cancelled");
          ARROW_ASSIGN_OR_RAISE(chunks_done_,
                                NextChunk(batch_size_, &pending_build_, &pending_probe_));
        }
        const size_t n = std::min(limit, pending_build_.size() - pending_pos_);
        if (pending_pos_ == 0 && n == pending_build_.size()) {
          build_rows_.swap(pending_build_);
          probe_rows_.swap(pending_probe_);
          pending_build_.clear();
          pending_probe_.clear();
        } else {
          build_rows_.assign(pending_build_.begin() + pending_pos_,
                             pending_build_.begin() + pending_pos_ + n);
          probe_rows_.assign(pending_probe_.begin() + pending_pos_,
                             pending_probe_.begin() + pending_pos_ + n);
          pending_pos_ += n;
        }
        if (pending_pos_ == pending_build_.size()) {
          pending_build_.clear();
          pending_probe_.clear();
          pending_pos_ = 0;
        }
        ARROW_RETURN_NOT_OK(Record(build_rows_, probe_rows_));
        auto batch = probe_batch_;
        if (chunks_done_ && pending_build_.empty()) EndProbeBatch();
        if (n > 0) {
          ARROW_ASSIGN_OR_RAISE(*out,
                                output_.Pairs(*build_->batch, *batch, build_rows_, probe_rows_));
          return arrow::Status::OK();
        }
        break;
      }
      case Phase::kProbeTail: {
        if (tail_pos_ < tail_rows_.size()) {
          const size_t n =
              std::min(static_cast<size_t>(batch_size_), tail_rows_.size() - tail_pos_);
          ARROW_ASSIGN_OR_RAISE(
              *out, output_.ProbeRows(*probe_batch_, tail_rows_,
                                      join_type_ == JoinType::kRightMark ? &tail_mark_ : nullptr,
                                      tail_pos_, n));
          tail_pos_ += n;
          return arrow::Status::OK();
        }
        probe_batch_.reset();
        phase_ = Phase::kProbe;
        break;
      }
      case Phase::kBuildTail: {
        ARROW_ASSIGN_OR_RAISE(*out, NextBuildTail());
        if (*out) return arrow::Status::OK();
        phase_ = Phase::kDone;
        break;
      }
      case Phase::kDone:
        return arrow::Status::OK();
    }
  }
}

}  // namespace quiver
