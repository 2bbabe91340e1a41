#pragma once

#include <arrow/flight/server.h>
#include <quiver/physical/execution_plan.h>
#include <quiver/worker/worker_session_builder.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>

namespace quiver {

struct TaskTicket;

/// \brief The Flight service behind Worker::into_flight_server().
///
/// Keeps one decoded plan instance per (query, stage, task): the first DoGet of a task builds
/// the session and decodes the plan, later DoGets for the task's other partitions reuse it
/// (a RepartitionExec's state must be shared by its output partitions). A task is forgotten
/// once every partition was streamed, or `worker_task_ttl_seconds` after it was last asked
/// for (a reaper thread), so abandoned queries do not pin memory.
class WorkerService : public arrow::flight::FlightServerBase {
 public:
  explicit WorkerService(std::shared_ptr<WorkerSessionBuilder> builder);
  ~WorkerService() override;

  arrow::Status DoGet(const arrow::flight::ServerCallContext& context,
                      const arrow::flight::Ticket& request,
                      std::unique_ptr<arrow::flight::FlightDataStream>* stream) override;
  arrow::Status DoAction(const arrow::flight::ServerCallContext& context,
                         const arrow::flight::Action& action,
                         std::unique_ptr<arrow::flight::ResultStream>* result) override;
  arrow::Status ListActions(const arrow::flight::ServerCallContext& context,
                            std::vector<arrow::flight::ActionType>* actions) override;

  /// Tasks currently held (for tests and the health action).
  size_t task_count() const;

 private:
  using TaskKey = std::tuple<std::string, int, int>;  // query, stage, task
  struct Task;

  arrow::Result<std::shared_ptr<Task>> task_for(const TaskTicket& ticket,
                                                const WorkerHeaders& headers);
  arrow::Status init_task(Task* task, const TaskTicket& ticket, const WorkerHeaders& headers);
  void partition_done(const TaskKey& key, const std::shared_ptr<Task>& task, int partition);
  void reap_loop();

  std::shared_ptr<WorkerSessionBuilder> builder_;
  mutable std::mutex mutex_;
  std::map<TaskKey, std::shared_ptr<Task>> tasks_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread reaper_;
};

}  // namespace quiver
