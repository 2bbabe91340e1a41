#pragma once

#include <arrow/result.h>
#include <quiver/physical/joins/join_build_side.h>
#include <quiver/runtime/sync.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace quiver {

/// \brief What the output partitions of a join share: the build side, made once by the first
/// partition that needs it while the others wait (its error reaches all of them), and a count
/// of the probe partitions still running, so the last one to finish emits the build rows that
/// only the whole probe decides (unmatched rows of a Left join, ...).
///
/// Collect-left joins keep one per plan instance; a partitioned hash join makes one per output
/// partition (its own build, a count of one).
class JoinSharedState {
 public:
  using BuildFn = std::function<arrow::Result<std::shared_ptr<JoinBuildSide>>()>;

  explicit JoinSharedState(int probe_partitions) : remaining_probes_(probe_partitions) {}

  /// The build side: `make` runs in the first caller; later callers wait for its result.
  arrow::Result<std::shared_ptr<JoinBuildSide>> Build(const BuildFn& make) {
    std::unique_lock<Mutex> lock(mutex_);
    if (!started_) {
      started_ = true;
      lock.unlock();
      auto result = make();
      lock.lock();
      result_ = result;
      done_ = true;
      done_cv_.notify_all();
      return result;
    }
    done_cv_.wait(lock, [&] { return done_; });
    return result_;
  }

  /// One probe partition ended; `completed` when it read its whole input (false when it was
  /// closed early). True for the last one to end when every probe completed: that one emits
  /// the build rows. The acq_rel count orders every probe's VisitedRows updates before it.
  bool FinishProbe(bool completed) {
    if (!completed) abandoned_.store(true);
    const bool last = remaining_probes_.fetch_sub(1, std::memory_order_acq_rel) == 1;
    return last && !abandoned_.load();
  }

 private:
  Mutex mutex_;
  ConditionVariable done_cv_;
  bool started_ = false;
  bool done_ = false;
  arrow::Result<std::shared_ptr<JoinBuildSide>> result_;
  std::atomic<int> remaining_probes_;
  std::atomic<bool> abandoned_{false};
};

}  // namespace quiver
