// A worker with its own session: registers a UDF the coordinator's plans may call and reads a
// request header (here a tenant id, put into the session settings where tasks can see it).
//
//   ./build/custom_worker 8001
#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <arrow/compute/initialize.h>
#include <arrow/flight/server.h>
#include <quiver/functions/scalar_function.h>
#include <quiver/worker/worker.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

namespace {

/// `add_one(x)`: x + 1 for any numeric column, a batch at a time.
std::shared_ptr<quiver::ScalarFunction> AddOne() {
  return std::make_shared<quiver::ScalarUDF>(
      "add_one",
      [](const quiver::DataTypeVector& types) -> arrow::Result<std::shared_ptr<arrow::DataType>> {
        if (types.size() != 1) return arrow::Status::Invalid("add_one takes one argument");
        return types[0];
      },
      [](const std::vector<arrow::Datum>& args, int64_t) -> arrow::Result<arrow::Datum> {
        ARROW_ASSIGN_OR_RAISE(auto one, arrow::MakeScalar(args[0].type(), 1));
        return arrow::compute::Add(args[0], one);
      });
}

arrow::Result<quiver::SessionState> BuildState(quiver::WorkerQueryContext ctx) {
  auto tenant = ctx.headers.find("x-tenant-id");
  if (tenant != ctx.headers.end()) ctx.builder.with_setting("custom.tenant_id", tenant->second);
  return ctx.builder.with_scalar_functions({AddOne()}).build();
}

arrow::Status Serve(int port) {
  ARROW_RETURN_NOT_OK(arrow::compute::Initialize());
  auto worker = quiver::Worker::from_session_builder(BuildState);
  auto server = worker.into_flight_server();
  ARROW_ASSIGN_OR_RAISE(auto location, arrow::flight::Location::ForGrpcTcp("127.0.0.1", port));
  ARROW_RETURN_NOT_OK(server->Init(arrow::flight::FlightServerOptions(location)));
  ARROW_RETURN_NOT_OK(server->SetShutdownOnSignals({SIGINT, SIGTERM}));
  std::cout << "custom quiver worker listening on grpc://127.0.0.1:" << server->port() << std::endl;
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
