#pragma once

#include <arrow/result.h>
#include <arrow/status.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace quiver {

struct TaskCompletion;

/// \brief A task started by an Executor, to wait for. Dropping the handle detaches the task.
class TaskHandle {
 public:
  TaskHandle() = default;
  explicit TaskHandle(std::shared_ptr<TaskCompletion> done) : done_(std::move(done)) {}

  bool joinable() const { return done_ != nullptr; }
  /// Waits for the task to end (suspending only the caller when it is a task itself). A task
  /// joining itself (its last owner is ending it) returns at once.
  void Join();

 private:
  std::shared_ptr<TaskCompletion> done_;
};

/// \brief The fixed set of threads on which every partition of every query runs.
///
/// A task is a fiber (Boost.Fiber): it runs on one thread from start to end and gives that
/// thread to the thread's other tasks whenever it waits on a quiver::ConditionVariable
/// (runtime/sync.h), e.g. for a queue between operators or a shared join build. So the number
/// of threads does not depend on the number of partitions or queries, and 16 partitions run on
/// one thread without deadlock. New tasks go to the thread with the fewest live tasks.
///
/// What does not run here: calls that wait on the network (Flight reads of other stages, see
/// RemoteStream) run on threads of their own, since a task blocked in one would hold its
/// thread while the worker that must answer it may need that very thread (an embedded cluster
/// shares one Executor).
class Executor {
 public:
  /// `threads` >= 1.
  explicit Executor(int threads);
  /// Waits for every task to end.
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  /// The process's executor: SetDefaultThreads's count, else one thread per core.
  static const std::shared_ptr<Executor>& Default();
  /// Sizes Default(); Invalid once Default() has been made (or for threads < 1).
  static arrow::Status SetDefaultThreads(int threads);

  int thread_count() const;
  /// Tasks spawned that have not ended.
  int64_t live_tasks() const;

  /// Starts `fn` as a task. An error naming `what` when its stack cannot be allocated (the
  /// task then never runs) or the executor is shutting down.
  arrow::Result<TaskHandle> Spawn(std::string_view what, std::function<void()> fn);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// Spawns `fn` on `executor` and appends its handle to `tasks` (StartThread's counterpart).
arrow::Status StartTask(Executor& executor, std::vector<TaskHandle>* tasks, std::string_view what,
                        std::function<void()> fn);

/// Joins every handle in `tasks` and clears it.
void JoinTasks(std::vector<TaskHandle>* tasks);

/// Runs `fn` on a thread of its own and waits for it without holding the caller's executor
/// thread: for blocking calls (RPCs) made from a task. Runs it inline when no thread can be
/// started.
void RunBlocking(std::string_view what, const std::function<void()>& fn);

}  // namespace quiver
