#pragma once

#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/distributed/channel_resolver.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief One remote stream: a partition of a task of a stage, on a worker.
struct RemoteSource {
  std::string url;
  int stage_id = 0;
  int task_index = 0;
  std::string ticket;  ///< serialized TaskTicket
};

/// Request header asking a worker for heartbeats (messages holding only app metadata) every
/// so many milliseconds while a partition has no batch ready.
inline constexpr const char* kHeartbeatHeader = "x-quiver-heartbeat-ms";

/// \brief A lazy stream over `sources`, read concurrently (one thread each, started by the
/// first ReadNext) and yielded interleaved as batches arrive.
///
/// The first failure ends the stream with an error naming the source ("worker <url> failed
/// stage <s> task <t>: <cause>") and cancels the other calls; Close(), destruction and
/// cancellation of `ctx` cancel every call in flight. Batches are given `schema` (same types
/// required). A source that brings nothing, not even a heartbeat (asked for at a quarter of
/// the timeout), for `distributed.worker_timeout_ms` fails as a worker that is not answering.
arrow::Result<RecordBatchStreamPtr> MakeRemoteStream(
    std::shared_ptr<arrow::Schema> schema, std::vector<RemoteSource> sources,
    std::shared_ptr<ChannelResolver> channels,
    std::vector<std::pair<std::string, std::string>> headers, TaskContextPtr ctx);

}  // namespace quiver
