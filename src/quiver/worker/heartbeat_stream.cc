#include <arrow/buffer.h>
#include <quiver/common/exception_boundary.h>
#include <quiver/runtime/sync.h>
#include <quiver/worker/heartbeat_stream.h>

#include <deque>
#include <mutex>

namespace quiver {

namespace {
constexpr size_t kPayloadsAhead = 2;
}  // namespace

struct HeartbeatFlightStream::State {
  std::shared_ptr<arrow::RecordBatchReader> reader;
  arrow::flight::RecordBatchStream encoder;
  std::chrono::milliseconds interval;
  std::shared_ptr<Executor> executor;

  Mutex mutex;
  ConditionVariable ready;  // a payload, the end or an error is there
  ConditionVariable space;  // the network took a payload, or the stream closed
  std::deque<arrow::flight::FlightPayload> payloads;
  arrow::Status error;
  bool ended = false;   // the encoder gave its last payload (null metadata)
  bool closed = false;  // Close() or destruction: the producer stops
  TaskHandle producer;

  State(std::shared_ptr<arrow::RecordBatchReader> r, std::chrono::milliseconds i,
        std::shared_ptr<Executor> e)
      : reader(r), encoder(std::move(r)), interval(i), executor(std::move(e)) {}

  void Produce() {
    while (true) {
      arrow::Result<arrow::flight::FlightPayload> payload;
      arrow::Status caught = CatchExceptions("a task's stream", [&] {
        payload = encoder.Next();
        return arrow::Status::OK();
      });
      if (!caught.ok()) payload = caught;
      std::unique_lock<Mutex> lock(mutex);
      if (!payload.ok()) {
        error = payload.status();
        ready.notify_all();
        return;
      }
      if (!payload->ipc_message.metadata) {
        ended = true;
        ready.notify_all();
        return;
      }
      space.wait(lock, [&] { return closed || payloads.size() < kPayloadsAhead; });
      if (closed) return;
      payloads.push_back(std::move(*payload));
      ready.notify_all();
    }
  }
};

HeartbeatFlightStream::HeartbeatFlightStream(std::shared_ptr<arrow::RecordBatchReader> reader,
                                             std::chrono::milliseconds interval,
                                             std::shared_ptr<Executor> executor)
    : state_(std::make_shared<State>(std::move(reader), interval, std::move(executor))) {}

HeartbeatFlightStream::~HeartbeatFlightStream() { (void)Close(); }

std::shared_ptr<arrow::Schema> HeartbeatFlightStream::schema() { return state_->encoder.schema(); }

arrow::Result<arrow::flight::FlightPayload> HeartbeatFlightStream::GetSchemaPayload() {
  return state_->encoder.GetSchemaPayload();
}

arrow::Result<arrow::flight::FlightPayload> HeartbeatFlightStream::Next() {
  State& s = *state_;
  std::unique_lock<Mutex> lock(s.mutex);
  if (!s.producer.joinable() && !s.closed && s.error.ok()) {
    // Started on the first Next: GetSchemaPayload has been sent by then.
    auto started = s.executor->Spawn("a task's stream", [state = state_] { state->Produce(); });
    if (started.ok()) {
      s.producer = std::move(*started);
    } else {
      s.error = started.status();  // reported below, as the stream's error
    }
  }
  s.ready.wait_for(lock, s.interval,
                   [&] { return !s.payloads.empty() || s.ended || !s.error.ok() || s.closed; });
  if (!s.payloads.empty()) {
    auto payload = std::move(s.payloads.front());
    s.payloads.pop_front();
    s.space.notify_all();
    return payload;
  }
  if (!s.error.ok()) return s.error;
  if (s.ended || s.closed) return arrow::flight::FlightPayload{};  // null metadata: the end
  arrow::flight::FlightPayload heartbeat;
  heartbeat.app_metadata = arrow::Buffer::FromString(kHeartbeatMetadata);
  heartbeat.ipc_message.metadata = std::make_shared<arrow::Buffer>(nullptr, 0);
  return heartbeat;
}

arrow::Status HeartbeatFlightStream::Close() {
  State& s = *state_;
  TaskHandle producer;
  {
    std::lock_guard<Mutex> lock(s.mutex);
    if (s.closed) return arrow::Status::OK();
    s.closed = true;
    s.space.notify_all();
    s.ready.notify_all();
    producer = std::move(s.producer);
  }
  // The producer finishes the batch it is computing (plan streams are not closed from another
  // thread mid-read); a query's cancellation, not this close, is what cuts that short.
  producer.Join();
  return s.reader->Close();
}

}  // namespace quiver
