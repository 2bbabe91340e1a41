#pragma once

#include <arrow/flight/server.h>
#include <arrow/result.h>
#include <quiver/worker/worker.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace quiver {

/// \brief N Flight workers serving on 127.0.0.1 ephemeral ports inside this process: the CLI's
/// embedded cluster and the integration tests' real workers. Each worker is a full Flight
/// server reached over loopback TCP, exactly as a remote one would be.
class LocalCluster {
 public:
  /// Starts `n` workers built from `worker` (copied for each).
  static arrow::Result<std::unique_ptr<LocalCluster>> Start(int n, const Worker& worker = Worker());
  ~LocalCluster();

  /// grpc+tcp://127.0.0.1:<port> of every worker, in start order.
  const std::vector<std::string>& urls() const { return urls_; }
  /// Stops every worker (idempotent); in-flight calls are cancelled.
  arrow::Status Shutdown();

 private:
  LocalCluster() = default;
  std::vector<std::unique_ptr<arrow::flight::FlightServerBase>> servers_;
  std::vector<std::thread> threads_;
  std::vector<std::string> urls_;
};

}  // namespace quiver
