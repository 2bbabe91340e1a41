#include <arrow/util/cancel.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include <quiver/cli/commands.h>
#include <quiver/cli/option_parser.h>
#include <quiver/cli/result_printer.h>
#include <quiver/cli/runtime_options.h>
#include <quiver/cli/text_file.h>
#include <quiver/cli/tls_options.h>
#include <quiver/distributed/channel_resolver.h>
#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_context.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/execution/tpch_tables.h>
#include <quiver/worker/bearer_token_auth.h>
#include <quiver/worker/local_cluster.h>

namespace quiver::cli {
namespace {

bool HasFilesWithExtension(const std::filesystem::path& dir, const std::string& ext) {
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ext) return true;
  }
  return false;
}

// NAME=PATH: Parquet or CSV by extension, or by what a directory holds.
arrow::Status RegisterTableOption(SessionContext* ctx, const std::string& spec) {
  auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
    return arrow::Status::Invalid("--table expects NAME=PATH, got '", spec, "'");
  }
  std::string name = spec.substr(0, eq);
  std::filesystem::path path = spec.substr(eq + 1);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    if (HasFilesWithExtension(path, ".parquet")) return ctx->register_parquet(name, path);
    if (HasFilesWithExtension(path, ".csv")) return ctx->register_csv(name, path);
    return arrow::Status::Invalid("directory ", path.string(), " has no .parquet or .csv files");
  }
  if (!std::filesystem::exists(path, ec)) {
    return arrow::Status::IOError("table '", name, "': ", path.string(), " does not exist");
  }
  if (path.extension() == ".csv") return ctx->register_csv(name, path);
  return ctx->register_parquet(name, path);
}

}  // namespace

arrow::Status RunQueryCommand(const std::vector<std::string>& args) {
  ARROW_ASSIGN_OR_RAISE(
      auto opts, OptionParser::Parse(args, {"--table", "--tpch", "-c", "-f", "--format",
                                            "--workers", "--worker-urls", "--target-partitions",
                                            "--token-file", "--tls-ca", "--tls-cert", "--tls-key",
                                            "--memory-limit", "--spill-dir", "--threads"}));
  if (opts.has("-c") == opts.has("-f")) {
    return arrow::Status::Invalid("give the statement with exactly one of -c SQL or -f FILE");
  }
  std::string sql = opts.get("-c");
  if (opts.has("-f")) {
    ARROW_ASSIGN_OR_RAISE(sql, ReadTextFile(opts.get("-f")));
  }
  ARROW_ASSIGN_OR_RAISE(auto format, ParseOutputFormat(opts.get("--format", "table")));
  ARROW_ASSIGN_OR_RAISE(int64_t workers, opts.get_int("--workers", 3));
  ARROW_ASSIGN_OR_RAISE(int64_t partitions, opts.get_int("--target-partitions", 4));
  if (workers < 0 || workers > 64) return arrow::Status::Invalid("--workers must be in [0, 64]");

  ARROW_ASSIGN_OR_RAISE(auto runtime, ReadRuntimeOptions(opts));
  // SIGINT / SIGTERM cancel the query (its workers drop their tasks) instead of killing the
  // process with the workers still computing. Set up first: Arrow starts a thread for it and
  // cannot report failing to (it terminates), so do it while this process has few threads.
  ARROW_ASSIGN_OR_RAISE(auto* stop_source, arrow::SetSignalStopSource());
  ARROW_RETURN_NOT_OK(arrow::RegisterCancellingSignalHandler({SIGINT, SIGTERM}));
  struct SignalHandler {
    bool registered = true;
    void Unregister() {
      if (registered) arrow::UnregisterCancellingSignalHandler();
      registered = false;
    }
    ~SignalHandler() { Unregister(); }
  } signal_handler;
  SessionStateBuilder builder;
  builder.with_target_partitions(static_cast<int>(partitions)).with_runtime_env(runtime);
  std::unique_ptr<LocalCluster> cluster;
  std::vector<std::string> urls;
  std::string where = "single node";
  if (opts.has("--token-file") && !opts.has("--worker-urls")) {
    return arrow::Status::Invalid(
        "--token-file is for --worker-urls (an embedded cluster makes "
        "its own token)");
  }
  if (opts.has("--worker-urls")) {
    urls = opts.get_list("--worker-urls");
    if (urls.empty()) return arrow::Status::Invalid("--worker-urls is empty");
    where = std::to_string(urls.size()) + " external workers";
    if (opts.has("--token-file")) {
      ARROW_ASSIGN_OR_RAISE(auto tokens, ReadTokenFile(opts.get("--token-file")));
      builder.with_distributed_auth_token(tokens.front());
    }
    // grpc+tls:// workers: the CA that signed their certificates, and this node's own
    // certificate for workers that verify their clients.
    if (opts.has("--tls-ca") || opts.has("--tls-cert") || opts.has("--tls-key")) {
      ARROW_ASSIGN_OR_RAISE(auto channel, ReadTlsOptions(opts));
      builder.with_distributed_channel_resolver(
          std::make_shared<DefaultChannelResolver>(std::move(channel)));
    }
  } else if (workers > 0) {
    // The embedded workers live in this process, so they share its memory limit.
    WorkerOptions worker_options;
    worker_options.runtime = runtime;
    ARROW_ASSIGN_OR_RAISE(cluster, LocalCluster::Start(static_cast<int>(workers),
                                                       Worker().with_options(worker_options)));
    urls = cluster->urls();
    builder.with_distributed_auth_token(cluster->auth_token());
    where = std::to_string(workers) + " embedded workers";
  }
  if (!urls.empty()) {
    builder.with_distributed_planner().with_distributed_worker_resolver(
        std::make_shared<StaticWorkerResolver>(urls));
  }
  // A name given twice would silently keep only the last registration: refuse it.
  std::map<std::string, std::string> given;
  if (opts.has("--tpch")) {
    for (const auto& name : TpchTableNames()) given.emplace(name, "--tpch " + opts.get("--tpch"));
  }
  for (const auto& spec : opts.all("--table")) {
    const std::string name = spec.substr(0, spec.find('='));
    auto [it, fresh] = given.emplace(name, "--table " + spec);
    if (!fresh) {
      return arrow::Status::Invalid("table '", name, "' is given twice: ", it->second,
                                    " and --table ", spec);
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto state, builder.build());
  SessionContext ctx(std::move(state));
  if (opts.has("--tpch")) ARROW_RETURN_NOT_OK(RegisterTpchTables(&ctx, opts.get("--tpch")));
  for (const auto& spec : opts.all("--table")) {
    ARROW_RETURN_NOT_OK(RegisterTableOption(&ctx, spec));
  }

  auto start = std::chrono::steady_clock::now();
  ARROW_ASSIGN_OR_RAISE(auto df, ctx.sql(sql));
  auto collected = df.collect(stop_source->token());
  signal_handler.Unregister();  // from here on SIGINT stops the printing as usual
  ARROW_ASSIGN_OR_RAISE(auto batches, std::move(collected));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ARROW_RETURN_NOT_OK(PrintBatches(df.schema(), batches, format, std::cout));
  std::cout.flush();
  int64_t rows = 0;
  for (const auto& b : batches) rows += b->num_rows();
  std::cerr << rows << (rows == 1 ? " row" : " rows") << " in " << std::fixed
            << std::setprecision(3) << seconds << " s (" << where;
  // Said, not hidden: the answer is whole, but it came from fewer workers than asked for.
  for (const auto& lost : df.lost_workers()) std::cerr << "; lost " << lost << " and ran again";
  std::cerr << ")\n";
  if (cluster) ARROW_RETURN_NOT_OK(cluster->Shutdown());
  return arrow::Status::OK();
}

}  // namespace quiver::cli
