#include <arrow/filesystem/localfs.h>
#include <quiver/datasource/file_listing.h>

#include <algorithm>
#include <filesystem>
#include <numeric>

namespace quiver {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsHidden(const std::string& base_name) {
  return !base_name.empty() && (base_name[0] == '.' || base_name[0] == '_');
}

}  // namespace

arrow::Result<FileListing> FileListing::Make(const std::string& path,
                                             const std::string& extension) {
  if (path.empty()) return arrow::Status::Invalid("empty table path");
  std::string location = path;
  // FileSystemFromUriOrPath accepts only absolute local paths.
  if (location.find("://") == std::string::npos && location[0] != '/') {
    std::error_code ec;
    auto absolute = std::filesystem::absolute(location, ec);
    if (ec) return arrow::Status::Invalid("cannot resolve path '", path, "': ", ec.message());
    location = absolute.string();
  }
  FileListing listing;
  std::string fs_path;
  ARROW_ASSIGN_OR_RAISE(listing.filesystem, arrow::fs::FileSystemFromUriOrPath(location, &fs_path));
  ARROW_ASSIGN_OR_RAISE(auto info, listing.filesystem->GetFileInfo(fs_path));
  if (info.type() == arrow::fs::FileType::NotFound) {
    return arrow::Status::Invalid("table path '", path, "' does not exist");
  }
  if (info.IsFile()) {
    listing.paths.push_back(info.path());
    listing.sizes.push_back(info.size());
    return listing;
  }
  arrow::fs::FileSelector selector;
  selector.base_dir = fs_path;
  selector.recursive = true;
  ARROW_ASSIGN_OR_RAISE(auto infos, listing.filesystem->GetFileInfo(selector));
  std::sort(infos.begin(), infos.end(),
            [](const arrow::fs::FileInfo& a, const arrow::fs::FileInfo& b) {
              return a.path() < b.path();
            });
  for (const auto& entry : infos) {
    if (!entry.IsFile() || IsHidden(entry.base_name()) || !EndsWith(entry.path(), extension)) {
      continue;
    }
    listing.paths.push_back(entry.path());
    listing.sizes.push_back(entry.size());
  }
  if (listing.paths.empty()) {
    return arrow::Status::Invalid("directory '", path, "' holds no *", extension, " files");
  }
  return listing;
}

}  // namespace quiver
