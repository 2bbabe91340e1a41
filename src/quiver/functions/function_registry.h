#pragma once

#include <arrow/result.h>
#include <quiver/functions/aggregate_function.h>
#include <quiver/functions/scalar_function.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace quiver {

/// \brief Scalar and aggregate functions known to a session, looked up by lower-case name.
/// Plans name functions; the registry of the session that decodes a plan resolves them.
class FunctionRegistry {
 public:
  /// A registry holding the built-in functions (functions/builtin_*.cc).
  static std::shared_ptr<FunctionRegistry> MakeDefault();

  /// Registers (or replaces) a function under its lower-cased name.
  void register_scalar(std::shared_ptr<ScalarFunction> fn);
  void register_aggregate(std::shared_ptr<AggregateFunction> fn);

  /// KeyError "unknown scalar function 'x'" when absent.
  arrow::Result<std::shared_ptr<ScalarFunction>> scalar(const std::string& name) const;
  arrow::Result<std::shared_ptr<AggregateFunction>> aggregate(const std::string& name) const;
  bool has_scalar(const std::string& name) const;
  bool has_aggregate(const std::string& name) const;

  /// A copy that can be extended without touching this one (sessions share the defaults).
  std::shared_ptr<FunctionRegistry> clone() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<ScalarFunction>> scalars_;
  std::unordered_map<std::string, std::shared_ptr<AggregateFunction>> aggregates_;
};

/// Registers the built-ins; defined by the functions layer (builtin_scalar.cc,
/// builtin_aggregate.cc).
void RegisterBuiltinScalarFunctions(FunctionRegistry* registry);
void RegisterBuiltinAggregateFunctions(FunctionRegistry* registry);

}  // namespace quiver
