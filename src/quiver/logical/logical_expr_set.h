#pragma once

#include <quiver/logical/logical_expr.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace quiver {

/// \brief A set of logical expressions compared structurally (LogicalExpr::equals), found by
/// the hash of their text: deduplicating n conjuncts costs O(total size), where comparing
/// every pair made planning a WHERE of 4000 conjuncts take seconds.
class LogicalExprSet {
 public:
  LogicalExprSet() = default;
  explicit LogicalExprSet(const std::vector<LogicalExprPtr>& exprs) {
    for (const auto& e : exprs) insert(e);
  }

  bool contains(const LogicalExprPtr& expr) const { return find(expr, Hash(expr)); }
  /// Adds `expr`; false when an equal expression is already in the set.
  bool insert(const LogicalExprPtr& expr) {
    const size_t h = Hash(expr);
    if (find(expr, h)) return false;
    by_hash_.emplace(h, expr);
    return true;
  }

 private:
  static size_t Hash(const LogicalExprPtr& expr) {
    return std::hash<std::string>{}(expr->to_string());
  }
  bool find(const LogicalExprPtr& expr, size_t h) const {
    for (auto [it, end] = by_hash_.equal_range(h); it != end; ++it) {
      if (it->second->equals(*expr)) return true;
    }
    return false;
  }
  std::unordered_multimap<size_t, LogicalExprPtr> by_hash_;
};

}  // namespace quiver
