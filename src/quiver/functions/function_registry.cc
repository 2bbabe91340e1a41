#include <quiver/functions/function_registry.h>

#include <algorithm>
#include <cctype>

#include <arrow/status.h>

namespace quiver {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::shared_ptr<FunctionRegistry> FunctionRegistry::MakeDefault() {
  auto registry = std::make_shared<FunctionRegistry>();
  RegisterBuiltinScalarFunctions(registry.get());
  RegisterBuiltinAggregateFunctions(registry.get());
  return registry;
}

void FunctionRegistry::register_scalar(std::shared_ptr<ScalarFunction> fn) {
  std::lock_guard<std::mutex> lock(mutex_);
  scalars_[Lower(fn->name())] = std::move(fn);
}

void FunctionRegistry::register_aggregate(std::shared_ptr<AggregateFunction> fn) {
  std::lock_guard<std::mutex> lock(mutex_);
  aggregates_[Lower(fn->name())] = std::move(fn);
}

arrow::Result<std::shared_ptr<ScalarFunction>> FunctionRegistry::scalar(
    const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = scalars_.find(Lower(name));
  if (it == scalars_.end()) return arrow::Status::KeyError("unknown scalar function '", name, "'");
  return it->second;
}

arrow::Result<std::shared_ptr<AggregateFunction>> FunctionRegistry::aggregate(
    const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = aggregates_.find(Lower(name));
  if (it == aggregates_.end()) {
    return arrow::Status::KeyError("unknown aggregate function '", name, "'");
  }
  return it->second;
}

bool FunctionRegistry::has_scalar(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return scalars_.count(Lower(name)) > 0;
}

bool FunctionRegistry::has_aggregate(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return aggregates_.count(Lower(name)) > 0;
}

std::shared_ptr<FunctionRegistry> FunctionRegistry::clone() const {
  auto copy = std::make_shared<FunctionRegistry>();
  std::lock_guard<std::mutex> lock(mutex_);
  copy->scalars_ = scalars_;
  copy->aggregates_ = aggregates_;
  return copy;
}

}  // namespace quiver
