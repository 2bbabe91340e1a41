#include <quiver/common/byte_size.h>
#include <quiver/runtime/memory_pool.h>

namespace quiver {
std::shared_ptr<MemoryPool> MemoryPool::Make(std::string name, std::optional<int64_t> limit,
                                             std::shared_ptr<MemoryPool> parent) {
  return std::shared_ptr<MemoryPool>(new MemoryPool(std::move(name), limit, std::move(parent)));
}

arrow::Status MemoryPool::Grow(const std::string& consumer, int64_t held, int64_t bytes) {
  if (bytes <= 0) return arrow::Status::OK();
  int64_t current = reserved_.load(std::memory_order_relaxed);
  while (true) {
    if (limit_ && current + bytes > *limit_) {
      return arrow::Status::OutOfMemory(
          kMemoryLimitExceeded, consumer, " asked for ", FormatByteSize(bytes), " more (it holds ",
          FormatByteSize(held), "); ", name_, " has ", FormatByteSize(current), " of ",
          FormatByteSize(*limit_), " reserved");
    }
    if (reserved_.compare_exchange_weak(current, current + bytes, std::memory_order_relaxed)) {
      break;
    }
  }
  if (parent_) {
    arrow::Status st = parent_->Grow(consumer, held, bytes);
    if (!st.ok()) {
      reserved_.fetch_sub(bytes, std::memory_order_relaxed);
      return st;
    }
  }
  const int64_t now = current + bytes;
  int64_t peak = peak_.load(std::memory_order_relaxed);
  while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
  return arrow::Status::OK();
}

void MemoryPool::Shrink(int64_t bytes) {
  if (bytes <= 0) return;
  reserved_.fetch_sub(bytes, std::memory_order_relaxed);
  if (parent_) parent_->Shrink(bytes);
}

bool IsMemoryLimitExceeded(const arrow::Status& status) {
  return status.IsOutOfMemory() && status.message().rfind(kMemoryLimitExceeded, 0) == 0;
}

}  // namespace quiver
