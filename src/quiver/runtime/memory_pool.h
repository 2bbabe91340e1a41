#pragma once

#include <arrow/status.h>
#include <quiver/runtime/sync.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace quiver {

/// How a refused reservation's message starts.
inline constexpr const char* kMemoryLimitExceeded = "memory limit exceeded: ";

/// \brief Accounting of the memory that operators buffer (sort runs, hash tables, join build
/// sides), in the spirit of DataFusion's MemoryPool: operators reserve through a
/// MemoryReservation before they grow, and a refused reservation is the signal to spill or to
/// fail with RESOURCES_EXHAUSTED. It does not allocate; Arrow's allocator does.
///
/// Pools nest: a process has one pool (`--memory-limit`), each query gets a child pool (the
/// session's `memory_limit`), and a grow must fit every pool up the chain.
///
/// Policy (DataFusion's FairSpillPool): consumers that cannot spill take what they need while
/// it fits; consumers that can spill share what the others leave equally, so one sort cannot
/// starve the other partitions' sorts into failing before they buffered anything. A spilling
/// consumer that asks within its share while the others (started before it) still hold more
/// than theirs waits up to kSpillWait for them to spill at their next grow.
class MemoryPool {
 public:
  /// `limit` nullopt: unbounded (still counted, for figures). `parent` may be null.
  static std::shared_ptr<MemoryPool> Make(std::string name, std::optional<int64_t> limit,
                                          std::shared_ptr<MemoryPool> parent = nullptr);
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  /// A consumer starts (MemoryReservation does this).
  void Register(bool spillable);
  void Unregister(bool spillable);
  /// Adds `bytes` for `consumer` (which already holds `held`), or refuses with OutOfMemory
  /// naming the consumer, the sizes and the pool whose limit (or fair share) it would pass.
  arrow::Status Grow(const std::string& consumer, bool spillable, int64_t held, int64_t bytes);
  /// Returns bytes earlier granted by Grow.
  void Shrink(bool spillable, int64_t bytes);
  /// A spillable consumer holding `held` bytes becomes one that cannot spill.
  void StopSpilling(int64_t held);

  const std::string& name() const { return name_; }
  std::optional<int64_t> limit() const { return limit_; }
  int64_t reserved() const;
  /// Highest `reserved()` seen.
  int64_t peak() const;

 private:
  MemoryPool(std::string name, std::optional<int64_t> limit, std::shared_ptr<MemoryPool> parent)
      : name_(std::move(name)), limit_(limit), parent_(std::move(parent)) {}
  arrow::Status GrowHere(const std::string& consumer, bool spillable, int64_t held, int64_t bytes);

  const std::string name_;
  const std::optional<int64_t> limit_;
  const std::shared_ptr<MemoryPool> parent_;
  static constexpr std::chrono::milliseconds kSpillWait{10000};

  mutable Mutex mutex_;
  ConditionVariable released_;  // bytes were returned or a consumer left
  int64_t reserved_ = 0;
  int64_t unspillable_ = 0;  // part of reserved_ held by consumers that cannot spill
  int64_t spillable_consumers_ = 0;
  int64_t peak_ = 0;
};

/// True for the status a refused reservation returns (the cue to spill).
bool IsMemoryLimitExceeded(const arrow::Status& status);

}  // namespace quiver
