#include <gtest/gtest.h>
#include <quiver/runtime/executor.h>
#include <quiver/runtime/sync.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace quiver {
namespace {

// Threads of this process, as the kernel counts them.
int ProcessThreads() {
  int n = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/self/task")) {
    ++n;
  }
  return n;
}

TEST(ExecutorTest, RunsEveryTaskAndJoinWaitsForIt) {
  Executor executor(2);
  EXPECT_EQ(executor.thread_count(), 2);
  std::atomic<int> ran{0};
  std::vector<TaskHandle> tasks;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(StartTask(executor, &tasks, "test", [&ran] { ++ran; }).ok());
  }
  JoinTasks(&tasks);
  EXPECT_EQ(ran.load(), 100);
  EXPECT_TRUE(tasks.empty());
  EXPECT_EQ(executor.live_tasks(), 0);
}

// 16 tasks hand a token round a ring, each waiting for its turn: on one thread this only ends
// if a waiting task gives the thread to the others.
TEST(ExecutorTest, SixteenTasksWaitingOnEachOtherShareOneThread) {
  Executor executor(1);
  constexpr int kTasks = 16;
  constexpr int kRounds = 50;
  Mutex mutex;
  ConditionVariable turn;
  int token = 0;
  std::mutex ids_mutex;
  std::set<std::thread::id> ids;
  std::vector<TaskHandle> tasks;
  for (int i = 0; i < kTasks; ++i) {
    ASSERT_TRUE(StartTask(executor, &tasks, "ring", [&, i] {
                  {
                    std::lock_guard<std::mutex> lock(ids_mutex);
                    ids.insert(std::this_thread::get_id());
                  }
                  for (int round = 0; round < kRounds; ++round) {
                    std::unique_lock<Mutex> lock(mutex);
                    turn.wait(lock, [&] { return token % kTasks == i; });
                    ++token;
                    turn.notify_all();
                  }
                }).ok());
  }
  JoinTasks(&tasks);
  EXPECT_EQ(token, kTasks * kRounds);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_NE(*ids.begin(), std::this_thread::get_id());  // the caller only waited
}

TEST(ExecutorTest, WaitingTasksDoNotAddThreads) {
  Executor executor(2);
  const int before = ProcessThreads();
  Mutex mutex;
  ConditionVariable go;
  bool released = false;
  std::atomic<int> waiting{0};
  std::vector<TaskHandle> tasks;
  for (int i = 0; i < 500; ++i) {
    ASSERT_TRUE(StartTask(executor, &tasks, "waiter", [&] {
                  std::unique_lock<Mutex> lock(mutex);
                  ++waiting;
                  go.wait(lock, [&] { return released; });
                }).ok());
  }
  while (waiting.load() < 500) std::this_thread::yield();
  EXPECT_EQ(ProcessThreads(), before);  // 500 tasks waiting, still the executor's 2 threads
  EXPECT_EQ(executor.live_tasks(), 500);
  {
    std::lock_guard<Mutex> lock(mutex);
    released = true;
  }
  go.notify_all();
  JoinTasks(&tasks);
  EXPECT_EQ(executor.live_tasks(), 0);
}

TEST(ExecutorTest, ATaskJoiningItselfReturns) {
  Executor executor(1);
  auto self = std::make_shared<TaskHandle>();
  Mutex mutex;
  ConditionVariable set;
  bool ready = false;
  std::atomic<bool> joined{false};
  auto spawned = executor.Spawn("self", [&, self] {
    std::unique_lock<Mutex> lock(mutex);
    set.wait(lock, [&] { return ready; });
    lock.unlock();
    self->Join();
    joined = true;
  });
  ASSERT_TRUE(spawned.ok());
  TaskHandle outer = *spawned;
  *self = *spawned;
  {
    std::lock_guard<Mutex> lock(mutex);
    ready = true;
  }
  set.notify_all();
  outer.Join();
  EXPECT_TRUE(joined.load());
}

TEST(ExecutorTest, DestroyingWaitsForRunningTasks) {
  std::atomic<int> ended{0};
  {
    Executor executor(2);
    for (int i = 0; i < 8; ++i) {
      ASSERT_TRUE(executor
                      .Spawn("detached",
                             [&ended] {
                               std::this_thread::sleep_for(std::chrono::milliseconds(20));
                               ++ended;
                             })
                      .ok());  // handles dropped: detached
    }
  }
  EXPECT_EQ(ended.load(), 8);
}

TEST(ExecutorTest, RunBlockingKeepsTheExecutorThreadFree) {
  Executor executor(1);
  // The blocking call waits for a second task on the same single thread: it only returns if
  // the first task does not hold the thread while it waits.
  Mutex mutex;
  ConditionVariable cv;
  bool second_ran = false;
  std::vector<TaskHandle> tasks;
  ASSERT_TRUE(StartTask(executor, &tasks, "caller", [&] {
                RunBlocking("a blocking call", [&] {
                  std::unique_lock<Mutex> lock(mutex);
                  cv.wait(lock, [&] { return second_ran; });
                });
              }).ok());
  ASSERT_TRUE(StartTask(executor, &tasks, "second", [&] {
                {
                  std::lock_guard<Mutex> lock(mutex);
                  second_ran = true;
                }
                cv.notify_all();
              }).ok());
  JoinTasks(&tasks);
  EXPECT_TRUE(second_ran);
}

TEST(ExecutorTest, DefaultThreadsCannotChangeOnceMade) {
  const int threads = Executor::Default()->thread_count();
  EXPECT_GE(threads, 1);
  EXPECT_TRUE(Executor::SetDefaultThreads(threads).ok());
  EXPECT_TRUE(Executor::SetDefaultThreads(threads + 1).IsInvalid());
  EXPECT_TRUE(Executor::SetDefaultThreads(0).IsInvalid());
}

}  // namespace
}  // namespace quiver
