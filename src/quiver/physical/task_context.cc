#include <quiver/common/byte_size.h>
#include <quiver/physical/task_context.h>

namespace quiver {

TaskContext::TaskContext(SessionConfig config, std::shared_ptr<FunctionRegistry> functions,
                         std::shared_ptr<RuntimeEnv> runtime)
    : config_(std::move(config)),
      functions_(std::move(functions)),
      runtime_(runtime ? std::move(runtime) : RuntimeEnv::Default()) {
  std::optional<int64_t> limit;
  std::string name = "the query's memory pool";
  if (config_.memory_limit > 0) {
    limit = config_.memory_limit;
    name += " (memory_limit " + FormatByteSize(config_.memory_limit) + ")";
  }
  memory_pool_ = MemoryPool::Make(std::move(name), limit, runtime_->memory_pool);
}

MemoryReservation TaskContext::reserve(std::string_view op, int partition, Spill spill) const {
  std::string consumer = std::string(op) + " partition " + std::to_string(partition);
  if (!query_id.empty()) {
    consumer +=
        " (stage " + std::to_string(stage_id) + ", task " + std::to_string(task_index) + ")";
  }
  return MemoryReservation(memory_pool_, std::move(consumer), spill);
}

}  // namespace quiver
