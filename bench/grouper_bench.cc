// grouper_bench: times group-id assignment alone, quiver's PackedKeyGrouper against Arrow's
// Grouper, on integer keys shaped like the TPC-H aggregations (clustered l_orderkey of Q18,
// 200 000 random l_partkey groups of Q17, nearly unique (l_partkey, l_suppkey) pairs of Q20, a
// handful of groups), fed in batches of 8192 rows. Prints the median of 5 runs per shape and
// engine and their ratio. It measures and never asserts.
#include <arrow/api.h>
#include <arrow/compute/exec.h>
#include <arrow/compute/initialize.h>
#include <arrow/compute/row/grouper.h>
#include <quiver/physical/aggregate/packed_key_grouper.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int64_t kBatch = 8192;
constexpr int kRuns = 5;

struct Shape {
  std::string name;
  std::vector<std::vector<std::shared_ptr<arrow::Array>>> batches;  // per batch, per key
  std::vector<std::shared_ptr<arrow::DataType>> types;
};

std::shared_ptr<arrow::Array> Int64s(const std::vector<int64_t>& v, int64_t offset) {
  arrow::Int64Builder b;
  const int64_t end = std::min<int64_t>(offset + kBatch, static_cast<int64_t>(v.size()));
  (void)b.AppendValues(v.data() + offset, end - offset);
  return b.Finish().ValueOrDie();
}

Shape MakeShape(std::string name, std::vector<std::vector<int64_t>> columns) {
  Shape shape{std::move(name), {}, {}};
  for (size_t c = 0; c < columns.size(); ++c) shape.types.push_back(arrow::int64());
  for (int64_t offset = 0; offset < static_cast<int64_t>(columns[0].size()); offset += kBatch) {
    std::vector<std::shared_ptr<arrow::Array>> batch;
    for (const auto& column : columns) batch.push_back(Int64s(column, offset));
    shape.batches.push_back(std::move(batch));
  }
  return shape;
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double TimeArrow(const Shape& shape, uint32_t* groups) {
  std::vector<arrow::TypeHolder> types(shape.types.begin(), shape.types.end());
  auto start = std::chrono::steady_clock::now();
  auto grouper = arrow::compute::Grouper::Make(types).ValueOrDie();
  for (const auto& batch : shape.batches) {
    std::vector<arrow::Datum> values(batch.begin(), batch.end());
    arrow::compute::ExecBatch exec(std::move(values), batch[0]->length());
    auto ids = grouper->Consume(arrow::compute::ExecSpan(exec)).ValueOrDie();
  }
  *groups = grouper->num_groups();
  return Seconds(start);
}

double TimePacked(const Shape& shape, uint32_t* groups) {
  auto start = std::chrono::steady_clock::now();
  quiver::PackedKeyGrouper grouper(shape.types);
  std::vector<uint32_t> ids;
  for (const auto& batch : shape.batches) {
    std::vector<std::shared_ptr<arrow::ArrayData>> keys;
    for (const auto& a : batch) keys.push_back(a->data());
    (void)grouper.Consume(keys, batch[0]->length(), &ids).ValueOrDie();
  }
  *groups = grouper.num_groups();
  return Seconds(start);
}

template <typename F>
double Median(F run, uint32_t* groups) {
  std::vector<double> times;
  for (int i = 0; i < kRuns; ++i) times.push_back(run(groups));
  std::sort(times.begin(), times.end());
  return times[kRuns / 2];
}

}  // namespace

int main() {
  if (!arrow::compute::Initialize().ok()) return 1;
  std::mt19937_64 rng(42);
  std::vector<Shape> shapes;
  {
    std::vector<int64_t> keys(6'000'000);
    for (size_t i = 0; i < keys.size(); ++i) keys[i] = static_cast<int64_t>(i / 4) * 32 + 1;
    shapes.push_back(MakeShape("6M rows, 1.5M clustered groups (Q18)", {keys}));
  }
  {
    std::vector<int64_t> keys(6'000'000);
    for (auto& k : keys) k = static_cast<int64_t>(rng() % 200'000) + 1;
    shapes.push_back(MakeShape("6M rows, 200K random groups (Q17)", {keys}));
  }
  {
    std::vector<int64_t> a(900'000), b(900'000);
    for (size_t i = 0; i < a.size(); ++i) {
      a[i] = static_cast<int64_t>(rng() % 200'000) + 1;
      b[i] = static_cast<int64_t>(rng() % 10'000) + 1;
    }
    shapes.push_back(MakeShape("900K rows, ~900K random 2-key groups (Q20)", {a, b}));
  }
  {
    std::vector<int64_t> keys(6'000'000);
    for (auto& k : keys) k = static_cast<int64_t>(rng() % 4);
    shapes.push_back(MakeShape("6M rows, 4 random groups", {keys}));
  }
  std::printf("%-44s %10s %10s %12s %9s\n", "shape", "arrow_s", "packed_s", "packed/arrow",
              "groups");
  for (const auto& shape : shapes) {
    uint32_t arrow_groups = 0, packed_groups = 0;
    const double arrow_s = Median([&](uint32_t* g) { return TimeArrow(shape, g); }, &arrow_groups);
    const double packed_s =
        Median([&](uint32_t* g) { return TimePacked(shape, g); }, &packed_groups);
    std::printf("%-44s %10.4f %10.4f %12.2f %9u%s\n", shape.name.c_str(), arrow_s, packed_s,
                packed_s / arrow_s, packed_groups,
                arrow_groups == packed_groups ? "" : "  (group counts differ!)");
  }
  return 0;
}
