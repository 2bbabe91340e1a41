#include <gtest/gtest.h>
#include <quiver/common/exception_boundary.h>

#include <atomic>
#include <new>
#include <stdexcept>
#include <thread>
#include <vector>

namespace quiver {
namespace {

TEST(ExceptionBoundaryTest, AnEscapingExceptionBecomesAStatusNamingWhere) {
  auto oom = CatchExceptions("RepartitionExec", []() -> arrow::Status { throw std::bad_alloc(); });
  EXPECT_TRUE(oom.IsOutOfMemory());
  EXPECT_EQ(oom.message(), "RepartitionExec: an allocation failed (out of memory)");
  auto other = CatchExceptions("DoGet", []() -> arrow::Status {
    throw std::runtime_error("boom");
  });
  EXPECT_TRUE(other.IsUnknownError());
  EXPECT_EQ(other.message(), "DoGet: boom");
  EXPECT_TRUE(CatchExceptions("x", [] { return arrow::Status::OK(); }).ok());
  EXPECT_TRUE(CatchExceptions("x", [] { return arrow::Status::Invalid("kept"); }).IsInvalid());
}

TEST(ExceptionBoundaryTest, StartThreadAppendsARunningThread) {
  std::vector<std::thread> threads;
  std::atomic<int> ran{0};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(StartThread(&threads, "test", [&ran] { ++ran; }).ok());
  }
  ASSERT_EQ(threads.size(), 3u);
  for (auto& t : threads) t.join();
  EXPECT_EQ(ran.load(), 3);
}

}  // namespace
}  // namespace quiver
