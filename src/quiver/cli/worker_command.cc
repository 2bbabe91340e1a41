#include <csignal>
#include <iostream>

#include <arrow/flight/server.h>

#include <quiver/cli/commands.h>
#include <quiver/cli/option_parser.h>
#include <quiver/worker/worker.h>

namespace quiver::cli {

arrow::Status RunWorkerCommand(const std::vector<std::string>& args) {
  ARROW_ASSIGN_OR_RAISE(auto opts, OptionParser::Parse(args, {"--port", "--host"}));
  ARROW_ASSIGN_OR_RAISE(int64_t port, opts.get_int("--port", 8000));
  if (port < 0 || port > 65535) return arrow::Status::Invalid("--port must be in [0, 65535]");
  std::string host = opts.get("--host", "127.0.0.1");
  ARROW_ASSIGN_OR_RAISE(auto location,
                        arrow::flight::Location::ForGrpcTcp(host, static_cast<int>(port)));
  arrow::flight::FlightServerOptions options(location);
  auto server = Worker().into_flight_server();
  ARROW_RETURN_NOT_OK(server->Init(options));
  // Shut down cleanly on SIGINT/SIGTERM.
  ARROW_RETURN_NOT_OK(server->SetShutdownOnSignals({SIGINT, SIGTERM}));
  std::cerr << "quiver worker listening on grpc+tcp://" << host << ":" << server->port()
            << std::endl;
  return server->Serve();
}

}  // namespace quiver::cli
