#pragma once

#include <arrow/result.h>
#include <quiver/runtime/disk_manager.h>
#include <quiver/runtime/executor.h>
#include <quiver/runtime/memory_pool.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace quiver {

/// How a RuntimeEnv is made: `quiver query` / `quiver worker` flags --memory-limit and
/// --spill-dir.
struct RuntimeOptions {
  /// Bytes all queries of the process may reserve together; nullopt: unbounded.
  std::optional<int64_t> memory_limit;
  /// Root under which the process's spill directory is made; empty: the system temp dir.
  std::string spill_dir;
  /// False: operators that would spill fail with RESOURCES_EXHAUSTED instead.
  bool spill_enabled = true;
  /// Threads of an executor of its own; 0: the process's (Executor::Default()).
  int threads = 0;
};

/// \brief What a process gives all the queries it runs: the executor whose threads run every
/// task, one memory pool (every query's pool is a child of it) and one disk manager for spills.
/// Shared by the coordinator and the workers of one process (an embedded cluster lives inside one
/// limit, as its process does).
struct RuntimeEnv {
  std::shared_ptr<Executor> executor;
  std::shared_ptr<MemoryPool> memory_pool;
  /// Null: spilling is off.
  std::shared_ptr<DiskManager> disk_manager;
  RuntimeOptions options;

  static std::shared_ptr<RuntimeEnv> Make(RuntimeOptions options);
  /// The process-wide unbounded runtime used when none is configured.
  static const std::shared_ptr<RuntimeEnv>& Default();
};

}  // namespace quiver
