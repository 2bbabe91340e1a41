#pragma once

#include <arrow/flight/server.h>
#include <quiver/worker/worker_options.h>
#include <quiver/worker/worker_session_builder.h>

#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace quiver {

/// \brief A quiver worker: an Arrow Flight server that runs the tasks of distributed queries.
///
/// A coordinator (or another worker) sends a DoGet whose ticket names a query, stage, task and
/// partition and carries the task's plan; the worker builds a session with its
/// WorkerSessionBuilder, decodes the plan once per task (all partitions of a task share one
/// plan instance) and streams the partition's batches back as they are produced.
///
/// \code
/// quiver::Worker worker = quiver::Worker::from_session_builder(
///     [](quiver::WorkerQueryContext ctx) -> arrow::Result<quiver::SessionState> {
///       return ctx.builder.with_scalar_functions({my_udf}).build();
///     });
/// auto server = worker.into_flight_server();
/// ARROW_ASSIGN_OR_RAISE(auto location, arrow::flight::Location::ForGrpcTcp("0.0.0.0", 8000));
/// ARROW_RETURN_NOT_OK(server->Init(arrow::flight::FlightServerOptions(location)));
/// ARROW_RETURN_NOT_OK(server->Serve());
/// \endcode
///
/// Actions: `health` (returns "ok"); ListActions lists them, so any Flight client can probe a
/// worker.
class Worker {
 public:
  /// A worker whose sessions are `ctx.builder.build()`.
  Worker();

  static Worker from_session_builder(std::shared_ptr<WorkerSessionBuilder> builder);
  /// Any callable `(WorkerQueryContext) -> arrow::Result<SessionState>`.
  template <typename F, typename = std::enable_if_t<std::is_invocable_r_v<
                            arrow::Result<SessionState>, F, WorkerQueryContext>>>
  static Worker from_session_builder(F fn) {
    return from_session_builder(std::shared_ptr<WorkerSessionBuilder>(
        std::make_shared<FunctionWorkerSessionBuilder>(std::move(fn))));
  }

  const std::shared_ptr<WorkerSessionBuilder>& session_builder() const { return builder_; }

  /// This worker with `options` (data roots, upstream allow-list, task TTL cap).
  Worker with_options(WorkerOptions options) const;
  /// This worker confined to `roots`: a plan reading a file outside them (after resolving `..`
  /// and symbolic links) is refused with PERMISSION_DENIED before it runs. Scans of files must
  /// be FileScans to be checked (ParquetExec and CsvExec are). Empty: no confinement.
  Worker with_data_roots(std::vector<std::string> roots) const;
  const WorkerOptions& options() const { return options_; }

  /// A Flight server serving this worker, ready for Init(options) and Serve(). Shut it down
  /// (Shutdown()) before destroying it.
  std::unique_ptr<arrow::flight::FlightServerBase> into_flight_server() const;

 private:
  explicit Worker(std::shared_ptr<WorkerSessionBuilder> builder) : builder_(std::move(builder)) {}
  std::shared_ptr<WorkerSessionBuilder> builder_;
  WorkerOptions options_;
};

}  // namespace quiver
