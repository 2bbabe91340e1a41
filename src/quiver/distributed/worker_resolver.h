#pragma once

#include <arrow/result.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver {

/// \brief Tells the distributed planner which workers exist (their Flight URLs, e.g.
/// "grpc://10.0.0.7:8000"). Asked once per query, so a dynamic implementation can follow a
/// changing cluster.
class WorkerResolver {
 public:
  virtual ~WorkerResolver() = default;
  virtual arrow::Result<std::vector<std::string>> get_urls() const = 0;
};

/// \brief A fixed list of worker URLs.
class StaticWorkerResolver : public WorkerResolver {
 public:
  explicit StaticWorkerResolver(std::vector<std::string> urls) : urls_(std::move(urls)) {}
  static std::shared_ptr<StaticWorkerResolver> Make(std::vector<std::string> urls) {
    return std::make_shared<StaticWorkerResolver>(std::move(urls));
  }
  arrow::Result<std::vector<std::string>> get_urls() const override { return urls_; }

 private:
  std::vector<std::string> urls_;
};

}  // namespace quiver
