#include <quiver/runtime/runtime_env.h>

namespace quiver {

std::shared_ptr<RuntimeEnv> RuntimeEnv::Make(RuntimeOptions options) {
  auto env = std::make_shared<RuntimeEnv>();
  env->executor =
      options.threads > 0 ? std::make_shared<Executor>(options.threads) : Executor::Default();
  env->memory_pool = MemoryPool::Make("the process memory pool", options.memory_limit);
  if (options.spill_enabled) env->disk_manager = std::make_shared<DiskManager>(options.spill_dir);
  env->options = std::move(options);
  return env;
}

const std::shared_ptr<RuntimeEnv>& RuntimeEnv::Default() {
  static const std::shared_ptr<RuntimeEnv> env = Make(RuntimeOptions{});
  return env;
}

}  // namespace quiver
