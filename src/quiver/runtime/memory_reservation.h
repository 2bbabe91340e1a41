#pragma once

#include <arrow/status.h>
#include <quiver/runtime/memory_pool.h>

#include <cstdint>
#include <memory>
#include <string>

namespace quiver {

/// Whether a consumer can give memory back by spilling when a grow is refused.
enum class Spill { kNo, kYes };

/// \brief The bytes one consumer (an operator's partition) holds in a MemoryPool; returned
/// to the pool when the reservation is freed or destroyed. Move-only. A default-constructed
/// reservation has no pool and grants everything (operators run outside any runtime in unit
/// tests).
class MemoryReservation {
 public:
  MemoryReservation() = default;
  MemoryReservation(std::shared_ptr<MemoryPool> pool, std::string consumer,
                    Spill spill = Spill::kNo)
      : pool_(std::move(pool)), consumer_(std::move(consumer)), spillable_(spill == Spill::kYes) {
    if (pool_) pool_->Register(spillable_);
  }
  ~MemoryReservation() { Release(); }
  MemoryReservation(MemoryReservation&& other) noexcept { *this = std::move(other); }
  MemoryReservation& operator=(MemoryReservation&& other) noexcept {
    if (this != &other) {
      Release();
      pool_ = std::move(other.pool_);
      consumer_ = std::move(other.consumer_);
      spillable_ = other.spillable_;
      size_ = other.size_;
      other.size_ = 0;
    }
    return *this;
  }
  MemoryReservation(const MemoryReservation&) = delete;
  MemoryReservation& operator=(const MemoryReservation&) = delete;

  /// Holds `bytes` more, or OutOfMemory (see MemoryPool::Grow) holding what it held.
  arrow::Status TryGrow(int64_t bytes) {
    if (bytes <= 0) return arrow::Status::OK();
    if (pool_) ARROW_RETURN_NOT_OK(pool_->Grow(consumer_, spillable_, size_, bytes));
    size_ += bytes;
    return arrow::Status::OK();
  }
  /// Holds exactly `bytes` (grows or shrinks).
  arrow::Status TryResize(int64_t bytes) {
    if (bytes > size_) return TryGrow(bytes - size_);
    Shrink(size_ - bytes);
    return arrow::Status::OK();
  }
  void Shrink(int64_t bytes) {
    if (bytes > size_) bytes = size_;
    if (bytes <= 0) return;
    if (pool_) pool_->Shrink(spillable_, bytes);
    size_ -= bytes;
  }
  void Free() { Shrink(size_); }
  /// From now on this consumer will not spill (it decided to keep what it holds in memory):
  /// its bytes count as unspillable and it no longer takes a fair share from the others.
  void StopSpilling() {
    if (!spillable_) return;
    if (pool_) pool_->StopSpilling(size_);
    spillable_ = false;
  }

  int64_t size() const { return size_; }
  bool spillable() const { return spillable_; }
  const std::string& consumer() const { return consumer_; }

 private:
  void Release() {
    Free();
    if (pool_) pool_->Unregister(spillable_);
    pool_.reset();
  }

  std::shared_ptr<MemoryPool> pool_;
  std::string consumer_;
  bool spillable_ = false;
  int64_t size_ = 0;
};

}  // namespace quiver
