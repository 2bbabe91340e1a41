#include <quiver/worker/worker.h>
#include <quiver/worker/worker_service.h>

namespace quiver {

Worker::Worker() : builder_(std::make_shared<DefaultWorkerSessionBuilder>()) {}

Worker Worker::from_session_builder(std::shared_ptr<WorkerSessionBuilder> builder) {
  if (!builder) builder = std::make_shared<DefaultWorkerSessionBuilder>();
  return Worker(std::move(builder));
}

Worker Worker::with_options(WorkerOptions options) const {
  Worker out = *this;
  out.options_ = std::move(options);
  return out;
}

Worker Worker::with_data_roots(std::vector<std::string> roots) const {
  WorkerOptions options = options_;
  options.data_roots = std::move(roots);
  return with_options(std::move(options));
}

std::unique_ptr<arrow::flight::FlightServerBase> Worker::into_flight_server() const {
  return std::make_unique<WorkerService>(builder_, options_);
}

}  // namespace quiver
