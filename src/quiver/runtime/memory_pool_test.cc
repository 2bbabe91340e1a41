#include <gtest/gtest.h>
#include <quiver/runtime/memory_pool.h>
#include <quiver/runtime/memory_reservation.h>

#include <thread>
#include <vector>

namespace quiver {
namespace {

TEST(MemoryPoolTest, RefusesPastTheLimitNamingConsumerAndSizes) {
  auto pool = MemoryPool::Make("the test pool", 1000);
  MemoryReservation a(pool, "SortExec partition 0");
  ASSERT_TRUE(a.TryGrow(600).ok());
  MemoryReservation b(pool, "HashJoinExec build side partition 1");
  arrow::Status st = b.TryGrow(500);
  ASSERT_TRUE(st.IsOutOfMemory()) << st.ToString();
  EXPECT_TRUE(IsMemoryLimitExceeded(st));
  EXPECT_EQ(st.message(),
            "memory limit exceeded: HashJoinExec build side partition 1 asked for 500 B more "
            "(it holds 0 B); the test pool has 600 B of 1000 B reserved");
  EXPECT_EQ(b.size(), 0);
  EXPECT_EQ(pool->reserved(), 600);
  ASSERT_TRUE(b.TryGrow(400).ok());
  EXPECT_EQ(pool->reserved(), 1000);
}

TEST(MemoryPoolTest, ReservationsReturnTheirBytesWhenFreedMovedOrDestroyed) {
  auto pool = MemoryPool::Make("p", std::nullopt);
  {
    MemoryReservation r(pool, "c");
    ASSERT_TRUE(r.TryGrow(100).ok());
    ASSERT_TRUE(r.TryResize(40).ok());
    EXPECT_EQ(pool->reserved(), 40);
    MemoryReservation moved = std::move(r);
    EXPECT_EQ(r.size(), 0);  // NOLINT(bugprone-use-after-move): moved-from is empty
    EXPECT_EQ(moved.size(), 40);
    EXPECT_EQ(pool->reserved(), 40);
    moved.Shrink(1000);  // more than held: returns what it holds
    EXPECT_EQ(pool->reserved(), 0);
    ASSERT_TRUE(moved.TryGrow(7).ok());
  }
  EXPECT_EQ(pool->reserved(), 0);
  EXPECT_EQ(pool->peak(), 100);
}

TEST(MemoryPoolTest, AChildPoolMustFitItsParentToo) {
  auto process = MemoryPool::Make("the process memory pool", 1000);
  auto query1 = MemoryPool::Make("query 1", 800, process);
  auto query2 = MemoryPool::Make("query 2", 800, process);
  MemoryReservation r1(query1, "a");
  MemoryReservation r2(query2, "b");
  ASSERT_TRUE(r1.TryGrow(700).ok());
  EXPECT_FALSE(r1.TryGrow(200).ok());  // query 1's own limit
  arrow::Status st = r2.TryGrow(400);  // fits query 2, not the process
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("the process memory pool has 700 B of 1000 B"), std::string::npos)
      << st.message();
  EXPECT_EQ(query2->reserved(), 0);  // the refusal left nothing behind in the child
  r1.Free();
  ASSERT_TRUE(r2.TryGrow(400).ok());
  EXPECT_EQ(process->reserved(), 400);
}

TEST(MemoryPoolTest, SpillingConsumersShareWhatTheOthersLeave) {
  auto pool = MemoryPool::Make("the process memory pool", 1000);
  MemoryReservation join(pool, "HashJoinExec build side partition 0");  // cannot spill
  ASSERT_TRUE(join.TryGrow(200).ok());
  MemoryReservation sort1(pool, "SortExec partition 0", Spill::kYes);
  MemoryReservation sort2(pool, "SortExec partition 1", Spill::kYes);
  // (1000 - 200) / 2 each: the first sort may not take what the second needs.
  ASSERT_TRUE(sort1.TryGrow(400).ok());
  arrow::Status st = sort1.TryGrow(1);
  ASSERT_TRUE(IsMemoryLimitExceeded(st));
  EXPECT_EQ(st.message(),
            "memory limit exceeded: SortExec partition 0 asked for 1 B more (it holds 400 B); "
            "its fair share of the process memory pool is 400 B (1000 B less 200 B held by "
            "operators that cannot spill, over 2 that can)");
  ASSERT_TRUE(sort2.TryGrow(400).ok());
  {
    MemoryReservation gone = std::move(sort2);
  }  // the second sort ended: the first may have it all
  ASSERT_TRUE(sort1.TryGrow(400).ok());
  EXPECT_EQ(pool->reserved(), 1000);
  // Non-spilling consumers are limited by what is left only.
  EXPECT_FALSE(join.TryGrow(1).ok());
}

TEST(MemoryPoolTest, AConsumerThatStopsSpillingNoLongerTakesAShare) {
  auto pool = MemoryPool::Make("pool", 1000);
  MemoryReservation join(pool, "join", Spill::kYes);
  MemoryReservation sort(pool, "sort", Spill::kYes);
  ASSERT_TRUE(join.TryGrow(400).ok());
  EXPECT_FALSE(sort.TryGrow(600).ok());  // over its share of 500 while both can spill
  join.StopSpilling();                   // the join keeps its 400 in memory from now on
  EXPECT_FALSE(join.spillable());
  ASSERT_TRUE(sort.TryGrow(600).ok());   // the sort alone shares what is left: 600
  EXPECT_FALSE(sort.TryGrow(1).ok());
  join.Free();
  ASSERT_TRUE(sort.TryGrow(400).ok());
  EXPECT_EQ(pool->reserved(), 1000);
}

TEST(MemoryPoolTest, ConcurrentGrowsNeverPassTheLimit) {
  auto pool = MemoryPool::Make("p", 10000);
  std::vector<std::thread> threads;
  std::atomic<int64_t> granted{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      MemoryReservation r(pool, "t");
      for (int i = 0; i < 1000; ++i) {
        if (r.TryGrow(7).ok()) granted += 7;
        EXPECT_LE(pool->reserved(), 10000);
        if (i % 3 == 0) {
          granted -= r.size();
          r.Free();
        }
      }
      granted -= r.size();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(pool->reserved(), 0);
  EXPECT_EQ(granted.load(), 0);
  EXPECT_LE(pool->peak(), 10000);
}

}  // namespace
}  // namespace quiver
