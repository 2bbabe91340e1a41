#include <arrow/flight/client.h>
#include <arrow/flight/types.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <arrow/util/align_util.h>
#include <quiver/distributed/remote_stream.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace quiver {
namespace {

// Batches buffered per stream before its reader thread waits for the consumer.
constexpr size_t kBufferedBatchesPerSource = 4;

arrow::Status Blame(const RemoteSource& source, const arrow::Status& st) {
  // The Flight client appends gRPC debug context to the worker's message; keep the message.
  std::string message = st.message();
  auto debug = message.find(". gRPC client debug context:");
  if (debug != std::string::npos) message.resize(debug);
  return st.WithMessage("worker ", source.url, " failed stage ", source.stage_id, " task ",
                        source.task_index, ": ", message);
}

class RemoteStream : public arrow::RecordBatchReader {
 public:
  RemoteStream(std::shared_ptr<arrow::Schema> schema, std::vector<RemoteSource> sources,
               std::shared_ptr<ChannelResolver> channels,
               std::vector<std::pair<std::string, std::string>> headers, TaskContextPtr ctx)
      : schema_(std::move(schema)),
        sources_(std::move(sources)),
        channels_(std::move(channels)),
        headers_(std::move(headers)),
        ctx_(std::move(ctx)),
        calls_(sources_.size()) {}

  ~RemoteStream() override { Stop(); }

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) override {
    *out = nullptr;
    std::unique_lock<std::mutex> lock(mutex_);
    if (!started_) {
      started_ = true;
      for (size_t i = 0; i < sources_.size(); ++i) threads_.emplace_back([this, i] { Run(i); });
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
      ready_.wait_for(lock, std::chrono::milliseconds(100));
    }
  }

  arrow::Status Close() override {
    Stop();
    return arrow::Status::OK();
  }

 private:
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopped_ = true;
      for (auto* call : calls_) {
        if (call) call->Cancel();
      }
      space_.notify_all();
      ready_.notify_all();
    }
    for (auto& t : threads_) {
      if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
    }
    threads_.clear();
  }

  void Fail(const arrow::Status& st) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (error_.ok() && !stopped_) error_ = st;
    ready_.notify_all();
  }

  void Finish() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++finished_;
    ready_.notify_all();
  }

  void Run(size_t i) {
    const RemoteSource& source = sources_[i];
    auto st = Read(i);
    if (!st.ok()) Fail(Blame(source, st));
    Finish();
  }

  arrow::Status Read(size_t i) {
    const RemoteSource& source = sources_[i];
    ARROW_ASSIGN_OR_RAISE(auto client, channels_->get_flight_client(source.url));
    arrow::flight::FlightCallOptions options;
    options.headers = headers_;
    arrow::flight::Ticket ticket{source.ticket};
    ARROW_ASSIGN_OR_RAISE(auto call, client->DoGet(options, ticket));
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopped_) {
        call->Cancel();
        return arrow::Status::OK();
      }
      calls_[i] = call.get();
    }
    auto status = Pump(call.get());
    std::lock_guard<std::mutex> lock(mutex_);
    calls_[i] = nullptr;
    return stopped_ ? arrow::Status::OK() : status;
  }

  arrow::Status Pump(arrow::flight::FlightStreamReader* call) {
    while (true) {
      ARROW_ASSIGN_OR_RAISE(auto chunk, call->Next());
      if (!chunk.data) return arrow::Status::OK();
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
      std::unique_lock<std::mutex> lock(mutex_);
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

  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<std::shared_ptr<arrow::RecordBatch>> queue_;
  std::vector<arrow::flight::FlightStreamReader*> calls_;
  std::vector<std::thread> threads_;
  arrow::Status error_;
  size_t finished_ = 0;
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace

arrow::Result<RecordBatchStreamPtr> MakeRemoteStream(
    std::shared_ptr<arrow::Schema> schema, std::vector<RemoteSource> sources,
    std::shared_ptr<ChannelResolver> channels,
    std::vector<std::pair<std::string, std::string>> headers, TaskContextPtr ctx) {
  if (!channels) return arrow::Status::Invalid("no channel resolver to reach workers");
  return std::make_shared<RemoteStream>(std::move(schema), std::move(sources), std::move(channels),
                                        std::move(headers), std::move(ctx));
}

}  // namespace quiver
