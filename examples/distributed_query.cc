// A distributed query from start to finish, in one process: two workers on loopback ports
// (LocalCluster), a coordinator session with the distributed planner, an in-memory table, an
// aggregate with ORDER BY, its EXPLAIN, and a check of the result against a plain loop.
//
//   ./build/distributed_query
//
// Exits 1 if the query fails, is not distributed, or its answer differs from the loop's.
#include <arrow/api.h>
#include <arrow/compute/initialize.h>
#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_context.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/worker/local_cluster.h>

#include <cstdint>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

constexpr int kRows = 1000;
constexpr int kBatches = 4;  // each batch is a unit of parallelism a task can be given
const char* const kRegions[] = {"east", "north", "west"};

int64_t Amount(int i) { return i % 7 + 1; }
const char* Region(int i) { return kRegions[i % 3]; }

/// sales(region utf8, amount int64): row i is (kRegions[i % 3], i % 7 + 1), in kBatches batches.
arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> MakeSales() {
  auto schema = arrow::schema(
      {arrow::field("region", arrow::utf8()), arrow::field("amount", arrow::int64())});
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  const int per_batch = kRows / kBatches;
  for (int b = 0; b < kBatches; ++b) {
    arrow::StringBuilder regions;
    arrow::Int64Builder amounts;
    for (int i = b * per_batch; i < (b + 1) * per_batch; ++i) {
      ARROW_RETURN_NOT_OK(regions.Append(Region(i)));
      ARROW_RETURN_NOT_OK(amounts.Append(Amount(i)));
    }
    ARROW_ASSIGN_OR_RAISE(auto region_array, regions.Finish());
    ARROW_ASSIGN_OR_RAISE(auto amount_array, amounts.Finish());
    batches.push_back(arrow::RecordBatch::Make(schema, per_batch, {region_array, amount_array}));
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

constexpr const char* kQuery =
    "SELECT region, count(*) AS orders, sum(amount) AS total "
    "FROM sales GROUP BY region ORDER BY total DESC";

arrow::Status Run() {
  ARROW_RETURN_NOT_OK(arrow::compute::Initialize());

  // Two real Flight workers on 127.0.0.1; the default Worker needs no set-up.
  ARROW_ASSIGN_OR_RAISE(auto cluster, quiver::LocalCluster::Start(2));
  for (const auto& url : cluster->urls()) std::cout << "worker " << url << "\n";

  // The coordinator: a session whose physical plans are cut into stages run by those workers.
  ARROW_ASSIGN_OR_RAISE(
      quiver::SessionState state,
      quiver::SessionStateBuilder()
          .with_distributed_planner()
          .with_distributed_worker_resolver(quiver::StaticWorkerResolver::Make(cluster->urls()))
          .with_distributed_auth_token(cluster->auth_token())  // the workers require it
          .build());
  quiver::SessionContext ctx(std::move(state));
  ARROW_ASSIGN_OR_RAISE(auto sales, MakeSales());
  ARROW_RETURN_NOT_OK(ctx.register_batches("sales", sales));

  // EXPLAIN: one row per plan kind (logical, physical, distributed).
  ARROW_ASSIGN_OR_RAISE(auto explain, ctx.sql(std::string("EXPLAIN ") + kQuery));
  ARROW_ASSIGN_OR_RAISE(auto plans, Collect(explain));
  auto kinds = std::static_pointer_cast<arrow::StringArray>(plans->column(0));
  auto texts = std::static_pointer_cast<arrow::StringArray>(plans->column(1));
  bool distributed = false;
  for (int64_t r = 0; r < plans->num_rows(); ++r) {
    std::cout << "== " << kinds->GetView(r) << "\n" << texts->GetView(r) << "\n";
    if (kinds->GetView(r) == "distributed_plan" &&
        texts->GetView(r).find("not distributed") == std::string_view::npos) {
      distributed = true;
    }
  }
  if (!distributed) return arrow::Status::Invalid("the query was not distributed");

  // The query itself: the coordinator runs stage 0 and pulls the rest from the workers.
  ARROW_ASSIGN_OR_RAISE(auto df, ctx.sql(kQuery));
  ARROW_ASSIGN_OR_RAISE(auto result, Collect(df));
  std::cout << "== result\n" << result->ToString() << "\n";

  // The same answer from a plain loop over the rows.
  std::map<std::string, std::pair<int64_t, int64_t>> expected;  // region -> (orders, total)
  for (int i = 0; i < kRows; ++i) {
    auto& [orders, total] = expected[Region(i)];
    ++orders;
    total += Amount(i);
  }
  if (result->num_rows() != static_cast<int64_t>(expected.size())) {
    return arrow::Status::Invalid("expected ", expected.size(), " groups, got ",
                                  result->num_rows());
  }
  auto regions = std::static_pointer_cast<arrow::StringArray>(result->column(0));
  auto orders = std::static_pointer_cast<arrow::Int64Array>(result->column(1));
  auto totals = std::static_pointer_cast<arrow::Int64Array>(result->column(2));
  for (int64_t r = 0; r < result->num_rows(); ++r) {
    const auto& want = expected[std::string(regions->GetView(r))];
    if (orders->Value(r) != want.first || totals->Value(r) != want.second) {
      return arrow::Status::Invalid("row ", r, " (", regions->GetView(r),
                                    ") differs from the loop");
    }
    std::cout << regions->GetView(r) << " orders=" << orders->Value(r)
              << " total=" << totals->Value(r) << "\n";
    if (r > 0 && totals->Value(r) > totals->Value(r - 1)) {
      return arrow::Status::Invalid("rows are not ordered by total descending");
    }
  }
  std::cout << "OK: distributed result equals the loop's\n";
  return cluster->Shutdown();
}

}  // namespace

int main() {
  auto st = Run();
  if (!st.ok()) {
    std::cerr << "distributed_query failed: " << st.ToString() << std::endl;
    return 1;
  }
  return 0;
}
