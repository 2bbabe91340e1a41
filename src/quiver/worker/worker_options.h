#pragma once

#include <quiver/distributed/channel_resolver.h>
#include <quiver/runtime/runtime_env.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace quiver {

/// \brief What a worker allows, whatever the plans it is sent ask for (Worker::with_options;
/// `quiver worker` flags). The defaults trust the sender: see docs/worker.md.
struct WorkerOptions {
  /// Non-empty: plans may only read files under these directories (--data-root).
  std::vector<std::string> data_roots;
  /// Non-empty: the only worker URLs this worker connects to when a plan reads an upstream
  /// stage (--allow-upstream); any other URL named in a plan is refused.
  std::vector<std::string> upstream_allow_list;
  /// Longest time an unused registered stage is kept (--task-ttl). A coordinator's
  /// `worker_task_ttl_seconds` may only shorten it.
  std::chrono::seconds max_task_ttl{60};
  /// How this worker reaches upstream workers, pre-set on the WorkerQueryContext's builder
  /// (a session builder may replace it): give TLS workers a DefaultChannelResolver with the
  /// cluster's CA (null: the default resolver).
  std::shared_ptr<ChannelResolver> upstream_channels;
  /// The memory pool (--memory-limit) and spill directory (--spill-dir) of every task this
  /// worker runs, pre-set on the WorkerQueryContext's builder (null: RuntimeEnv::Default()).
  std::shared_ptr<RuntimeEnv> runtime;
};

}  // namespace quiver
