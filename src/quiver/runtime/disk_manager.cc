#include <quiver/runtime/disk_manager.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace quiver {

DiskManager::~DiskManager() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (directory_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(directory_, ec);
}

std::string DiskManager::directory() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return directory_;
}

arrow::Status DiskManager::EnsureDirectory() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!directory_.empty()) return arrow::Status::OK();
  std::error_code ec;
  std::filesystem::path root = root_;
  if (root.empty()) {
    root = std::filesystem::temp_directory_path(ec);
    if (ec) return arrow::Status::IOError("no temporary directory for spill files: ", ec.message());
  }
  std::string pattern = (root / "quiver-spill-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return arrow::Status::IOError("cannot create a spill directory in '", root.string(),
                                  "': ", std::strerror(errno));
  }
  directory_ = pattern;
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<SpillFile>> DiskManager::CreateSpillFile(
    const std::string& prefix, std::shared_ptr<arrow::Schema> schema) {
  ARROW_RETURN_NOT_OK(EnsureDirectory());
  const int64_t id = next_id_.fetch_add(1);
  std::string name = prefix;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  std::string path = directory() + "/" + name + "-" + std::to_string(id) + ".arrows";
  files_created_.fetch_add(1);
  live_files_->fetch_add(1);
  return std::shared_ptr<SpillFile>(new SpillFile(std::move(path), std::move(schema), live_files_));
}

}  // namespace quiver
