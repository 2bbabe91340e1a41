#pragma once

#include <string>
#include <vector>

namespace quiver {

/// \brief A leaf scan that reads files: it names them, so a worker confined to data roots
/// (Worker::with_data_roots) can refuse a plan reading elsewhere before running it.
///
/// Implemented by ParquetExec and CsvExec; a user's scan of files implements it too, or a
/// confined worker cannot vouch for it.
class FileScan {
 public:
  virtual ~FileScan() = default;
  /// Every file the scan may open (local paths), duplicates allowed.
  virtual std::vector<std::string> file_paths() const = 0;
};

}  // namespace quiver
