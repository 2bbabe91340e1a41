#pragma once

#include <arrow/flight/server.h>
#include <quiver/physical/execution_plan.h>
#include <quiver/runtime/sync.h>
#include <quiver/worker/worker_options.h>
#include <quiver/worker/worker_session_builder.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>

namespace quiver {

struct TaskTicket;
struct StageRegistration;

/// \brief The Flight service behind Worker::into_flight_server().
///
/// - Action `quiver.register_stage` (a StageRegistration): the coordinator sends each stage's
///   plan once per query to every worker that runs one of its tasks, before the query runs.
/// - DoGet (a TaskTicket naming query, stage, task, partition): the first DoGet of a task
///   builds the session with the WorkerSessionBuilder (the registration's settings and
///   headers), decodes the stage plan and slices its leaf scans for the task; later DoGets for
///   the task's other partitions share that one instance (a RepartitionExec's state must be
///   shared by its output partitions).
/// - Action `quiver.release_query` (the query id): the query is over; its stages and tasks are
///   dropped and anything still running is cancelled.
///
/// A task is forgotten once every partition was streamed; a stage, `worker_task_ttl_seconds`
/// (at most an hour) after it was last used when no partition of it is streaming (a reaper
/// thread), so abandoned queries do not pin memory.
class WorkerService : public arrow::flight::FlightServerBase {
 public:
  explicit WorkerService(std::shared_ptr<WorkerSessionBuilder> builder, WorkerOptions options = {});
  ~WorkerService() override;

  arrow::Status DoGet(const arrow::flight::ServerCallContext& context,
                      const arrow::flight::Ticket& request,
                      std::unique_ptr<arrow::flight::FlightDataStream>* stream) override;
  arrow::Status DoAction(const arrow::flight::ServerCallContext& context,
                         const arrow::flight::Action& action,
                         std::unique_ptr<arrow::flight::ResultStream>* result) override;
  arrow::Status ListActions(const arrow::flight::ServerCallContext& context,
                            std::vector<arrow::flight::ActionType>* actions) override;

  /// Tasks and registered stages currently held (for tests).
  size_t task_count() const;
  size_t stage_count() const;
  /// The live tasks as the kListTasksAction action returns them (a JSON array).
  std::string list_tasks() const;

 private:
  // The handlers' bodies; DoGet and DoAction turn an exception escaping them (an allocation
  // that failed) into an error for the caller instead of std::terminate.
  arrow::Status HandleGet(const arrow::flight::ServerCallContext& context,
                          const arrow::flight::Ticket& request,
                          std::unique_ptr<arrow::flight::FlightDataStream>* stream);
  arrow::Status HandleAction(const arrow::flight::ServerCallContext& context,
                             const arrow::flight::Action& action,
                             std::unique_ptr<arrow::flight::ResultStream>* result);

  using StageKey = std::tuple<std::string, int>;      // query, stage
  using TaskKey = std::tuple<std::string, int, int>;  // query, stage, task
  struct StageEntry;
  struct Task;

  arrow::Status register_stage(StageRegistration registration, WorkerHeaders headers);
  void release_query(const std::string& query_id);
  arrow::Result<std::shared_ptr<Task>> task_for(const TaskTicket& ticket);
  arrow::Status init_task(Task* task, const StageEntry& stage, const TaskTicket& ticket);
  void partition_done(const TaskKey& key, const std::shared_ptr<Task>& task, int partition);
  void reap_loop();

  std::shared_ptr<WorkerSessionBuilder> builder_;
  WorkerOptions options_;
  // Fiber-aware: executor tasks (a stream's end) take it while the reaper thread holds it.
  mutable Mutex mutex_;
  std::map<StageKey, std::shared_ptr<StageEntry>> stages_;
  std::map<TaskKey, std::shared_ptr<Task>> tasks_;
  ConditionVariable stop_cv_;
  bool stopping_ = false;
  // Tasks ended since the allocator last gave freed memory back to the system.
  bool memory_to_return_ = false;
  std::thread reaper_;
};

}  // namespace quiver
