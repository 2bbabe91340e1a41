#include <gtest/gtest.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/repartition/repartition_exec.h>
#include <quiver/physical/testing/batch_source_exec.h>
#include <quiver/physical/testing/test_util.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

std::shared_ptr<arrow::Array> SortArray(const std::shared_ptr<arrow::Array>& a) {
  auto indices = arrow::compute::SortIndices(*a).ValueOrDie();
  return arrow::compute::Take(*a, *indices).ValueOrDie();
}

std::shared_ptr<arrow::Schema> Schema() {
  return arrow::schema({arrow::field("k", arrow::utf8()), arrow::field("v", arrow::int64())});
}

// 2 input partitions × 3 batches of 4 rows: keys "k0".."k9" and null, v = row number.
std::shared_ptr<BatchSourceExec> Source() {
  auto s = Schema();
  BatchSourceExec::Partitions parts(2);
  int v = 0;
  for (int p = 0; p < 2; ++p) {
    for (int b = 0; b < 3; ++b) {
      std::string keys = "[", vals = "[";
      for (int r = 0; r < 4; ++r, ++v) {
        if (r > 0) keys += ", ", vals += ", ";
        keys += (v % 11 == 10) ? "null" : "\"k" + std::to_string(v % 11) + "\"";
        vals += std::to_string(v);
      }
      parts[p].push_back(MakeBatch(s, {keys + "]", vals + "]"}));
    }
  }
  return std::make_shared<BatchSourceExec>(s, std::move(parts));
}

TEST(RepartitionExecTest, HashKeepsAllRowsAndPutsEqualKeysTogether) {
  InitCompute();
  auto repartition =
      std::make_shared<RepartitionExec>(Source(), Partitioning::Hash({Col("k", 0)}, 3));
  EXPECT_EQ(repartition->to_string(),
            "RepartitionExec: partitioning=Hash([k@0], 3), input_partitions=2");
  auto ctx = MakeContext();
  std::vector<std::shared_ptr<arrow::RecordBatchReader>> streams;
  for (int p = 0; p < 3; ++p) streams.push_back(*repartition->execute(p, ctx));
  // Drain outputs in reverse order: unbounded queues make any order safe.
  std::map<std::string, std::set<int>> partitions_of_key;
  std::multiset<int64_t> values;
  for (int p = 2; p >= 0; --p) {
    std::shared_ptr<arrow::RecordBatch> batch;
    while (true) {
      ASSERT_TRUE(streams[p]->ReadNext(&batch).ok());
      if (!batch) break;
      auto keys = std::static_pointer_cast<arrow::StringArray>(batch->column(0));
      auto vals = std::static_pointer_cast<arrow::Int64Array>(batch->column(1));
      for (int64_t i = 0; i < batch->num_rows(); ++i) {
        partitions_of_key[keys->IsNull(i) ? "<null>" : keys->GetString(i)].insert(p);
        values.insert(vals->Value(i));
      }
    }
  }
  ASSERT_EQ(values.size(), 24u);
  for (int64_t v = 0; v < 24; ++v) EXPECT_EQ(values.count(v), 1u) << v;
  EXPECT_EQ(partitions_of_key.size(), 11u);
  std::set<int> used;
  for (const auto& [key, parts] : partitions_of_key) {
    EXPECT_EQ(parts.size(), 1u) << key;
    used.insert(*parts.begin());
  }
  EXPECT_GT(used.size(), 1u);  // 11 keys do not all land in one of 3 partitions
}

TEST(RepartitionExecTest, HashOutputsAreCoalescedToTheBatchSize) {
  // A hash split of 4-row batches into 3 outputs leaves pieces of one or two rows; each
  // output gets batches of at least half the batch size instead (smaller ones are gathered),
  // except one remainder per producer.
  InitCompute();
  auto repartition =
      std::make_shared<RepartitionExec>(Source(), Partitioning::Hash({Col("k", 0)}, 3));
  auto ctx = MakeContext(/*batch_size=*/4);
  std::vector<std::shared_ptr<arrow::RecordBatchReader>> streams;
  for (int p = 0; p < 3; ++p) streams.push_back(*repartition->execute(p, ctx));
  int64_t total = 0;
  for (int p = 0; p < 3; ++p) {
    int short_batches = 0;
    std::shared_ptr<arrow::RecordBatch> batch;
    while (true) {
      ASSERT_TRUE(streams[p]->ReadNext(&batch).ok());
      if (!batch) break;
      EXPECT_LE(batch->num_rows(), 4);
      if (batch->num_rows() < 2) ++short_batches;
      total += batch->num_rows();
    }
    EXPECT_LE(short_batches, 2) << "output " << p;
  }
  EXPECT_EQ(total, 24);
}

TEST(RepartitionExecTest, HashRowsIsTypedAndNullsAreFixed) {
  auto a = MakeArray(arrow::int32(), "[1, null, 1, 2]");
  auto b = MakeArray(arrow::utf8(), R"(["x", "y", "x", null])");
  std::vector<uint64_t> h(4);
  ASSERT_TRUE(HashRows({a, b}, 4, h.data()).ok());
  EXPECT_EQ(h[0], h[2]);
  EXPECT_NE(h[0], h[1]);
  // Slicing does not change a row's hash.
  std::vector<uint64_t> h2(2);
  ASSERT_TRUE(HashRows({a->Slice(2), b->Slice(2)}, 2, h2.data()).ok());
  EXPECT_EQ(h2[0], h[0]);
  EXPECT_EQ(h2[1], h[3]);
  auto d = MakeArray(arrow::decimal128(15, 2), R"(["1.00", "1.00", null])");
  std::vector<uint64_t> h3(3);
  ASSERT_TRUE(HashRows({d}, 3, h3.data()).ok());
  EXPECT_EQ(h3[0], h3[1]);
}

TEST(RepartitionExecTest, RoundRobinKeepsAllRows) {
  InitCompute();
  auto repartition = std::make_shared<RepartitionExec>(Source(), Partitioning::RoundRobin(4));
  auto table = CollectTable(repartition, MakeContext());
  EXPECT_EQ(table->num_rows(), 24);
  auto sorted = SortedTable(table);
  auto expected = MakeArray(
      arrow::int64(), "[" + [] {
        std::string s;
        for (int i = 0; i < 24; ++i) s += (i ? ", " : "") + std::to_string(i);
        return s;
      }() + "]");
  // Sorted by (k, v), so compare the multiset of v via a sort on v alone.
  auto v_sorted = SortArray(Column(table, 1));
  QUIVER_EXPECT_ARRAY_EQ(expected, v_sorted);
}

TEST(RepartitionExecTest, ErrorsReachEveryOutput) {
  InitCompute();
  auto source = Source();
  source->fail_after(1, arrow::Status::IOError("broken input"));
  auto repartition =
      std::make_shared<RepartitionExec>(source, Partitioning::Hash({Col("k", 0)}, 2));
  auto ctx = MakeContext();
  for (int p = 0; p < 2; ++p) {
    auto stream = *repartition->execute(p, ctx);
    arrow::Status st;
    std::shared_ptr<arrow::RecordBatch> batch;
    do {
      st = stream->ReadNext(&batch);
    } while (st.ok() && batch);
    EXPECT_TRUE(st.IsIOError()) << p << ": " << st.ToString();
  }
}

// DataFusion's distribution gate: producers wait while every output holds two batches, so a
// consumer that does not read holds the producers back once the others are full too.
TEST(RepartitionExecTest, ProducersWaitWhileEveryOutputHoldsTwoBatches) {
  InitCompute();
  auto s = Schema();
  BatchSourceExec::Partitions parts(1);
  for (int b = 0; b < 100; ++b) {
    parts[0].push_back(MakeBatch(s, {R"(["a", "b", "c", "d"])", "[1, 2, 3, 4]"}));
  }
  auto source = std::make_shared<BatchSourceExec>(s, std::move(parts));
  auto repartition = std::make_shared<RepartitionExec>(source, Partitioning::RoundRobin(2));
  auto ctx = MakeContext(/*batch_size=*/4);
  auto out0 = repartition->execute(0, ctx).ValueOrDie();
  auto out1 = repartition->execute(1, ctx).ValueOrDie();
  std::shared_ptr<arrow::RecordBatch> batch;
  ASSERT_TRUE(out0->ReadNext(&batch).ok());
  ASSERT_NE(batch, nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_LE(source->pulled(), 8);  // not 100: both outputs are full, nobody reads
  int64_t rows = batch->num_rows();
  for (auto* out : {&out0, &out1}) {  // read in turn: output 0 to its end first, then 1
    while (true) {
      ASSERT_TRUE((*out)->ReadNext(&batch).ok());
      if (!batch) break;
      rows += batch->num_rows();
    }
  }
  EXPECT_EQ(rows, 400);  // and no deadlock reading one output to its end before the other
}

int ProcessThreads() {
  int n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

// 16 input partitions repartitioned 16 ways and gathered again, on an executor of one thread:
// every producer and consumer waits on another at some point, so this ends only if a waiting
// task gives the thread up; and the process never has more threads than before it started.
TEST(RepartitionExecTest, SixteenPartitionsRunOnOneThreadWithoutMoreThreads) {
  InitCompute();
  auto s = Schema();
  constexpr int kPartitions = 16;
  BatchSourceExec::Partitions parts(kPartitions);
  int64_t expected_sum = 0;
  int v = 0;
  for (int p = 0; p < kPartitions; ++p) {
    for (int b = 0; b < 20; ++b, ++v) {
      parts[p].push_back(MakeBatch(
          s, {"[\"k" + std::to_string(v % 7) + "\", \"x\"]", "[" + std::to_string(v) + ", 1]"}));
      expected_sum += v + 1;
    }
  }
  auto source = std::make_shared<BatchSourceExec>(s, std::move(parts));
  auto plan = std::make_shared<CoalescePartitionsExec>(
      std::make_shared<RepartitionExec>(source, Partitioning::Hash({Col("k", 0)}, kPartitions)));
  RuntimeOptions options;
  options.threads = 1;
  SessionConfig config;
  config.batch_size = 2;  // many hand-overs
  auto ctx = std::make_shared<TaskContext>(config, FunctionRegistry::MakeDefault(),
                                           RuntimeEnv::Make(options));
  ASSERT_EQ(ctx->executor().thread_count(), 1);
  std::atomic<bool> done{false};
  std::atomic<int> most{0};
  std::thread sampler([&] {
    while (!done.load()) {
      most = std::max(most.load(), ProcessThreads());
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  const int before = ProcessThreads();
  auto batches = CollectPlan(plan, ctx);
  done = true;
  sampler.join();
  ASSERT_TRUE(batches.ok()) << batches.status().ToString();
  int64_t rows = 0, sum = 0;
  for (const auto& batch : *batches) {
    rows += batch->num_rows();
    auto vals = std::static_pointer_cast<arrow::Int64Array>(batch->column(1));
    for (int64_t i = 0; i < batch->num_rows(); ++i) sum += vals->Value(i);
  }
  EXPECT_EQ(rows, 2 * kPartitions * 20);
  EXPECT_EQ(sum, expected_sum);
  EXPECT_LE(most.load(), before);  // not one thread per partition
  EXPECT_EQ(ctx->executor().live_tasks(), 0);
}

TEST(RepartitionExecTest, ClosingEarlyStopsProducers) {
  InitCompute();
  auto repartition = std::make_shared<RepartitionExec>(Source(), Partitioning::RoundRobin(2));
  auto ctx = MakeContext();
  auto s0 = *repartition->execute(0, ctx);
  auto s1 = *repartition->execute(1, ctx);
  std::shared_ptr<arrow::RecordBatch> batch;
  ASSERT_TRUE(s0->ReadNext(&batch).ok());
  ASSERT_TRUE(batch);
  EXPECT_TRUE(s0->Close().ok());
  EXPECT_TRUE(s1->Close().ok());  // joins the producers; must not hang
}

TEST(CoalescePartitionsExecTest, GathersAllAndHonoursFetch) {
  InitCompute();
  auto coalesce = std::make_shared<CoalescePartitionsExec>(Source());
  EXPECT_EQ(coalesce->output_partition_count(), 1);
  auto table = CollectTable(coalesce, MakeContext());
  EXPECT_EQ(table->num_rows(), 24);
  auto v_sorted = SortArray(Column(table, 1));
  EXPECT_EQ(std::static_pointer_cast<arrow::Int64Array>(v_sorted)->Value(23), 23);
  auto limited = std::make_shared<CoalescePartitionsExec>(Source(), 6);
  EXPECT_EQ(CollectTable(limited, MakeContext())->num_rows(), 6);
  EXPECT_EQ(limited->to_string(), "CoalescePartitionsExec: fetch=6");
}

}  // namespace
}  // namespace quiver
