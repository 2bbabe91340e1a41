#pragma once

#include <arrow/memory_pool.h>
#include <quiver/common/config.h>
#include <quiver/functions/function_registry.h>
#include <quiver/runtime/memory_reservation.h>
#include <quiver/runtime/runtime_env.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>

namespace quiver {

/// \brief What one executing task sees: the session's settings and functions, where it stands
/// in a distributed query (query id, stage, task index of task count), a cancellation flag,
/// and typed extensions that upper layers attach (e.g. the distributed layer's channel
/// resolver) without this layer knowing them.
///
/// Memory: operators that buffer reserve in `memory_pool()`, the task's own pool (capped by
/// the session's `memory_limit`) inside the process's pool (the RuntimeEnv's, capped by
/// `--memory-limit`); `disk_manager()` is where they spill, null when spilling is off.
class TaskContext {
 public:
  TaskContext(SessionConfig config, std::shared_ptr<FunctionRegistry> functions,
              std::shared_ptr<RuntimeEnv> runtime = nullptr);

  const SessionConfig& config() const { return config_; }
  const std::shared_ptr<FunctionRegistry>& functions() const { return functions_; }
  /// Arrow's allocator, for kernels and builders.
  arrow::MemoryPool* arrow_pool() const { return arrow::default_memory_pool(); }
  const std::shared_ptr<RuntimeEnv>& runtime() const { return runtime_; }
  const std::shared_ptr<MemoryPool>& memory_pool() const { return memory_pool_; }
  DiskManager* disk_manager() const { return runtime_->disk_manager.get(); }
  /// Where the task's operators start the tasks they read their inputs with.
  Executor& executor() const { return *runtime_->executor; }
  /// A reservation for partition `partition` of operator `op`, named so that a refusal says
  /// who asked: "SortExec partition 3 (stage 2, task 1)".
  /// `spill`: whether the operator spills when refused (it then gets a fair share).
  MemoryReservation reserve(std::string_view op, int partition, Spill spill = Spill::kNo) const;

  // Position in a distributed query; a single-node query is stage 0, task 0 of 1.
  std::string query_id;
  int stage_id = 0;
  int task_index = 0;
  int task_count = 1;

  /// Set when the consumer went away or the query failed; long loops check it.
  void cancel() { cancelled_.store(true); }
  bool is_cancelled() const { return cancelled_.load(); }

  template <typename T>
  void set_extension(std::shared_ptr<T> value) {
    extensions_[std::type_index(typeid(T))] = std::move(value);
  }
  /// The extension of type T, or nullptr.
  template <typename T>
  std::shared_ptr<T> extension() const {
    auto it = extensions_.find(std::type_index(typeid(T)));
    return it == extensions_.end() ? nullptr : std::static_pointer_cast<T>(it->second);
  }

 private:
  SessionConfig config_;
  std::shared_ptr<FunctionRegistry> functions_;
  std::shared_ptr<RuntimeEnv> runtime_;
  std::shared_ptr<MemoryPool> memory_pool_;
  std::atomic<bool> cancelled_{false};
  std::unordered_map<std::type_index, std::shared_ptr<void>> extensions_;
};

using TaskContextPtr = std::shared_ptr<TaskContext>;

/// The rows an operator puts in a batch it makes: the session's batch_size (at least 1), or
/// 8192 without a context.
inline int64_t BatchSizeOf(const TaskContextPtr& ctx) {
  return ctx ? std::max<int64_t>(1, ctx->config().batch_size) : 8192;
}

/// The executor of `ctx` (null: the process's).
inline Executor& ExecutorOf(const TaskContextPtr& ctx) {
  return ctx ? ctx->executor() : *Executor::Default();
}

}  // namespace quiver
