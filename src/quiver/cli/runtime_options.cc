#include <quiver/cli/runtime_options.h>
#include <quiver/common/byte_size.h>

#include <filesystem>
#include <system_error>

namespace quiver::cli {

arrow::Result<std::shared_ptr<RuntimeEnv>> ReadRuntimeOptions(const OptionParser& opts) {
  RuntimeOptions options;
  if (opts.has("--memory-limit")) {
    auto limit = ParseByteSize(opts.get("--memory-limit"));
    if (!limit.ok()) return arrow::Status::Invalid("--memory-limit: ", limit.status().message());
    // Below a few batches nothing can run; a typo such as "256" (bytes) is caught here.
    if (*limit < (1 << 20)) return arrow::Status::Invalid("--memory-limit must be at least 1MB");
    options.memory_limit = *limit;
  }
  if (opts.has("--spill-dir")) {
    options.spill_dir = opts.get("--spill-dir");
    std::error_code ec;
    if (!std::filesystem::is_directory(options.spill_dir, ec)) {
      return arrow::Status::Invalid("--spill-dir ", options.spill_dir, " is not a directory");
    }
  }
  if (opts.has("--threads")) {
    ARROW_ASSIGN_OR_RAISE(int64_t threads, opts.get_int("--threads", 0));
    if (threads < 1 || threads > 1024)
      return arrow::Status::Invalid("--threads must be in [1, 1024]");
    // The process's executor: the coordinator and embedded workers share it.
    ARROW_RETURN_NOT_OK(Executor::SetDefaultThreads(static_cast<int>(threads)));
  }
  return RuntimeEnv::Make(std::move(options));
}

}  // namespace quiver::cli
