// A user aggregate function in a distributed query: `geometric_mean(x)`, written as an
// AggregateFunction with a vectorized GroupsAccumulator whose partial state (sum of logs,
// count) is computed on the workers and merged on the next stage.
//
//   ./build/custom_aggregate
//
// The function is registered on the coordinator (to plan the SQL) and in every worker's
// session builder (to decode the plan a task receives: plans name functions, the worker's
// registry resolves them). Exits 1 if the answer is not the hand-computed one.
#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <arrow/compute/initialize.h>
#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_context.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/functions/aggregate_function.h>
#include <quiver/worker/local_cluster.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

/// Per-group sum of ln(x) and count of non-null x. geometric_mean = exp(sum / count).
class GeometricMeanAccumulator : public quiver::GroupsAccumulator {
 public:
  arrow::Status update(const std::vector<arrow::Datum>& args, const uint32_t* group_ids,
                       int64_t num_rows, uint32_t total_groups) override {
    resize(total_groups);
    // Any numeric input: one cast per batch, then a tight loop over the doubles.
    ARROW_ASSIGN_OR_RAISE(arrow::Datum as_double,
                          arrow::compute::Cast(args.at(0), arrow::float64()));
    if (as_double.is_scalar()) {
      ARROW_ASSIGN_OR_RAISE(auto array, arrow::MakeArrayFromScalar(*as_double.scalar(), num_rows));
      as_double = array;
    }
    const auto& values = static_cast<const arrow::DoubleArray&>(*as_double.make_array());
    for (int64_t i = 0; i < num_rows; ++i) {
      if (values.IsNull(i)) continue;
      const double v = values.Value(i);
      if (!(v > 0)) {
        return arrow::Status::Invalid("geometric_mean needs positive values, got ", v);
      }
      log_sums_[group_ids[i]] += std::log(v);
      counts_[group_ids[i]] += 1;
    }
    return arrow::Status::OK();
  }

  arrow::Status merge(const std::vector<std::shared_ptr<arrow::Array>>& states,
                      const uint32_t* group_ids, int64_t num_rows, uint32_t total_groups) override {
    resize(total_groups);
    const auto& log_sums = static_cast<const arrow::DoubleArray&>(*states.at(0));
    const auto& counts = static_cast<const arrow::Int64Array&>(*states.at(1));
    for (int64_t i = 0; i < num_rows; ++i) {
      log_sums_[group_ids[i]] += log_sums.Value(i);
      counts_[group_ids[i]] += counts.Value(i);
    }
    return arrow::Status::OK();
  }

  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> state(uint32_t total_groups) override {
    resize(total_groups);
    arrow::DoubleBuilder log_sums;
    arrow::Int64Builder counts;
    ARROW_RETURN_NOT_OK(log_sums.AppendValues(log_sums_));
    ARROW_RETURN_NOT_OK(counts.AppendValues(counts_));
    ARROW_ASSIGN_OR_RAISE(auto a, log_sums.Finish());
    ARROW_ASSIGN_OR_RAISE(auto b, counts.Finish());
    return std::vector<std::shared_ptr<arrow::Array>>{a, b};
  }

  arrow::Result<std::shared_ptr<arrow::Array>> finish(uint32_t total_groups) override {
    resize(total_groups);
    arrow::DoubleBuilder out;
    ARROW_RETURN_NOT_OK(out.Reserve(total_groups));
    for (uint32_t g = 0; g < total_groups; ++g) {
      // A group of only nulls has no geometric mean.
      if (counts_[g] == 0) {
        out.UnsafeAppendNull();
      } else {
        out.UnsafeAppend(std::exp(log_sums_[g] / static_cast<double>(counts_[g])));
      }
    }
    return out.Finish();
  }

 private:
  void resize(uint32_t n) {
    log_sums_.resize(n, 0.0);
    counts_.resize(n, 0);
  }
  std::vector<double> log_sums_;
  std::vector<int64_t> counts_;
};

class GeometricMean : public quiver::AggregateFunction {
 public:
  const std::string& name() const override { return name_; }
  arrow::Result<std::shared_ptr<arrow::DataType>> return_type(
      const quiver::DataTypeVector& arg_types) const override {
    ARROW_RETURN_NOT_OK(check(arg_types));
    return arrow::float64();
  }
  arrow::Result<quiver::DataTypeVector> state_types(const quiver::DataTypeVector& arg_types,
                                                    bool distinct) const override {
    ARROW_RETURN_NOT_OK(check(arg_types));
    return quiver::DataTypeVector{arrow::float64(), arrow::int64()};
  }
  arrow::Result<std::unique_ptr<quiver::GroupsAccumulator>> create_accumulator(
      const quiver::DataTypeVector& arg_types, bool distinct) const override {
    ARROW_RETURN_NOT_OK(check(arg_types));
    if (distinct) return arrow::Status::NotImplemented("geometric_mean(DISTINCT x)");
    return std::make_unique<GeometricMeanAccumulator>();
  }

 private:
  static arrow::Status check(const quiver::DataTypeVector& arg_types) {
    if (arg_types.size() != 1 || !arrow::is_numeric(arg_types[0]->id())) {
      return arrow::Status::TypeError("geometric_mean takes one numeric argument");
    }
    return arrow::Status::OK();
  }
  std::string name_ = "geometric_mean";
};

/// measurements(sensor utf8, reading int64) in 3 batches: sensor "a" reads 2 and 8 (mean 4),
/// "b" reads 1, 3 and 9 (mean 3), "c" reads 10 and 1000 (mean 100), each 60 times over.
arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> MakeMeasurements() {
  const std::vector<std::pair<std::string, int64_t>> cycle = {
      {"a", 2}, {"b", 1}, {"c", 10}, {"a", 8}, {"b", 3}, {"c", 1000}, {"b", 9}};
  auto schema = arrow::schema(
      {arrow::field("sensor", arrow::utf8()), arrow::field("reading", arrow::int64())});
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  for (int b = 0; b < 3; ++b) {
    arrow::StringBuilder sensors;
    arrow::Int64Builder readings;
    for (int rep = 0; rep < 20; ++rep) {
      for (const auto& [sensor, reading] : cycle) {
        ARROW_RETURN_NOT_OK(sensors.Append(sensor));
        ARROW_RETURN_NOT_OK(readings.Append(reading));
      }
    }
    ARROW_ASSIGN_OR_RAISE(auto s, sensors.Finish());
    ARROW_ASSIGN_OR_RAISE(auto r, readings.Finish());
    batches.push_back(arrow::RecordBatch::Make(schema, s->length(), {s, r}));
  }
  return batches;
}

/// Runs `df` and concatenates its batches under their own schema. (DataFrame::to_table() uses
/// the logical schema, which today can differ from the batches' in nullability, e.g. count(*).)
arrow::Result<std::shared_ptr<arrow::RecordBatch>> Collect(const quiver::DataFrame& df) {
  ARROW_ASSIGN_OR_RAISE(auto batches, df.collect());
  if (batches.empty()) return arrow::Status::Invalid("the query returned no batches");
  ARROW_ASSIGN_OR_RAISE(auto table, arrow::Table::FromRecordBatches(batches));
  return table->CombineChunksToBatch();
}

arrow::Status Run() {
  ARROW_RETURN_NOT_OK(arrow::compute::Initialize());
  auto geometric_mean = std::make_shared<GeometricMean>();

  // Workers: the UDAF goes into the session each task is run with.
  auto worker = quiver::Worker::from_session_builder(
      [geometric_mean](quiver::WorkerQueryContext ctx) -> arrow::Result<quiver::SessionState> {
        return ctx.builder.with_aggregate_functions({geometric_mean}).build();
      });
  ARROW_ASSIGN_OR_RAISE(auto cluster, quiver::LocalCluster::Start(2, worker));

  // Coordinator: the same UDAF, so the SQL planner knows its name and types.
  ARROW_ASSIGN_OR_RAISE(
      quiver::SessionState state,
      quiver::SessionStateBuilder()
          .with_aggregate_functions({geometric_mean})
          .with_distributed_planner()
          .with_distributed_worker_resolver(quiver::StaticWorkerResolver::Make(cluster->urls()))
          .with_distributed_auth_token(cluster->auth_token())  // the workers require it
          .build());
  quiver::SessionContext ctx(std::move(state));
  ARROW_ASSIGN_OR_RAISE(auto measurements, MakeMeasurements());
  ARROW_RETURN_NOT_OK(ctx.register_batches("measurements", measurements));

  const std::string query =
      "SELECT sensor, count(reading) AS n, geometric_mean(reading) AS gmean "
      "FROM measurements GROUP BY sensor ORDER BY sensor";
  ARROW_ASSIGN_OR_RAISE(auto explain, ctx.sql("EXPLAIN " + query));
  ARROW_ASSIGN_OR_RAISE(auto plans, Collect(explain));
  auto kinds = std::static_pointer_cast<arrow::StringArray>(plans->column(0));
  auto texts = std::static_pointer_cast<arrow::StringArray>(plans->column(1));
  for (int64_t r = 0; r < plans->num_rows(); ++r) {
    if (kinds->GetView(r) != "distributed_plan") continue;
    std::cout << texts->GetView(r) << "\n";
    if (texts->GetView(r).find("not distributed") != std::string_view::npos) {
      return arrow::Status::Invalid("the query was not distributed");
    }
  }

  ARROW_ASSIGN_OR_RAISE(auto df, ctx.sql(query));
  ARROW_ASSIGN_OR_RAISE(auto result, Collect(df));
  auto sensors = std::static_pointer_cast<arrow::StringArray>(result->column(0));
  auto counts = std::static_pointer_cast<arrow::Int64Array>(result->column(1));
  auto gmeans = std::static_pointer_cast<arrow::DoubleArray>(result->column(2));

  // By hand: (2*8)^(1/2) = 4, (1*3*9)^(1/3) = 3, (10*1000)^(1/2) = 100; 60 cycles each.
  const std::map<std::string, std::pair<int64_t, double>> expected = {
      {"a", {120, 4.0}}, {"b", {180, 3.0}}, {"c", {120, 100.0}}};
  if (result->num_rows() != 3) {
    return arrow::Status::Invalid("expected 3 sensors, got ", result->num_rows());
  }
  for (int64_t r = 0; r < result->num_rows(); ++r) {
    char line[128];
    std::snprintf(line, sizeof(line), "%s n=%lld gmean=%.6f",
                  std::string(sensors->GetView(r)).c_str(),
                  static_cast<long long>(counts->Value(r)), gmeans->Value(r));
    std::cout << line << "\n";
    if (sensors->GetView(r) != std::string(1, static_cast<char>('a' + r))) {
      return arrow::Status::Invalid("rows are not ordered by sensor");
    }
    auto want = expected.find(std::string(sensors->GetView(r)));
    if (want == expected.end() || counts->Value(r) != want->second.first ||
        std::abs(gmeans->Value(r) - want->second.second) > 1e-9 * want->second.second) {
      return arrow::Status::Invalid("sensor ", sensors->GetView(r),
                                    " differs from the hand answer");
    }
  }
  std::cout << "OK: geometric_mean ran distributed and matches the hand answer\n";
  return cluster->Shutdown();
}

}  // namespace

int main() {
  auto st = Run();
  if (!st.ok()) {
    std::cerr << "custom_aggregate failed: " << st.ToString() << std::endl;
    return 1;
  }
  return 0;
}
