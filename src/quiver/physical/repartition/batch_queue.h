#pragma once

#include <arrow/record_batch.h>
#include <arrow/status.h>
#include <quiver/runtime/sync.h>

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>  // std::unique_lock, std::lock_guard

namespace quiver {

/// \brief A batch queue between producer tasks and one consumer. Bounded (producers wait
/// while full) or unbounded (capacity 0). The first producer error is delivered to the
/// consumer ahead of any queued batches; `Cancel` (consumer gone) drops the contents and
/// makes further pushes return false so producers stop.
class BatchQueue {
 public:
  BatchQueue(size_t capacity, int producers) : capacity_(capacity), producers_(producers) {}

  /// Returns false when the consumer went away: stop producing.
  bool Push(std::shared_ptr<arrow::RecordBatch> batch) {
    std::unique_lock<Mutex> lock(mutex_);
    if (capacity_ > 0) {
      not_full_.wait(lock, [&] { return cancelled_ || queue_.size() < capacity_; });
    }
    if (cancelled_) return false;
    queue_.push_back(std::move(batch));
    not_empty_.notify_one();
    return true;
  }

  /// One producer finished (with its final status).
  void ProducerDone(const arrow::Status& status) {
    std::lock_guard<Mutex> lock(mutex_);
    if (!status.ok() && error_.ok()) error_ = status;
    --producers_;
    not_empty_.notify_all();
  }

  /// Blocks for the next batch; nullptr once every producer is done and the queue is empty.
  arrow::Status Pop(std::shared_ptr<arrow::RecordBatch>* out) {
    std::unique_lock<Mutex> lock(mutex_);
    not_empty_.wait(
        lock, [&] { return cancelled_ || !error_.ok() || !queue_.empty() || producers_ <= 0; });
    *out = nullptr;
    if (!error_.ok()) return error_;
    if (cancelled_) return arrow::Status::Cancelled("stream closed");
    if (!queue_.empty()) {
      *out = std::move(queue_.front());
      queue_.pop_front();
      not_full_.notify_one();
    }
    return arrow::Status::OK();
  }

  void Cancel() {
    std::lock_guard<Mutex> lock(mutex_);
    cancelled_ = true;
    queue_.clear();
    not_full_.notify_all();
    not_empty_.notify_all();
  }

  bool cancelled() const {
    std::lock_guard<Mutex> lock(mutex_);
    return cancelled_;
  }

 private:
  mutable Mutex mutex_;
  ConditionVariable not_empty_;
  ConditionVariable not_full_;
  std::deque<std::shared_ptr<arrow::RecordBatch>> queue_;
  size_t capacity_;
  int producers_;
  arrow::Status error_;
  bool cancelled_ = false;
};

}  // namespace quiver
