#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <iostream>

#include <arrow/flight/server.h>

#include <quiver/cli/commands.h>
#include <quiver/cli/option_parser.h>
#include <quiver/cli/runtime_options.h>
#include <quiver/cli/text_file.h>
#include <quiver/cli/tls_options.h>
#include <quiver/distributed/channel_resolver.h>
#include <quiver/worker/bearer_token_auth.h>
#include <quiver/worker/worker.h>

namespace quiver::cli {
namespace {

// Whether binding host:port fails because something already listens there.
bool PortInUse(const std::string& host, int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host.c_str(), &addr.sin_addr) != 1) {
    return false;
  }
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  bool in_use =
      bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 && errno == EADDRINUSE;
  close(fd);
  return in_use;
}

}  // namespace

arrow::Status RunWorkerCommand(const std::vector<std::string>& args) {
  ARROW_ASSIGN_OR_RAISE(
      auto opts, OptionParser::Parse(
                     args, {"--port", "--host", "--token-file", "--data-root", "--allow-upstream",
                            "--task-ttl", "--tls-cert", "--tls-key", "--memory-limit",
                            "--spill-dir", "--threads", "--tls-client-ca", "--tls-ca"}));
  ARROW_ASSIGN_OR_RAISE(int64_t port, opts.get_int("--port", 8000));
  if (port < 0 || port > 65535) return arrow::Status::Invalid("--port must be in [0, 65535]");
  std::string host = opts.get("--host", "127.0.0.1");
  // How this worker reaches the workers it reads stages from; its certificate also serves.
  ARROW_ASSIGN_OR_RAISE(ChannelOptions upstream, ReadTlsOptions(opts));
  if (opts.has("--tls-client-ca") && !opts.has("--tls-cert")) {
    return arrow::Status::Invalid("--tls-client-ca needs --tls-cert and --tls-key");
  }
  const bool tls = opts.has("--tls-cert");
  ARROW_ASSIGN_OR_RAISE(auto location,
                        tls ? arrow::flight::Location::ForGrpcTls(host, static_cast<int>(port))
                            : arrow::flight::Location::ForGrpcTcp(host, static_cast<int>(port)));
  arrow::flight::FlightServerOptions options(location);
  if (tls) {
    options.tls_certificates.push_back({upstream.cert_chain, upstream.private_key});
    if (opts.has("--tls-client-ca")) {
      // Mutual TLS: only clients with a certificate signed by this CA get in.
      options.verify_client = true;
      ARROW_ASSIGN_OR_RAISE(options.root_certificates, ReadTextFile(opts.get("--tls-client-ca")));
    }
  }
  if (opts.has("--token-file")) {
    ARROW_ASSIGN_OR_RAISE(auto tokens, ReadTokenFile(opts.get("--token-file")));
    ARROW_RETURN_NOT_OK(RequireBearerTokens(&options, std::move(tokens)));
  }
  WorkerOptions worker_options;
  worker_options.data_roots = opts.all("--data-root");
  for (const auto& root : worker_options.data_roots) {
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) {
      return arrow::Status::Invalid("--data-root ", root, " is not a directory");
    }
  }
  worker_options.upstream_allow_list = opts.all_items("--allow-upstream");
  ARROW_ASSIGN_OR_RAISE(int64_t ttl, opts.get_int("--task-ttl", 60));
  if (ttl < 1 || ttl > 86400) return arrow::Status::Invalid("--task-ttl must be in [1, 86400]");
  worker_options.max_task_ttl = std::chrono::seconds(ttl);
  ARROW_ASSIGN_OR_RAISE(worker_options.runtime, ReadRuntimeOptions(opts));
  if (tls || opts.has("--tls-ca")) {
    worker_options.upstream_channels = std::make_shared<DefaultChannelResolver>(upstream);
  }
  auto server = Worker().with_options(std::move(worker_options)).into_flight_server();
  auto init = server->Init(options);
  if (!init.ok()) {
    // gRPC only says "Server did not start properly"; say why when it is the usual reason.
    if (port != 0 && PortInUse(host, static_cast<int>(port))) {
      return arrow::Status::IOError("cannot listen on ", host, ":", port,
                                    ": the port is already in use");
    }
    return init.WithMessage("cannot listen on ", host, ":", port, ": ", init.message());
  }
  // Shut down cleanly on SIGINT/SIGTERM.
  ARROW_RETURN_NOT_OK(server->SetShutdownOnSignals({SIGINT, SIGTERM}));
  std::cerr << "quiver worker listening on " << (tls ? "grpc+tls://" : "grpc+tcp://") << host << ":"
            << server->port() << std::endl;
  return server->Serve();
}

}  // namespace quiver::cli
