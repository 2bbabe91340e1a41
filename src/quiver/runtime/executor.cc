#include <quiver/common/exception_boundary.h>
#include <quiver/runtime/executor.h>
#include <quiver/runtime/sync.h>

#include <boost/context/protected_fixedsize_stack.hpp>
#include <boost/fiber/fiber.hpp>
#include <boost/fiber/operations.hpp>

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace quiver {

namespace {

// As much as a thread's stack: deep plans and expressions recurse on it. Only the pages a task
// touches become memory; a guard page below turns an overflow into a fault, not corruption.
constexpr size_t kTaskStackBytes = 8u << 20;

using StackContext = boost::context::stack_context;

// Hands a fiber the stack Spawn allocated, so that an allocation failure is Spawn's error and
// not an exception on an executor thread.
class PreallocatedStack {
 public:
  explicit PreallocatedStack(StackContext stack) : stack_(stack) {}
  StackContext allocate() { return stack_; }
  void deallocate(StackContext& stack) noexcept {
    boost::context::protected_fixedsize_stack(stack.size).deallocate(stack);
  }

 private:
  StackContext stack_;
};

}  // namespace

struct TaskCompletion {
  Mutex mutex;
  ConditionVariable cv;
  bool done = false;
  boost::fibers::fiber::id fiber;  // the task's, once it runs
};

void TaskHandle::Join() {
  if (!done_) return;
  std::shared_ptr<TaskCompletion> done = std::move(done_);
  std::unique_lock<Mutex> lock(done->mutex);
  if (done->fiber == boost::this_fiber::get_id()) return;  // joining itself
  done->cv.wait(lock, [&] { return done->done; });
}

struct Executor::Impl {
  struct Pending {
    std::function<void()> fn;
    StackContext stack;
    std::shared_ptr<TaskCompletion> done;
  };

  // One thread with its own fiber scheduler (Boost's round robin; tasks never move between
  // threads, so thread-local caches of the allocator stay put).
  struct Worker {
    Mutex mutex;
    ConditionVariable cv;  // a task was queued, one ended, or the executor stops
    std::deque<Pending> queue;
    std::atomic<int64_t> live{0};  // queued or running here
    int64_t fibers = 0;            // started here and not yet returned (guarded by mutex)
    bool stop = false;
    std::thread thread;
  };

  std::vector<std::unique_ptr<Worker>> workers;
  std::atomic<size_t> next{0};

  static void RunTask(Worker* worker, Pending& task) {
    {
      std::lock_guard<Mutex> lock(task.done->mutex);
      task.done->fiber = boost::this_fiber::get_id();
    }
    // Callers wrap their bodies in CatchExceptions; this keeps a stray exception from ending
    // the process.
    (void)CatchExceptions("an executor task", [&] {
      task.fn();
      return arrow::Status::OK();
    });
    task.fn = nullptr;          // its captures go before the waiters wake
    worker->live.fetch_sub(1);  // before: a joiner sees the task no longer live
    {
      std::lock_guard<Mutex> lock(task.done->mutex);
      task.done->done = true;
    }
    task.done->cv.notify_all();
    {
      std::lock_guard<Mutex> lock(worker->mutex);
      --worker->fibers;
    }
    worker->cv.notify_all();
  }

  // The thread's main fiber: starts queued tasks as fibers, which run whenever it waits.
  static void Run(Worker* worker) {
    std::unique_lock<Mutex> lock(worker->mutex);
    while (true) {
      worker->cv.wait(lock, [&] { return worker->stop || !worker->queue.empty(); });
      if (worker->queue.empty()) break;
      auto task = std::make_shared<Pending>(std::move(worker->queue.front()));
      worker->queue.pop_front();
      ++worker->fibers;
      lock.unlock();
      try {
        boost::fibers::fiber(std::allocator_arg, PreallocatedStack(task->stack), [worker, task] {
          RunTask(worker, *task);
        }).detach();
      } catch (...) {
        // The fiber's record lives on the stack already allocated; should making it fail
        // anyway, the task runs here, so that whoever waits for it is not left waiting.
        RunTask(worker, *task);
      }
      lock.lock();
    }
    worker->cv.wait(lock, [&] { return worker->fibers == 0; });
  }
};

Executor::Executor(int threads) : impl_(std::make_unique<Impl>()) {
  threads = std::max(1, threads);
  for (int i = 0; i < threads; ++i) {
    impl_->workers.push_back(std::make_unique<Impl::Worker>());
  }
  for (auto& worker : impl_->workers) {
    worker->thread = std::thread([w = worker.get()] { Impl::Run(w); });
  }
}

Executor::~Executor() {
  bool from_a_task = false;
  for (auto& worker : impl_->workers) {
    from_a_task |= worker->thread.get_id() == std::this_thread::get_id();
  }
  for (auto& worker : impl_->workers) {
    {
      std::lock_guard<Mutex> lock(worker->mutex);
      worker->stop = true;
    }
    worker->cv.notify_all();
  }
  if (from_a_task) {
    // The last owner is one of its tasks, which cannot wait for itself: the threads end on
    // their own and keep what they use.
    for (auto& worker : impl_->workers) worker->thread.detach();
    (void)impl_.release();
    return;
  }
  for (auto& worker : impl_->workers) worker->thread.join();
}

namespace {
std::atomic<int> default_threads{0};
std::atomic<bool> default_made{false};
}  // namespace

const std::shared_ptr<Executor>& Executor::Default() {
  // Never destroyed: tasks may still be ending while the process exits.
  static const auto* executor = [] {
    default_made.store(true);
    int threads = default_threads.load();
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return new std::shared_ptr<Executor>(std::make_shared<Executor>(threads));
  }();
  return *executor;
}

arrow::Status Executor::SetDefaultThreads(int threads) {
  if (threads < 1) return arrow::Status::Invalid("the executor needs at least 1 thread");
  if (default_made.load()) {
    if (Default()->thread_count() == threads) return arrow::Status::OK();
    return arrow::Status::Invalid("the process executor already runs with ",
                                  Default()->thread_count(), " threads");
  }
  default_threads.store(threads);
  return arrow::Status::OK();
}

int Executor::thread_count() const { return static_cast<int>(impl_->workers.size()); }

int64_t Executor::live_tasks() const {
  int64_t live = 0;
  for (const auto& worker : impl_->workers) live += worker->live.load();
  return live;
}

arrow::Result<TaskHandle> Executor::Spawn(std::string_view what, std::function<void()> fn) {
  Impl::Pending task;
  try {
    task.stack = boost::context::protected_fixedsize_stack(kTaskStackBytes).allocate();
  } catch (const std::bad_alloc&) {
    return arrow::Status::OutOfMemory("cannot start a task for ", what,
                                      ": no memory for its stack");
  }
  task.fn = std::move(fn);
  task.done = std::make_shared<TaskCompletion>();
  TaskHandle handle(task.done);
  // The thread with the fewest live tasks; ties go round robin from a moving start.
  const size_t n = impl_->workers.size();
  const size_t start = impl_->next.fetch_add(1) % n;
  Impl::Worker* target = impl_->workers[start].get();
  for (size_t k = 1; k < n; ++k) {
    Impl::Worker* w = impl_->workers[(start + k) % n].get();
    if (w->live.load() < target->live.load()) target = w;
  }
  {
    std::lock_guard<Mutex> lock(target->mutex);
    if (target->stop) {
      PreallocatedStack(task.stack).deallocate(task.stack);
      return arrow::Status::Cancelled("cannot start a task for ", what,
                                      ": the executor is shutting down");
    }
    target->live.fetch_add(1);
    target->queue.push_back(std::move(task));
  }
  target->cv.notify_all();
  return handle;
}

arrow::Status StartTask(Executor& executor, std::vector<TaskHandle>* tasks, std::string_view what,
                        std::function<void()> fn) {
  ARROW_ASSIGN_OR_RAISE(auto handle, executor.Spawn(what, std::move(fn)));
  tasks->push_back(std::move(handle));
  return arrow::Status::OK();
}

void JoinTasks(std::vector<TaskHandle>* tasks) {
  for (auto& task : *tasks) task.Join();
  tasks->clear();
}

void RunBlocking(std::string_view what, const std::function<void()>& fn) {
  auto done = std::make_shared<TaskCompletion>();
  std::vector<std::thread> thread;
  arrow::Status started = StartThread(&thread, what, [done, &fn] {
    fn();
    {
      std::lock_guard<Mutex> lock(done->mutex);
      done->done = true;
    }
    done->cv.notify_all();
  });
  if (!started.ok()) {
    fn();
    return;
  }
  {
    std::unique_lock<Mutex> lock(done->mutex);
    done->cv.wait(lock, [&] { return done->done; });
  }
  thread.front().join();  // it has finished: no wait here
}

}  // namespace quiver
