// quiver: run SQL on an embedded in-process cluster (default), on external workers, or on one
// node; run a standalone worker; generate TPC-H data.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <arrow/compute/initialize.h>

#include <quiver/cli/commands.h>

namespace {

constexpr const char* kUsage = R"(usage: quiver <command> [options]

commands:
  query     run one SQL statement
              --table NAME=PATH     register a Parquet/CSV file or directory (repeatable)
              --tpch DIR            register the eight TPC-H tables found in DIR
              -c SQL | -f FILE      the statement
              --format F            table (default), csv or json
              --workers N           embedded cluster of N in-process Flight workers on
                                    loopback ports (default 3; 0 = single node)
              --worker-urls U,...   use an external cluster instead
              --target-partitions N partitions per node (default 4)
  worker    serve as a Flight worker
              --port P              port (default 8000; 0 = any free port)
              --host H              address to bind (default 127.0.0.1)
  tpchgen   generate TPC-H Parquet data with tpchgen-cli
              --sf S --out DIR [--parts N]
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::cerr << kUsage;
    return argc < 2 ? 2 : 0;
  }
  auto init = arrow::compute::Initialize();
  if (!init.ok()) {
    std::cerr << "quiver: " << init.ToString() << "\n";
    return 1;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  arrow::Status status;
  if (command == "query") {
    status = quiver::cli::RunQueryCommand(args);
  } else if (command == "worker") {
    status = quiver::cli::RunWorkerCommand(args);
  } else if (command == "tpchgen") {
    status = quiver::cli::RunTpchgenCommand(args, argv[0]);
  } else {
    std::cerr << "quiver: unknown command '" << command << "'\n" << kUsage;
    return 2;
  }
  if (!status.ok()) {
    std::cerr << "quiver: error: " << status.message() << "\n";
    return 1;
  }
  return 0;
}
