#include <quiver/common/ascii.h>
#include <quiver/datasource/catalog.h>

#include <algorithm>
#include <cctype>

namespace quiver {

arrow::Status Catalog::register_table(const std::string& name, TableProviderPtr table) {
  if (name.empty()) return arrow::Status::Invalid("table name must not be empty");
  if (!table) return arrow::Status::Invalid("table '", name, "' has no provider");
  std::lock_guard<std::mutex> lock(mutex_);
  tables_[AsciiLower(name)] = std::move(table);
  return arrow::Status::OK();
}

arrow::Status Catalog::deregister_table(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (tables_.erase(AsciiLower(name)) == 0) {
    return arrow::Status::KeyError("table '", name, "' not found");
  }
  return arrow::Status::OK();
}

arrow::Result<TableProviderPtr> Catalog::table(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = tables_.find(AsciiLower(name));
  if (it == tables_.end()) return arrow::Status::KeyError("table '", name, "' not found");
  return it->second;
}

std::vector<std::string> Catalog::table_names() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [name, _] : tables_) names.push_back(name);
  return names;
}

std::shared_ptr<Catalog> Catalog::clone() const {
  auto copy = std::make_shared<Catalog>();
  std::lock_guard<std::mutex> lock(mutex_);
  copy->tables_ = tables_;
  return copy;
}

}  // namespace quiver
