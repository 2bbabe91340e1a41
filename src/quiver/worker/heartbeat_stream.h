#pragma once

#include <arrow/flight/server.h>
#include <arrow/record_batch.h>
#include <quiver/runtime/executor.h>

#include <chrono>
#include <memory>

namespace quiver {

/// App metadata of the messages a worker sends on a stream that has no batch ready.
inline constexpr const char* kHeartbeatMetadata = "quiver.heartbeat";

/// \brief A partition's Flight stream that never goes quiet: when no batch is ready within
/// `interval` (a join still building, an upstream stage still running), it sends a message
/// holding only app metadata (kHeartbeatMetadata).
///
/// The reader of the stream (RemoteStream) fails a source it has heard nothing from for
/// `distributed.worker_timeout_ms`; heartbeats are how a slow worker is told from a hung one
/// (stopped, deadlocked, cut off). gRPC keepalive pings cannot do this: a Flight server
/// refuses frequent pings with GOAWAY "too_many_pings", and the wheel's Flight exposes no
/// server channel arguments to allow them.
///
/// Only readers that ask get heartbeats (kHeartbeatHeader on the DoGet, distributed/
/// remote_stream.h): a standard Flight client may take a metadata-only message for the end
/// of the stream. Batches are produced by a task on `executor`, at most two ahead of the
/// network.
class HeartbeatFlightStream : public arrow::flight::FlightDataStream {
 public:
  HeartbeatFlightStream(std::shared_ptr<arrow::RecordBatchReader> reader,
                        std::chrono::milliseconds interval, std::shared_ptr<Executor> executor);
  ~HeartbeatFlightStream() override;

  std::shared_ptr<arrow::Schema> schema() override;
  arrow::Result<arrow::flight::FlightPayload> GetSchemaPayload() override;
  arrow::Result<arrow::flight::FlightPayload> Next() override;
  arrow::Status Close() override;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace quiver
