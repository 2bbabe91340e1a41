#pragma once

#include <arrow/filesystem/filesystem.h>
#include <arrow/result.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace quiver {

/// \brief The data files of a file-backed table and the filesystem holding them.
struct FileListing {
  std::shared_ptr<arrow::fs::FileSystem> filesystem;
  /// Paths inside `filesystem`, sorted.
  std::vector<std::string> paths;
  /// Sizes in bytes, parallel to `paths`.
  std::vector<int64_t> sizes;

  /// \brief Lists `path`: a single file (any name), or every regular file below a directory
  /// (recursively) whose name ends with `extension` (e.g. ".parquet"), skipping hidden files.
  ///
  /// `path` is a local path (relative ones are made absolute) or a URI such as file:///...
  /// Invalid when nothing matches.
  static arrow::Result<FileListing> Make(const std::string& path, const std::string& extension);
};

}  // namespace quiver
