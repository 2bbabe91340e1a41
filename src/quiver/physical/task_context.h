#pragma once

#include <arrow/memory_pool.h>
#include <quiver/common/config.h>
#include <quiver/functions/function_registry.h>

#include <atomic>
#include <memory>
#include <string>
#include <typeindex>
#include <unordered_map>

namespace quiver {

/// \brief What one executing task sees: the session's settings and functions, where it stands
/// in a distributed query (query id, stage, task index of task count), a cancellation flag,
/// and typed extensions that upper layers attach (e.g. the distributed layer's channel
/// resolver) without this layer knowing them.
class TaskContext {
 public:
  TaskContext(SessionConfig config, std::shared_ptr<FunctionRegistry> functions)
      : config_(std::move(config)), functions_(std::move(functions)) {}

  const SessionConfig& config() const { return config_; }
  const std::shared_ptr<FunctionRegistry>& functions() const { return functions_; }
  arrow::MemoryPool* memory_pool() const { return arrow::default_memory_pool(); }

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
  std::atomic<bool> cancelled_{false};
  std::unordered_map<std::type_index, std::shared_ptr<void>> extensions_;
};

using TaskContextPtr = std::shared_ptr<TaskContext>;

}  // namespace quiver
