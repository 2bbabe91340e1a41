#include <arrow/flight/client.h>
#include <arrow/flight/types.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <arrow/util/align_util.h>
#include <quiver/common/exception_boundary.h>
#include <quiver/distributed/remote_stream.h>
#include <quiver/distributed/worker_loss.h>
#include <quiver/runtime/sync.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <mutex>
#include <thread>

namespace quiver {
namespace {

// Batches buffered per stream before its reader thread waits for the consumer.
constexpr size_t kBufferedBatchesPerSource = 4;

// The worker's error, or its loss (kWorkerLost: `lost`, or a call it did not answer), named by
// worker, stage and task.
arrow::Status Blame(const RemoteSource& source, const arrow::Status& st, bool lost = false) {
  // The Flight client appends gRPC debug context to the worker's message; keep the message.
  std::string message = st.message();
  auto debug = message.find(". gRPC client debug context:");
  if (debug != std::string::npos) message.resize(debug);
  // Flight has no status code for RESOURCE_EXHAUSTED (a worker's refused reservation reaches
  // us as UNKNOWN): give a memory-limit failure back its own code.
  arrow::Status base = st;
  if (message.find(kMemoryLimitExceeded) != std::string::npos && !st.IsOutOfMemory()) {
    base = arrow::Status::OutOfMemory(message);
  }
  return base.WithMessage("worker ", source.url, " failed stage ", source.stage_id, " task ",
                          source.task_index, ": ", lost || IsUnreachable(st) ? kWorkerLost : "",
                          message);
}

using Clock = std::chrono::steady_clock;

// The reading state of one RemoteStream, shared with its reader threads: a thread stuck in a
// call to a hung worker is left behind when the stream stops, and keeps this alive until gRPC
// gives up on it.
class RemoteStreamState : public std::enable_shared_from_this<RemoteStreamState> {
 public:
  RemoteStreamState(std::shared_ptr<arrow::Schema> schema, std::vector<RemoteSource> sources,
                    std::shared_ptr<ChannelResolver> channels,
                    std::vector<std::pair<std::string, std::string>> headers, TaskContextPtr ctx)
      : schema_(std::move(schema)),
        sources_(std::move(sources)),
        channels_(std::move(channels)),
        headers_(std::move(headers)),
        ctx_(std::move(ctx)),
        timeout_(std::chrono::milliseconds(
            (ctx_ ? ctx_->config() : SessionConfig{}).distributed_worker_timeout_ms)),
        calls_(sources_.size()),
        waiting_since_(sources_.size(), Clock::time_point::max()),
        connecting_(sources_.size(), false) {}

  const std::shared_ptr<arrow::Schema>& schema() const { return schema_; }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) {
    *out = nullptr;
    std::unique_lock<Mutex> lock(mutex_);
    if (stopped_ && !started_) return arrow::Status::OK();  // closed before the first read
    if (!started_) {
      started_ = true;
      auto self = shared_from_this();
      for (size_t i = 0; i < sources_.size(); ++i) {
        arrow::Status st = StartThread(&threads_, "reading a stage", [self, i] { self->Run(i); });
        if (!st.ok()) {
          if (error_.ok()) error_ = st;
          finished_ += sources_.size() - i;  // these never run
          break;
        }
      }
    }
    while (true) {
      if (!error_.ok()) {
        auto st = error_;
        lock.unlock();
        Stop();
        return st;
      }
      if (!queue_.empty()) {
        *out = std::move(queue_.front());
        queue_.pop_front();
        space_.notify_all();
        return arrow::Status::OK();
      }
      if (finished_ == sources_.size() || stopped_) return arrow::Status::OK();
      if (ctx_ && ctx_->is_cancelled()) {
        lock.unlock();
        Stop();
        return arrow::Status::Cancelled("query cancelled while reading from workers");
      }
      // A worker streams batches or heartbeats (HeartbeatFlightStream); one that sends nothing
      // for the timeout is stopped, hung or cut off.
      const auto now = Clock::now();
      for (size_t i = 0; i < sources_.size(); ++i) {
        if (waiting_since_[i] != Clock::time_point::max() && now - waiting_since_[i] > timeout_) {
          auto st = Blame(
              sources_[i],
              arrow::Status::IOError("no data and no heartbeat for ", timeout_.count(),
                                     " ms: the worker is not answering (stopped, hung or cut off; "
                                     "distributed.worker_timeout_ms sets the wait)"),
              /*lost=*/true);
          if (error_.ok()) error_ = st;
          lock.unlock();
          Stop();
          return st;
        }
      }
      ready_.wait_for(lock, std::chrono::milliseconds(100));
    }
  }

  void Stop() {
    std::vector<std::thread> threads;
    {
      std::lock_guard<Mutex> lock(mutex_);
      stopped_ = true;
      for (auto* call : calls_) {
        if (call) call->Cancel();
      }
      space_.notify_all();
      ready_.notify_all();
      // A thread still opening its call cannot be cancelled (Flight's DoGet waits for the
      // schema): it is left to finish on its own; it holds this state alive.
      for (size_t i = 0; i < threads_.size(); ++i) {
        if (connecting_[i]) {
          threads_[i].detach();
        }
      }
      threads = std::move(threads_);
      threads_.clear();
    }
    for (auto& t : threads) {
      if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
      if (t.joinable()) t.detach();  // this thread: the last owner is ending it
    }
  }

 private:
  void Fail(const arrow::Status& st) {
    std::lock_guard<Mutex> lock(mutex_);
    if (error_.ok() && !stopped_) error_ = st;
    ready_.notify_all();
  }

  void Finish() {
    std::lock_guard<Mutex> lock(mutex_);
    ++finished_;
    ready_.notify_all();
  }

  void Run(size_t i) {
    const RemoteSource& source = sources_[i];
    auto st = CatchExceptions("reading a stage", [&] { return Read(i); });
    if (!st.ok()) Fail(Blame(source, st));
    Finish();
  }

  // Source i is now waiting for its worker (or, with `waiting` false, has heard from it).
  void SetWaiting(size_t i, bool waiting) {
    std::lock_guard<Mutex> lock(mutex_);
    waiting_since_[i] = waiting ? Clock::now() : Clock::time_point::max();
  }

  arrow::Status Read(size_t i) {
    const RemoteSource& source = sources_[i];
    ARROW_ASSIGN_OR_RAISE(auto client, channels_->get_flight_client(source.url));
    arrow::flight::FlightCallOptions options;
    options.headers = headers_;
    options.headers.emplace_back(kHeartbeatHeader,
                                 std::to_string(std::max<int64_t>(timeout_.count() / 4, 1)));
    arrow::flight::Ticket ticket{source.ticket};
    {
      std::lock_guard<Mutex> lock(mutex_);
      if (stopped_) return arrow::Status::OK();
      connecting_[i] = true;
      waiting_since_[i] = Clock::now();
    }
    auto opened = client->DoGet(options, ticket);
    {
      std::lock_guard<Mutex> lock(mutex_);
      connecting_[i] = false;
      waiting_since_[i] = Clock::time_point::max();
    }
    ARROW_ASSIGN_OR_RAISE(auto call, std::move(opened));
    {
      std::lock_guard<Mutex> lock(mutex_);
      if (stopped_) {
        call->Cancel();
        return arrow::Status::OK();
      }
      calls_[i] = call.get();
    }
    auto status = Pump(i, call.get());
    std::lock_guard<Mutex> lock(mutex_);
    calls_[i] = nullptr;
    waiting_since_[i] = Clock::time_point::max();
    return stopped_ ? arrow::Status::OK() : status;
  }

  arrow::Status Pump(size_t i, arrow::flight::FlightStreamReader* call) {
    while (true) {
      SetWaiting(i, true);
      ARROW_ASSIGN_OR_RAISE(auto chunk, call->Next());
      SetWaiting(i, false);
      if (!chunk.data) {
        if (chunk.app_metadata) continue;  // a heartbeat: the worker is alive, still computing
        return arrow::Status::OK();
      }
      auto batch = chunk.data;
      if (batch->num_columns() != schema_->num_fields()) {
        return arrow::Status::Invalid("stream has ", batch->num_columns(), " columns, expected ",
                                      schema_->num_fields());
      }
      for (int c = 0; c < batch->num_columns(); ++c) {
        if (!batch->column(c)->type()->Equals(*schema_->field(c)->type())) {
          return arrow::Status::Invalid("column ", c, " has type ",
                                        batch->column(c)->type()->ToString(), ", expected ",
                                        schema_->field(c)->type()->ToString());
        }
      }
      batch = arrow::RecordBatch::Make(schema_, batch->num_rows(), batch->columns());
      // gRPC hands the IPC body over wherever it landed in its slice, so buffers can be
      // misaligned; the engine's typed loops read values through typed pointers, which needs
      // each buffer aligned for its type. Copies only the misaligned buffers.
      ARROW_ASSIGN_OR_RAISE(
          batch, arrow::util::EnsureAlignment(std::move(batch), arrow::util::kValueAlignment,
                                              arrow::default_memory_pool()));
      std::unique_lock<Mutex> lock(mutex_);
      space_.wait(lock, [&] {
        return stopped_ || !error_.ok() ||
               queue_.size() < kBufferedBatchesPerSource * sources_.size();
      });
      if (stopped_ || !error_.ok()) return arrow::Status::OK();
      queue_.push_back(std::move(batch));
      ready_.notify_all();
    }
  }

  std::shared_ptr<arrow::Schema> schema_;
  std::vector<RemoteSource> sources_;
  std::shared_ptr<ChannelResolver> channels_;
  std::vector<std::pair<std::string, std::string>> headers_;
  TaskContextPtr ctx_;

  // Fiber-aware: the consumer is an executor task, the readers are threads of their own.
  Mutex mutex_;
  ConditionVariable ready_;
  ConditionVariable space_;
  std::deque<std::shared_ptr<arrow::RecordBatch>> queue_;
  const std::chrono::milliseconds timeout_;
  std::vector<arrow::flight::FlightStreamReader*> calls_;
  std::vector<Clock::time_point> waiting_since_;  // max: not waiting for the network
  std::vector<bool> connecting_;                  // in DoGet, which cannot be cancelled
  std::vector<std::thread> threads_;
  arrow::Status error_;
  size_t finished_ = 0;
  bool started_ = false;
  bool stopped_ = false;
};

/// The stream its consumer holds: dropping it stops the reading like Close().
class RemoteStream : public arrow::RecordBatchReader {
 public:
  explicit RemoteStream(std::shared_ptr<RemoteStreamState> state) : state_(std::move(state)) {}
  ~RemoteStream() override { state_->Stop(); }
  std::shared_ptr<arrow::Schema> schema() const override { return state_->schema(); }
  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) override {
    return state_->ReadNext(out);
  }
  arrow::Status Close() override {
    state_->Stop();
    return arrow::Status::OK();
  }

 private:
  std::shared_ptr<RemoteStreamState> state_;
};

}  // namespace

arrow::Result<RecordBatchStreamPtr> MakeRemoteStream(
    std::shared_ptr<arrow::Schema> schema, std::vector<RemoteSource> sources,
    std::shared_ptr<ChannelResolver> channels,
    std::vector<std::pair<std::string, std::string>> headers, TaskContextPtr ctx) {
  if (!channels) return arrow::Status::Invalid("no channel resolver to reach workers");
  return std::make_shared<RemoteStream>(
      std::make_shared<RemoteStreamState>(std::move(schema), std::move(sources),
                                          std::move(channels), std::move(headers), std::move(ctx)));
}

}  // namespace quiver
