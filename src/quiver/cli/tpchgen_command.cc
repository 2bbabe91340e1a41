#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <quiver/cli/commands.h>
#include <quiver/cli/option_parser.h>

namespace quiver::cli {
namespace {

// tpchgen-cli from $QUIVER_TPCHGEN, the project venv next to the build, or PATH.
std::string FindTpchgen(const std::string& argv0) {
  if (const char* env = std::getenv("QUIVER_TPCHGEN")) return env;
  std::error_code ec;
  auto exe = std::filesystem::canonical(argv0, ec);
  if (!ec) {
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path()) {
      auto candidate = dir / ".venv" / "bin" / "tpchgen-cli";
      if (std::filesystem::exists(candidate, ec)) return candidate.string();
    }
  }
  return "tpchgen-cli";
}

}  // namespace

arrow::Status RunTpchgenCommand(const std::vector<std::string>& args, const std::string& argv0) {
  ARROW_ASSIGN_OR_RAISE(auto opts, OptionParser::Parse(args, {"--sf", "--out", "--parts"}));
  if (!opts.has("--sf") || !opts.has("--out")) {
    return arrow::Status::Invalid("tpchgen needs --sf S and --out DIR");
  }
  ARROW_ASSIGN_OR_RAISE(int64_t parts, opts.get_int("--parts", 1));
  std::vector<std::string> argv = {FindTpchgen(argv0), "parquet", "-s",
                                   opts.get("--sf"),   "-o",      opts.get("--out")};
  if (parts > 1) {
    argv.push_back("--parts");
    argv.push_back(std::to_string(parts));
  }
  std::vector<char*> cargs;
  for (auto& a : argv) cargs.push_back(a.data());
  cargs.push_back(nullptr);
  std::filesystem::create_directories(opts.get("--out"));
  pid_t pid = fork();
  if (pid < 0) return arrow::Status::IOError("fork failed");
  if (pid == 0) {
    execvp(cargs[0], cargs.data());
    std::cerr << "quiver: cannot run " << cargs[0] << " (run scripts/bootstrap.sh)\n";
    _exit(127);
  }
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    return arrow::Status::IOError(argv[0], " failed");
  }
  std::cerr << "TPC-H SF" << opts.get("--sf") << " written to " << opts.get("--out") << "\n";
  return arrow::Status::OK();
}

}  // namespace quiver::cli
