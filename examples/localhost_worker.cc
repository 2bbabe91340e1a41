// The default quiver worker on 127.0.0.1:<port> (default 8000): the C++ reading of the seed's
// `Worker::default().into_flight_server()`.
//
//   ./build/localhost_worker 8001
#include <arrow/compute/initialize.h>
#include <arrow/flight/server.h>
#include <quiver/worker/worker.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {

arrow::Status Serve(int port) {
  ARROW_RETURN_NOT_OK(arrow::compute::Initialize());
  quiver::Worker worker;
  auto server = worker.into_flight_server();
  ARROW_ASSIGN_OR_RAISE(auto location, arrow::flight::Location::ForGrpcTcp("127.0.0.1", port));
  ARROW_RETURN_NOT_OK(server->Init(arrow::flight::FlightServerOptions(location)));
  ARROW_RETURN_NOT_OK(server->SetShutdownOnSignals({SIGINT, SIGTERM}));
  std::cout << "quiver worker listening on grpc://127.0.0.1:" << server->port() << std::endl;
  return server->Serve();
}

}  // namespace

int main(int argc, char** argv) {
  int port = argc > 1 ? std::atoi(argv[1]) : 8000;
  auto st = Serve(port);
  if (!st.ok()) {
    std::cerr << st.ToString() << std::endl;
    return 1;
  }
  return 0;
}
