#include <arrow/flight/types.h>
#include <quiver/worker/bearer_token_auth.h>
#include <quiver/worker/local_cluster.h>

namespace quiver {

arrow::Result<std::unique_ptr<LocalCluster>> LocalCluster::Start(int n, const Worker& worker) {
  if (n < 1) return arrow::Status::Invalid("a local cluster needs at least one worker");
  std::unique_ptr<LocalCluster> cluster(new LocalCluster());
  cluster->token_ = RandomToken();
  for (int i = 0; i < n; ++i) {
    ARROW_ASSIGN_OR_RAISE(auto location, arrow::flight::Location::ForGrpcTcp("127.0.0.1", 0));
    arrow::flight::FlightServerOptions options(location);
    ARROW_RETURN_NOT_OK(RequireBearerTokens(&options, {cluster->token_}));
    auto server = Worker(worker).into_flight_server();
    ARROW_RETURN_NOT_OK(server->Init(options));
    cluster->urls_.push_back("grpc+tcp://127.0.0.1:" + std::to_string(server->port()));
    cluster->servers_.push_back(std::move(server));
  }
  // Init already listens and answers; Serve() would only block until Shutdown and start a
  // signal-watching thread (whose failure to start, under a thread or memory limit, Arrow's
  // destructor turns into std::terminate). Embedded workers need neither.
  return cluster;
}

arrow::Status LocalCluster::Shutdown() {
  arrow::Status status;
  for (auto& server : servers_) {
    if (server) status &= server->Shutdown();
  }
  servers_.clear();
  return status;
}

LocalCluster::~LocalCluster() { (void)Shutdown(); }

}  // namespace quiver
