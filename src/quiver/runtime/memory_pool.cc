#include <quiver/common/byte_size.h>
#include <quiver/runtime/memory_pool.h>

#include <algorithm>
#include <chrono>

namespace quiver {

std::shared_ptr<MemoryPool> MemoryPool::Make(std::string name, std::optional<int64_t> limit,
                                             std::shared_ptr<MemoryPool> parent) {
  return std::shared_ptr<MemoryPool>(new MemoryPool(std::move(name), limit, std::move(parent)));
}

void MemoryPool::Register(bool spillable) {
  if (spillable) {
    std::lock_guard<Mutex> lock(mutex_);
    ++spillable_consumers_;
  }
  if (parent_) parent_->Register(spillable);
}

void MemoryPool::Unregister(bool spillable) {
  if (spillable) {
    std::lock_guard<Mutex> lock(mutex_);
    --spillable_consumers_;
  }
  released_.notify_all();  // every remaining share grew
  if (parent_) parent_->Unregister(spillable);
}

arrow::Status MemoryPool::GrowHere(const std::string& consumer, bool spillable, int64_t held,
                                   int64_t bytes) {
  std::unique_lock<Mutex> lock(mutex_);
  if (limit_) {
    auto refuse = [&](const std::string& what) {
      return arrow::Status::OutOfMemory(kMemoryLimitExceeded, consumer, " asked for ",
                                        FormatByteSize(bytes), " more (it holds ",
                                        FormatByteSize(held), "); ", what);
    };
    const auto deadline = std::chrono::steady_clock::now() + kSpillWait;
    while (true) {
      const int64_t spillers = std::max<int64_t>(1, spillable_consumers_);
      const int64_t share = (*limit_ - unspillable_) / spillers;
      if (spillable && held + bytes > share) {
        return refuse("its fair share of " + name_ + " is " + FormatByteSize(share) + " (" +
                      FormatByteSize(*limit_) + " less " + FormatByteSize(unspillable_) +
                      " held by operators that cannot spill, over " +
                      std::to_string(spillable_consumers_) + " that can)");
      }
      if (reserved_ + bytes <= *limit_) break;
      // A spilling consumer within its share, in a pool that others filled before it started:
      // they hold more than their share now and give it back at their next grow (they spill),
      // so wait for that rather than fail.
      const int64_t others_spillable = reserved_ - unspillable_ - (spillable ? held : 0);
      const bool others_over_share = spillable && others_spillable > share * (spillers - 1);
      if (!others_over_share ||
          released_.wait_until(lock, deadline) == boost::fibers::cv_status::timeout) {
        return refuse(name_ + " has " + FormatByteSize(reserved_) + " of " +
                      FormatByteSize(*limit_) + " reserved" +
                      (others_over_share
                           ? ", still after waiting " + std::to_string(kSpillWait.count()) +
                                 " ms for spilling operators to give some back"
                           : ""));
      }
    }
  }
  reserved_ += bytes;
  if (!spillable) unspillable_ += bytes;
  peak_ = std::max(peak_, reserved_);
  return arrow::Status::OK();
}

arrow::Status MemoryPool::Grow(const std::string& consumer, bool spillable, int64_t held,
                               int64_t bytes) {
  if (bytes <= 0) return arrow::Status::OK();
  ARROW_RETURN_NOT_OK(GrowHere(consumer, spillable, held, bytes));
  if (parent_) {
    arrow::Status st = parent_->Grow(consumer, spillable, held, bytes);
    if (!st.ok()) {
      std::lock_guard<Mutex> lock(mutex_);
      reserved_ -= bytes;
      if (!spillable) unspillable_ -= bytes;
      return st;
    }
  }
  return arrow::Status::OK();
}

void MemoryPool::Shrink(bool spillable, int64_t bytes) {
  if (bytes <= 0) return;
  {
    std::lock_guard<Mutex> lock(mutex_);
    reserved_ -= bytes;
    if (!spillable) unspillable_ -= bytes;
  }
  released_.notify_all();
  if (parent_) parent_->Shrink(spillable, bytes);
}

void MemoryPool::StopSpilling(int64_t held) {
  {
    std::lock_guard<Mutex> lock(mutex_);
    --spillable_consumers_;
    unspillable_ += held;
  }
  released_.notify_all();  // the shares changed
  if (parent_) parent_->StopSpilling(held);
}

int64_t MemoryPool::reserved() const {
  std::lock_guard<Mutex> lock(mutex_);
  return reserved_;
}

int64_t MemoryPool::peak() const {
  std::lock_guard<Mutex> lock(mutex_);
  return peak_;
}

bool IsMemoryLimitExceeded(const arrow::Status& status) {
  return status.IsOutOfMemory() && status.message().rfind(kMemoryLimitExceeded, 0) == 0;
}

}  // namespace quiver
