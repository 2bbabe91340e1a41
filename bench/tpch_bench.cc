// tpch_bench: times TPC-H queries on quiver — single node, on embedded clusters of in-process
// Flight workers, or through external workers (`quiver worker` processes) given by URL — and
// prints per query and configuration the median, min and max wall time, the result rows and the
// peak RSS, plus each configuration's total of medians. A query quiver cannot run gets an
// `error: ...` row and the run goes on. It measures and never asserts; docs/benchmarks.md says
// how to read the figures.
#include <arrow/compute/initialize.h>
#include <quiver/cli/option_parser.h>
#include <quiver/common/byte_size.h>
#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_context.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/execution/tpch_tables.h>
#include <quiver/runtime/runtime_env.h>
#include <quiver/worker/local_cluster.h>
#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr const char* kUsage = R"(usage: tpch_bench --tpch DIR [options]
  --tpch DIR               TPC-H Parquet data as tpchgen-cli writes it
  --queries q1,q6          queries to run, SQL read from <queries-dir>/<q>.sql
                           (default: every q<N>.sql of the directory, in numeric order)
  --queries-dir DIR        default queries/tpch (relative to the current directory)
  --iterations N           timed runs per query and configuration, after one warm-up (default 3)
  --workers 0,3            configurations: 0 = single node, W = embedded cluster of W workers
                           (default 0)
  --worker-urls URL,...    instead of --workers: one configuration over these running workers
                           (`quiver worker` processes), e.g. grpc+tcp://127.0.0.1:8001
  --target-partitions N    partitions per node, i.e. threads per scan (default 2)
  --memory-limit SIZE      memory the process's queries may buffer (e.g. 256MB; sorts spill
                           past it, other operators fail), shared with embedded workers
  --json FILE              also write every figure (and each run's time) as JSON
)";

struct Options {
  std::string tpch_dir;
  std::string queries_dir = "queries/tpch";
  std::vector<std::string> queries;
  int iterations = 3;
  std::vector<int> workers;
  std::vector<std::string> worker_urls;
  int target_partitions = 2;
  std::string json_path;
  std::shared_ptr<quiver::RuntimeEnv> runtime = quiver::RuntimeEnv::Default();
};

/// The figures of one query on one configuration.
struct Measurement {
  std::string query;
  int workers = 0;
  std::vector<double> seconds;  // each timed run, in run order
  int64_t rows = 0;
  int64_t peak_rss_kb = 0;
  /// The first line of the error that stopped the query; the figures above are then unset.
  std::optional<std::string> error;

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

/// Every q<N>.sql of `dir`, by N: the default query list.
arrow::Result<std::vector<std::string>> NumberedQueries(const std::string& dir) {
  std::vector<std::pair<int, std::string>> numbered;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() < 6 || name[0] != 'q' || entry.path().extension() != ".sql") continue;
    std::string digits = name.substr(1, name.size() - 5);
    int n = 0;
    auto [end, parse_ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (parse_ec != std::errc() || end != digits.data() + digits.size()) continue;
    numbered.emplace_back(n, "q" + digits);
  }
  if (ec) return arrow::Status::IOError("cannot list ", dir, ": ", ec.message());
  if (numbered.empty()) return arrow::Status::Invalid("no q<N>.sql files in ", dir);
  std::sort(numbered.begin(), numbered.end());
  std::vector<std::string> out;
  for (auto& [n, name] : numbered) out.push_back(std::move(name));
  return out;
}

arrow::Result<Options> ParseOptions(const std::vector<std::string>& args) {
  ARROW_ASSIGN_OR_RAISE(
      auto parsed, quiver::cli::OptionParser::Parse(
                       args, {"--tpch", "--queries", "--queries-dir", "--iterations", "--workers",
                              "--worker-urls", "--target-partitions", "--json",
                              "--memory-limit"}));
  Options opts;
  if (!parsed.has("--tpch")) return arrow::Status::Invalid("--tpch DIR is required");
  opts.tpch_dir = parsed.get("--tpch");
  opts.queries_dir = parsed.get("--queries-dir", opts.queries_dir);
  if (parsed.has("--queries")) {
    opts.queries = parsed.get_list("--queries");
    if (opts.queries.empty()) return arrow::Status::Invalid("--queries is empty");
  } else {
    ARROW_ASSIGN_OR_RAISE(opts.queries, NumberedQueries(opts.queries_dir));
  }
  ARROW_ASSIGN_OR_RAISE(opts.iterations,
                        ParseCount("--iterations", parsed.get("--iterations", "3"), 1, 1000));
  if (parsed.has("--worker-urls")) {
    if (parsed.has("--workers")) {
      return arrow::Status::Invalid("give either --workers or --worker-urls, not both");
    }
    opts.worker_urls = parsed.get_list("--worker-urls");
    if (opts.worker_urls.empty()) return arrow::Status::Invalid("--worker-urls is empty");
    opts.workers.push_back(static_cast<int>(opts.worker_urls.size()));
  } else {
    for (const auto& w : parsed.get_list("--workers", "0")) {
      ARROW_ASSIGN_OR_RAISE(int n, ParseCount("--workers", w, 0, 64));
      opts.workers.push_back(n);
    }
    if (opts.workers.empty()) return arrow::Status::Invalid("--workers is empty");
  }
  ARROW_ASSIGN_OR_RAISE(
      opts.target_partitions,
      ParseCount("--target-partitions", parsed.get("--target-partitions", "2"), 1, 1024));
  opts.json_path = parsed.get("--json");
  if (parsed.has("--memory-limit")) {
    quiver::RuntimeOptions runtime;
    ARROW_ASSIGN_OR_RAISE(runtime.memory_limit,
                          quiver::ParseByteSize(parsed.get("--memory-limit")));
    opts.runtime = quiver::RuntimeEnv::Make(runtime);
  }
  return opts;
}

arrow::Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path);
  if (!in) return arrow::Status::IOError("cannot read ", path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

/// The statements of a query file, split at top-level ';' (not inside quotes or comments):
/// TPC-H Q15 is `create view; select; drop view`. The same rules as the other engines'
/// runners (scripts/bench_common.py, bench/ddist/src/statements.rs), so all run the same text.
std::vector<std::string> SplitStatements(const std::string& sql) {
  std::vector<std::string> out;
  size_t start = 0;
  bool has_code = false;
  auto flush = [&](size_t end) {
    if (has_code) {
      size_t b = sql.find_first_not_of(" \t\r\n", start);
      size_t e = sql.find_last_not_of(" \t\r\n", end - 1);
      out.push_back(sql.substr(b, e - b + 1));
    }
    start = end + 1;
    has_code = false;
  };
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      // A doubled quote ends the string and at once starts it again: no special case needed.
      for (++i; i < sql.size() && sql[i] != c;) ++i;
      has_code = true;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      for (i += 2; i + 1 < sql.size() && !(sql[i] == '*' && sql[i + 1] == '/');) ++i;
      ++i;
    } else if (c == ';') {
      flush(i);
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      has_code = true;
    }
  }
  flush(sql.size());
  return out;
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

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

/// Peak RSS bookkeeping across the per-query resets: the process's own peak survives them.
struct PeakRss {
  int64_t process_kb = 0;
  bool per_query = true;

  int64_t read() {
    int64_t kb = PeakRssKb();
    process_kb = std::max(process_kb, kb);
    return kb;
  }
  void reset() {
    read();
    per_query = ResetPeakRss() && per_query;
  }
};

arrow::Result<quiver::SessionContext> MakeContext(const Options& opts,
                                                  const std::vector<std::string>& urls,
                                                  const std::string& token) {
  quiver::SessionStateBuilder builder;
  builder.with_target_partitions(opts.target_partitions).with_runtime_env(opts.runtime);
  if (!urls.empty()) {
    builder.with_distributed_planner().with_distributed_worker_resolver(
        std::make_shared<quiver::StaticWorkerResolver>(urls));
  }
  if (!token.empty()) builder.with_distributed_auth_token(token);
  ARROW_ASSIGN_OR_RAISE(auto state, builder.build());
  quiver::SessionContext ctx(std::move(state));
  ARROW_RETURN_NOT_OK(quiver::RegisterTpchTables(&ctx, opts.tpch_dir));
  return ctx;
}

/// True for CREATE/DROP statements: they run and are timed, but a multi-statement file's answer
/// is its last other statement (Q15's select, not the drop view after it).
bool IsDdl(const std::string& statement) {
  size_t i = 0;
  while (i < statement.size()) {
    if (std::isspace(static_cast<unsigned char>(statement[i]))) {
      ++i;
    } else if (statement.compare(i, 2, "--") == 0) {
      i = statement.find('\n', i);
    } else if (statement.compare(i, 2, "/*") == 0) {
      i = statement.find("*/", i + 2);
      if (i != std::string::npos) i += 2;
    } else {
      break;
    }
  }
  if (i >= statement.size()) return false;
  std::string word;
  for (; i < statement.size() && std::isalpha(static_cast<unsigned char>(statement[i])); ++i) {
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(statement[i])));
  }
  return word == "create" || word == "drop";
}

/// Plans and runs every statement in order to its last batch, as a client would; returns the
/// rows of the query's answer (see IsDdl).
arrow::Result<int64_t> RunOnce(quiver::SessionContext* ctx,
                               const std::vector<std::string>& statements) {
  std::optional<int64_t> answer;
  for (const auto& sql : statements) {
    ARROW_ASSIGN_OR_RAISE(auto df, ctx->sql(sql));
    ARROW_ASSIGN_OR_RAISE(auto batches, df.collect());
    int64_t rows = 0;
    for (const auto& batch : batches) rows += batch->num_rows();
    if (!answer || !IsDdl(sql)) answer = rows;
  }
  return answer.value_or(0);
}

/// One query on one configuration: a warm-up run, then the timed runs. A failure (reading the
/// file, planning, running) ends the query with its error; the caller goes on to the next.
Measurement MeasureQuery(quiver::SessionContext* ctx, const Options& opts, const std::string& query,
                         int workers, PeakRss* peak) {
  Measurement m;
  m.query = query;
  m.workers = workers;
  auto text = ReadText(opts.queries_dir + "/" + query + ".sql");
  if (!text.ok()) {
    m.error = FirstLine(text.status().ToString());
    return m;
  }
  std::vector<std::string> statements = SplitStatements(*text);
  if (statements.empty()) {
    m.error = query + ".sql has no statement";
    return m;
  }
  auto warm_up = RunOnce(ctx, statements);
  if (!warm_up.ok()) {
    m.error = FirstLine(warm_up.status().ToString());
    return m;
  }
  peak->reset();
  for (int i = 0; i < opts.iterations && !m.error; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto rows = RunOnce(ctx, statements);
    if (!rows.ok()) {
      m.error = FirstLine(rows.status().ToString());
      break;
    }
    m.rows = *rows;
    m.seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  m.peak_rss_kb = peak->read();
  return m;
}

std::string ConfigName(const Options& opts, int workers) {
  if (workers == 0) return "single node";
  return std::to_string(workers) + (opts.worker_urls.empty() ? " workers" : " ext workers");
}

/// Every query on one configuration, sharing one cluster (if any) and one session.
arrow::Result<std::vector<Measurement>> RunConfiguration(const Options& opts, int workers,
                                                         PeakRss* peak) {
  std::unique_ptr<quiver::LocalCluster> cluster;
  std::vector<std::string> urls = opts.worker_urls;
  if (urls.empty() && workers > 0) {
    quiver::WorkerOptions worker_options;
    worker_options.runtime = opts.runtime;  // one process, one limit
    ARROW_ASSIGN_OR_RAISE(cluster, quiver::LocalCluster::Start(
                                       workers, quiver::Worker().with_options(worker_options)));
    urls = cluster->urls();
  }
  ARROW_ASSIGN_OR_RAISE(auto ctx, MakeContext(opts, urls, cluster ? cluster->auth_token() : ""));
  std::vector<Measurement> out;
  for (const auto& query : opts.queries) {
    Measurement m = MeasureQuery(&ctx, opts, query, workers, peak);
    std::cerr << "  " << m.query << " " << ConfigName(opts, workers) << ": ";
    if (m.error) {
      std::cerr << "error: " << *m.error << "\n";
    } else {
      std::cerr << "median " << std::fixed << std::setprecision(4) << m.median() << " s\n";
    }
    out.push_back(std::move(m));
  }
  if (cluster) ARROW_RETURN_NOT_OK(cluster->Shutdown());
  return out;
}

void PrintTable(const Options& opts, const std::vector<Measurement>& results, const PeakRss& peak,
                std::ostream& out) {
  out << "quiver TPC-H: " << opts.tpch_dir << ", " << opts.iterations
      << " timed runs after 1 warm-up, target_partitions=" << opts.target_partitions << ", "
      << std::thread::hardware_concurrency() << " CPUs\n";
  out << "peak RSS: "
      << (peak.per_query ? "of the timed runs of each row"
                         : "of the process so far (reset refused)")
      << (opts.worker_urls.empty() ? "; embedded workers run inside this process, so count too"
                                   : "; this coordinator process only (the workers are apart)")
      << "\n\n";
  out << std::left << std::setw(8) << "query" << std::setw(15) << "config" << std::right
      << std::setw(10) << "median_s" << std::setw(10) << "min_s" << std::setw(10) << "max_s"
      << std::setw(8) << "rows" << std::setw(13) << "peak_rss_mb"
      << "\n";
  out << std::fixed;
  for (const auto& m : results) {
    out << std::left << std::setw(8) << m.query << std::setw(15) << ConfigName(opts, m.workers);
    if (m.error) {
      out << "error: " << *m.error << "\n";
      continue;
    }
    out << std::right << std::setprecision(4) << std::setw(10) << m.median() << std::setw(10)
        << m.min() << std::setw(10) << m.max() << std::setw(8) << m.rows << std::setprecision(1)
        << std::setw(13) << m.peak_rss_kb / 1024.0 << "\n";
  }
  out << "\ntotal of medians:\n";
  for (int workers : opts.workers) {
    double total = 0;
    int answered = 0, asked = 0;
    for (const auto& m : results) {
      if (m.workers != workers) continue;
      ++asked;
      if (m.error) continue;
      total += m.median();
      ++answered;
    }
    out << "  " << std::left << std::setw(15) << ConfigName(opts, workers) << std::right
        << std::setprecision(4) << std::setw(10) << total << " s (" << answered << " of " << asked
        << " queries answered)\n";
  }
  out << "peak RSS of the process: " << std::setprecision(1) << peak.process_kb / 1024.0 << " MB\n";
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
                        const PeakRss& peak) {
  std::ofstream out(opts.json_path);
  if (!out) return arrow::Status::IOError("cannot write ", opts.json_path);
  out << std::setprecision(9);
  out << "{\n  \"engine\": \"quiver\",\n  \"data\": " << JsonString(opts.tpch_dir)
      << ",\n  \"iterations\": " << opts.iterations
      << ",\n  \"threads\": " << opts.target_partitions << ",\n  \"worker_urls\": [";
  for (size_t i = 0; i < opts.worker_urls.size(); ++i) {
    out << (i ? ", " : "") << JsonString(opts.worker_urls[i]);
  }
  out << "],\n  \"peak_rss_kb\": " << peak.process_kb << ",\n  \"peak_rss_scope\": \""
      << (peak.per_query ? "query" : "process") << "\",\n  \"results\": [";
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& m = results[i];
    out << (i ? "," : "") << "\n    {\"query\": " << JsonString(m.query)
        << ", \"workers\": " << m.workers;
    if (m.error) {
      out << ", \"error\": " << JsonString(*m.error)
          << ", \"median_s\": null, \"min_s\": null, \"max_s\": null, \"rows\": null";
    } else {
      out << ", \"error\": null, \"median_s\": " << m.median() << ", \"min_s\": " << m.min()
          << ", \"max_s\": " << m.max() << ", \"rows\": " << m.rows;
    }
    out << ", \"peak_rss_kb\": ";
    if (m.error) {
      out << "null";
    } else {
      out << m.peak_rss_kb;
    }
    out << ", \"seconds\": [";
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
  std::vector<Measurement> results;
  PeakRss peak;
  for (int workers : opts.workers) {
    std::cerr << "running " << ConfigName(opts, workers) << "\n";
    ARROW_ASSIGN_OR_RAISE(auto part, RunConfiguration(opts, workers, &peak));
    results.insert(results.end(), part.begin(), part.end());
  }
  peak.read();
  PrintTable(opts, results, peak, std::cout);
  if (!opts.json_path.empty()) ARROW_RETURN_NOT_OK(WriteJson(opts, results, peak));
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
