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
///
/// The workers require a random token made for this cluster (`auth_token()`; see
/// bearer_token_auth.h), so other local users cannot send them tickets: give it to the
/// coordinator with SessionStateBuilder::with_distributed_auth_token.
class LocalCluster {
 public:
  /// Starts `n` workers built from `worker` (copied for each).
  static arrow::Result<std::unique_ptr<LocalCluster>> Start(int n, const Worker& worker = Worker());
  ~LocalCluster();

  /// grpc+tcp://127.0.0.1:<port> of every worker, in start order.
  const std::vector<std::string>& urls() const { return urls_; }
  /// The token every worker of this cluster requires.
  const std::string& auth_token() const { return token_; }
  /// Stops every worker (idempotent); in-flight calls are cancelled.
  arrow::Status Shutdown();

 private:
  LocalCluster() = default;
  std::vector<std::unique_ptr<arrow::flight::FlightServerBase>> servers_;
  std::vector<std::string> urls_;
  std::string token_;
};

}  // namespace quiver
