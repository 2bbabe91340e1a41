// quiver: run SQL on an embedded in-process cluster (default), on external workers, or on one
// node; run a standalone worker; generate TPC-H data.
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <arrow/compute/initialize.h>

#include <quiver/cli/commands.h>
#include <quiver/common/exception_boundary.h>

namespace {

constexpr const char* kQueryUsage =
    R"(  query     run SQL (a -f file may hold several statements: the last result is printed)
              --table NAME=PATH     register a Parquet/CSV file or directory (repeatable)
              --tpch DIR            register the eight TPC-H tables found in DIR
              -c SQL | -f FILE      the statement(s)
              --format F            table (default), csv or json
              --workers N           embedded cluster of N in-process Flight workers on
                                    loopback ports (default 3; 0 = single node)
              --worker-urls U,...   use an external cluster instead
              --token-file F        its token (first line of F), sent as a Bearer token
              --tls-ca F            CA (PEM) that signed grpc+tls:// workers' certificates
              --tls-cert F --tls-key F  this node's certificate, for mutual TLS
              --target-partitions N partitions per node (default 4)
              --memory-limit SIZE   memory all queries of this process (and its embedded
                                    workers) may buffer, e.g. 256MB; sorts spill past it
              --spill-dir DIR       where spill files go (default: the temp directory)
              --threads N           threads that run every query's tasks (default: cores)
)";
constexpr const char* kWorkerUsage = R"(  worker    serve as a Flight worker
              --port P              port (default 8000; 0 = any free port)
              --host H              address to bind (default 127.0.0.1)
              --token-file F        refuse calls without one of F's tokens (one a line)
              --data-root DIR       refuse plans reading files outside DIR (repeatable)
              --allow-upstream U    read upstream stages only from worker U (repeatable)
              --task-ttl S          drop a registered stage unused for S seconds (default 60)
              --tls-cert F --tls-key F  serve grpc+tls:// with this certificate (PEM)
              --tls-client-ca F     mutual TLS: accept only clients this CA signed
              --tls-ca F            CA of the upstream workers it reads stages from
              --memory-limit SIZE   memory this worker's tasks may buffer, e.g. 256MB
              --spill-dir DIR       where spill files go (default: the temp directory)
              --threads N           threads that run its tasks (default: cores)
)";
constexpr const char* kTpchgenUsage = R"(  tpchgen   generate TPC-H Parquet data with tpchgen-cli
              --sf S --out DIR [--parts N]
)";

void PrintUsage(std::ostream& out, const char* only = nullptr) {
  if (only) {
    out << "usage: quiver " << std::string(only + 2, std::strchr(only + 2, ' ')) << " [options]\n"
        << only;
    return;
  }
  out << "usage: quiver <command> [options]\n\ncommands:\n"
      << kQueryUsage << kWorkerUsage << kTpchgenUsage
      << "\n`quiver <command> --help` shows one command's options.\n";
}

bool AsksForHelp(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" ||
      std::string(argv[1]) == "help") {
    // Asked for: stdout and success; missing: stderr and a usage error.
    PrintUsage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? 2 : 0;
  }
  auto init = arrow::compute::Initialize();
  if (!init.ok()) {
    std::cerr << "quiver: " << init.ToString() << "\n";
    return 1;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  const char* usage = command == "query"     ? kQueryUsage
                      : command == "worker"  ? kWorkerUsage
                      : command == "tpchgen" ? kTpchgenUsage
                                             : nullptr;
  if (usage && AsksForHelp(args)) {
    PrintUsage(std::cout, usage);
    return 0;
  }
  if (command != "query" && command != "worker" && command != "tpchgen") {
    std::cerr << "quiver: unknown command '" << command << "'\n";
    PrintUsage(std::cerr);
    return 2;
  }
  // An exception escaping a command (an allocation that failed under a memory ulimit) is an
  // error message and exit status 1, not an abort.
  arrow::Status status = quiver::CatchExceptions("quiver " + command, [&] {
    if (command == "query") return quiver::cli::RunQueryCommand(args);
    if (command == "worker") return quiver::cli::RunWorkerCommand(args);
    return quiver::cli::RunTpchgenCommand(args, argv[0]);
  });
  if (!status.ok()) {
    std::cerr << "quiver: error: " << status.message() << "\n";
    return 1;
  }
  return 0;
}
