// tpch_bench: times TPC-H queries on quiver, single node and on embedded clusters of in-process
// Flight workers, and prints per query and configuration the median, min and max wall time, the
// result rows and the peak RSS, plus each configuration's total of medians. It measures and
// never asserts; docs/benchmarks.md says how to read the figures.
#include <arrow/compute/initialize.h>
#include <quiver/cli/option_parser.h>
#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_context.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/execution/tpch_tables.h>
#include <quiver/worker/local_cluster.h>
#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr const char* kUsage = R"(usage: tpch_bench --tpch DIR [options]
  --tpch DIR               TPC-H Parquet data as tpchgen-cli writes it
  --queries q1,q6          queries to run (default q1,q6), SQL read from <queries-dir>/<q>.sql
  --queries-dir DIR        default queries/tpch (relative to the current directory)
  --iterations N           timed runs per query and configuration, after one warm-up (default 5)
  --workers 0,3            configurations: 0 = single node, W = embedded cluster of W workers
                           (default 0,3)
  --target-partitions N    partitions per node, i.e. threads per scan (default 4)
  --json FILE              also write every figure (and each run's time) as JSON
)";

struct Options {
  std::string tpch_dir;
  std::string queries_dir = "queries/tpch";
  std::vector<std::string> queries;
  int iterations = 5;
  std::vector<int> workers;
  int target_partitions = 4;
  std::string json_path;
};

/// The figures of one query on one configuration.
struct Measurement {
  std::string query;
  int workers = 0;
  std::vector<double> seconds;  // each timed run, in run order
  int64_t rows = 0;
  int64_t peak_rss_kb = 0;

  double median() const {
    std::vector<double> s = seconds;
    std::sort(s.begin(), s.end());
    size_t n = s.size();
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
  double min() const { return *std::min_element(seconds.begin(), seconds.end()); }
  double max() const { return *std::max_element(seconds.begin(), seconds.end()); }
};

arrow::Result<int> ParseCount(const std::string& what, const std::string& text, int lo, int hi) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi) {
    return arrow::Status::Invalid(what, " expects integers in [", lo, ", ", hi, "], got '", text,
                                  "'");
  }
  return value;
}

arrow::Result<Options> ParseOptions(const std::vector<std::string>& args) {
  ARROW_ASSIGN_OR_RAISE(
      auto parsed, quiver::cli::OptionParser::Parse(
                       args, {"--tpch", "--queries", "--queries-dir", "--iterations", "--workers",
                              "--target-partitions", "--json"}));
  Options opts;
  if (!parsed.has("--tpch")) return arrow::Status::Invalid("--tpch DIR is required");
  opts.tpch_dir = parsed.get("--tpch");
  opts.queries_dir = parsed.get("--queries-dir", opts.queries_dir);
  opts.queries = parsed.get_list("--queries", "q1,q6");
  if (opts.queries.empty()) return arrow::Status::Invalid("--queries is empty");
  ARROW_ASSIGN_OR_RAISE(opts.iterations,
                        ParseCount("--iterations", parsed.get("--iterations", "5"), 1, 1000));
  for (const auto& w : parsed.get_list("--workers", "0,3")) {
    ARROW_ASSIGN_OR_RAISE(int n, ParseCount("--workers", w, 0, 64));
    opts.workers.push_back(n);
  }
  if (opts.workers.empty()) return arrow::Status::Invalid("--workers is empty");
  ARROW_ASSIGN_OR_RAISE(
      opts.target_partitions,
      ParseCount("--target-partitions", parsed.get("--target-partitions", "4"), 1, 1024));
  opts.json_path = parsed.get("--json");
  return opts;
}

arrow::Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path);
  if (!in) return arrow::Status::IOError("cannot read ", path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

/// The process's peak RSS in kB: VmHWM of /proc/self/status, else getrusage's ru_maxrss.
int64_t PeakRssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtoll(line.c_str() + 6, nullptr, 10);
  }
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/// Resets the process's peak RSS (Linux >= 4.0), so that the next VmHWM read is the peak of
/// what ran since. False where that is refused: peaks then cover the whole process so far.
bool ResetPeakRss() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return clear.good();
}

arrow::Result<quiver::SessionContext> MakeContext(const Options& opts,
                                                  const std::vector<std::string>& urls) {
  quiver::SessionStateBuilder builder;
  builder.with_target_partitions(opts.target_partitions);
  if (!urls.empty()) {
    builder.with_distributed_planner().with_distributed_worker_resolver(
        std::make_shared<quiver::StaticWorkerResolver>(urls));
  }
  ARROW_ASSIGN_OR_RAISE(auto state, builder.build());
  quiver::SessionContext ctx(std::move(state));
  ARROW_RETURN_NOT_OK(quiver::RegisterTpchTables(&ctx, opts.tpch_dir));
  return ctx;
}

/// Plans and runs `sql` to the last batch, as a client would; returns the result's rows.
arrow::Result<int64_t> RunOnce(quiver::SessionContext* ctx, const std::string& sql) {
  ARROW_ASSIGN_OR_RAISE(auto df, ctx->sql(sql));
  ARROW_ASSIGN_OR_RAISE(auto batches, df.collect());
  int64_t rows = 0;
  for (const auto& batch : batches) rows += batch->num_rows();
  return rows;
}

/// Every query on one configuration: a warm-up run, then the timed runs.
arrow::Result<std::vector<Measurement>> RunConfiguration(const Options& opts, int workers,
                                                         const std::vector<std::string>& sqls,
                                                         bool* peak_is_per_query) {
  std::unique_ptr<quiver::LocalCluster> cluster;
  std::vector<std::string> urls;
  if (workers > 0) {
    ARROW_ASSIGN_OR_RAISE(cluster, quiver::LocalCluster::Start(workers));
    urls = cluster->urls();
  }
  ARROW_ASSIGN_OR_RAISE(auto ctx, MakeContext(opts, urls));
  std::vector<Measurement> out;
  for (size_t q = 0; q < sqls.size(); ++q) {
    Measurement m;
    m.query = opts.queries[q];
    m.workers = workers;
    auto warm_up = RunOnce(&ctx, sqls[q]);
    if (!warm_up.ok()) {
      return warm_up.status().WithMessage(m.query, " (workers=", workers,
                                          "): ", warm_up.status().message());
    }
    *peak_is_per_query = ResetPeakRss() && *peak_is_per_query;
    for (int i = 0; i < opts.iterations; ++i) {
      auto start = std::chrono::steady_clock::now();
      ARROW_ASSIGN_OR_RAISE(m.rows, RunOnce(&ctx, sqls[q]));
      m.seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    m.peak_rss_kb = PeakRssKb();
    std::cerr << "  " << m.query << " workers=" << workers << ": median " << std::fixed
              << std::setprecision(4) << m.median() << " s\n";
    out.push_back(std::move(m));
  }
  if (cluster) ARROW_RETURN_NOT_OK(cluster->Shutdown());
  return out;
}

std::string ConfigName(int workers) {
  return workers == 0 ? "single node" : std::to_string(workers) + " workers";
}

void PrintTable(const Options& opts, const std::vector<Measurement>& results,
                bool peak_is_per_query, std::ostream& out) {
  out << "quiver TPC-H: " << opts.tpch_dir << ", " << opts.iterations
      << " timed runs after 1 warm-up, target_partitions=" << opts.target_partitions << ", "
      << std::thread::hardware_concurrency() << " CPUs\n";
  out << "peak RSS: "
      << (peak_is_per_query ? "of the timed runs of each row"
                            : "of the process so far (reset refused)")
      << "; workers run inside this process, so their memory counts too\n\n";
  out << std::left << std::setw(8) << "query" << std::setw(14) << "config" << std::right
      << std::setw(10) << "median_s" << std::setw(10) << "min_s" << std::setw(10) << "max_s"
      << std::setw(8) << "rows" << std::setw(13) << "peak_rss_mb"
      << "\n";
  out << std::fixed;
  for (const auto& m : results) {
    out << std::left << std::setw(8) << m.query << std::setw(14) << ConfigName(m.workers)
        << std::right << std::setprecision(4) << std::setw(10) << m.median() << std::setw(10)
        << m.min() << std::setw(10) << m.max() << std::setw(8) << m.rows << std::setprecision(1)
        << std::setw(13) << m.peak_rss_kb / 1024.0 << "\n";
  }
  out << "\ntotal of medians:\n";
  for (int workers : opts.workers) {
    double total = 0;
    for (const auto& m : results) {
      if (m.workers == workers) total += m.median();
    }
    out << "  " << std::left << std::setw(14) << ConfigName(workers) << std::right
        << std::setprecision(4) << std::setw(10) << total << " s\n";
  }
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

arrow::Status WriteJson(const Options& opts, const std::vector<Measurement>& results,
                        bool peak_is_per_query) {
  std::ofstream out(opts.json_path);
  if (!out) return arrow::Status::IOError("cannot write ", opts.json_path);
  out << std::setprecision(9);
  out << "{\n  \"engine\": \"quiver\",\n  \"data\": " << JsonString(opts.tpch_dir)
      << ",\n  \"iterations\": " << opts.iterations
      << ",\n  \"threads\": " << opts.target_partitions << ",\n  \"peak_rss_scope\": \""
      << (peak_is_per_query ? "query" : "process") << "\",\n  \"results\": [";
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& m = results[i];
    out << (i ? "," : "") << "\n    {\"query\": " << JsonString(m.query)
        << ", \"workers\": " << m.workers << ", \"median_s\": " << m.median()
        << ", \"min_s\": " << m.min() << ", \"max_s\": " << m.max() << ", \"rows\": " << m.rows
        << ", \"peak_rss_kb\": " << m.peak_rss_kb << ", \"seconds\": [";
    for (size_t r = 0; r < m.seconds.size(); ++r) out << (r ? ", " : "") << m.seconds[r];
    out << "]}";
  }
  out << "\n  ]\n}\n";
  out.close();
  if (!out) return arrow::Status::IOError("failed writing ", opts.json_path);
  return arrow::Status::OK();
}

arrow::Status Run(const Options& opts) {
  ARROW_RETURN_NOT_OK(arrow::compute::Initialize());
  std::vector<std::string> sqls;
  for (const auto& q : opts.queries) {
    ARROW_ASSIGN_OR_RAISE(auto sql, ReadText(opts.queries_dir + "/" + q + ".sql"));
    sqls.push_back(std::move(sql));
  }
  std::vector<Measurement> results;
  bool peak_is_per_query = true;
  for (int workers : opts.workers) {
    std::cerr << "running " << ConfigName(workers) << "\n";
    ARROW_ASSIGN_OR_RAISE(auto part, RunConfiguration(opts, workers, sqls, &peak_is_per_query));
    results.insert(results.end(), part.begin(), part.end());
  }
  PrintTable(opts, results, peak_is_per_query, std::cout);
  if (!opts.json_path.empty()) ARROW_RETURN_NOT_OK(WriteJson(opts, results, peak_is_per_query));
  return arrow::Status::OK();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cerr << kUsage;
    return args.empty() ? 2 : 0;
  }
  auto opts = ParseOptions(args);
  if (!opts.ok()) {
    std::cerr << "tpch_bench: error: " << opts.status().message() << "\n" << kUsage;
    return 2;
  }
  auto status = Run(*opts);
  if (!status.ok()) {
    std::cerr << "tpch_bench: error: " << status.message() << "\n";
    return 1;
  }
  return 0;
}
