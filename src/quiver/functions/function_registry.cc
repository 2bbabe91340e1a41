#include <quiver/common/ascii.h>
#include <quiver/functions/function_registry.h>

#include <algorithm>
#include <cctype>

#include <arrow/status.h>

namespace quiver {

std::shared_ptr<FunctionRegistry> FunctionRegistry::MakeDefault() {
  auto registry = std::make_shared<FunctionRegistry>();
  RegisterBuiltinScalarFunctions(registry.get());
  RegisterBuiltinAggregateFunctions(registry.get());
  return registry;
}

void FunctionRegistry::register_scalar(std::shared_ptr<ScalarFunction> fn) {
  std::lock_guard<std::mutex> lock(mutex_);
  scalars_[AsciiLower(fn->name())] = std::move(fn);
}

void FunctionRegistry::register_aggregate(std::shared_ptr<AggregateFunction> fn) {
  std::lock_guard<std::mutex> lock(mutex_);
  aggregates_[AsciiLower(fn->name())] = std::move(fn);
}

arrow::Result<std::shared_ptr<ScalarFunction>> FunctionRegistry::scalar(
    const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = scalars_.find(AsciiLower(name));
  if (it == scalars_.end()) return arrow::Status::KeyError("unknown scalar function '", name, "'");
  return it->second;
}

arrow::Result<std::shared_ptr<AggregateFunction>> FunctionRegistry::aggregate(
    const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = aggregates_.find(AsciiLower(name));
  if (it == aggregates_.end()) {
    return arrow::Status::KeyError("unknown aggregate function '", name, "'");
  }
  return it->second;
}

bool FunctionRegistry::has_scalar(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return scalars_.count(AsciiLower(name)) > 0;
}

bool FunctionRegistry::has_aggregate(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return aggregates_.count(AsciiLower(name)) > 0;
}

std::shared_ptr<FunctionRegistry> FunctionRegistry::clone() const {
  auto copy = std::make_shared<FunctionRegistry>();
  std::lock_guard<std::mutex> lock(mutex_);
  copy->scalars_ = scalars_;
  copy->aggregates_ = aggregates_;
  return copy;
}

}  // namespace quiver
