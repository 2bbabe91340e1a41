#pragma once

#include <arrow/result.h>
#include <quiver/datasource/table_provider.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace quiver {

/// \brief Tables of a session by (lower-cased) name. Thread-safe.
class Catalog {
 public:
  arrow::Status register_table(const std::string& name, TableProviderPtr table);
  arrow::Status deregister_table(const std::string& name);
  /// KeyError "table 'x' not found" when absent.
  arrow::Result<TableProviderPtr> table(const std::string& name) const;
  std::vector<std::string> table_names() const;
  std::shared_ptr<Catalog> clone() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, TableProviderPtr> tables_;
};

}  // namespace quiver
