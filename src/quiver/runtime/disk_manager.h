#pragma once

#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/runtime/spill_file.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace quiver {

/// \brief Where operators spill: a directory of this process's own (`quiver-spill-XXXXXX`,
/// made on the first spill under the configured root, `--spill-dir`, default the system
/// temporary directory) that is removed with the DiskManager. Spill files inside are removed
/// as soon as their operator is done with them.
class DiskManager {
 public:
  /// `root` empty: the system temporary directory.
  explicit DiskManager(std::string root) : root_(std::move(root)) {}
  ~DiskManager();
  DiskManager(const DiskManager&) = delete;
  DiskManager& operator=(const DiskManager&) = delete;

  /// A new, empty spill file for batches of `schema`; `prefix` names the operator in the
  /// file name, for whoever looks at the directory.
  arrow::Result<std::shared_ptr<SpillFile>> CreateSpillFile(
      const std::string& prefix, std::shared_ptr<arrow::Schema> schema);

  const std::string& root() const { return root_; }
  /// The process's spill directory; empty until the first spill.
  std::string directory() const;
  /// Spill files that exist now, and spill files made since the start.
  int64_t live_files() const { return live_files_->load(); }
  int64_t files_created() const { return files_created_.load(); }

 private:
  arrow::Status EnsureDirectory();

  std::string root_;
  mutable std::mutex mutex_;
  std::string directory_;
  std::atomic<int64_t> next_id_{0};
  std::atomic<int64_t> files_created_{0};
  std::shared_ptr<std::atomic<int64_t>> live_files_ = std::make_shared<std::atomic<int64_t>>(0);
};

}  // namespace quiver
