#pragma once

#include <arrow/status.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace quiver {

/// \brief Accounting of the memory that operators buffer (sort runs, hash tables, join build
/// sides), in the spirit of DataFusion's MemoryPool: operators reserve through a
/// MemoryReservation before they grow, and a refused reservation is the signal to spill or to
/// fail with RESOURCES_EXHAUSTED. It does not allocate; Arrow's allocator does.
///
/// Pools nest: a process has one pool (`--memory-limit`), each query gets a child pool (the
/// session's `memory_limit`), and a grow must fit every pool up the chain. Greedy: first come,
/// first served.
class MemoryPool {
 public:
  /// `limit` nullopt: unbounded (still counted, for figures). `parent` may be null.
  static std::shared_ptr<MemoryPool> Make(std::string name, std::optional<int64_t> limit,
                                          std::shared_ptr<MemoryPool> parent = nullptr);
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  /// Adds `bytes` held by `consumer` (which already holds `held`) or refuses with
  /// OutOfMemory naming the consumer, the sizes and the pool whose limit it would pass.
  arrow::Status Grow(const std::string& consumer, int64_t held, int64_t bytes);
  /// Returns bytes earlier granted by Grow.
  void Shrink(int64_t bytes);

  const std::string& name() const { return name_; }
  std::optional<int64_t> limit() const { return limit_; }
  int64_t reserved() const { return reserved_.load(std::memory_order_relaxed); }
  /// Highest `reserved()` seen.
  int64_t peak() const { return peak_.load(std::memory_order_relaxed); }

 private:
  MemoryPool(std::string name, std::optional<int64_t> limit, std::shared_ptr<MemoryPool> parent)
      : name_(std::move(name)), limit_(limit), parent_(std::move(parent)) {}

  std::string name_;
  std::optional<int64_t> limit_;
  std::shared_ptr<MemoryPool> parent_;
  std::atomic<int64_t> reserved_{0};
  std::atomic<int64_t> peak_{0};
};

/// How a refused reservation's message starts.
inline constexpr const char* kMemoryLimitExceeded = "memory limit exceeded: ";

/// True for the status a refused reservation returns (the cue to spill).
bool IsMemoryLimitExceeded(const arrow::Status& status);

}  // namespace quiver
