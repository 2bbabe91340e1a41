#include <quiver/worker/worker.h>
#include <quiver/worker/worker_service.h>

namespace quiver {

Worker::Worker() : builder_(std::make_shared<DefaultWorkerSessionBuilder>()) {}

Worker Worker::from_session_builder(std::shared_ptr<WorkerSessionBuilder> builder) {
  if (!builder) builder = std::make_shared<DefaultWorkerSessionBuilder>();
  return Worker(std::move(builder));
}

Worker Worker::with_data_roots(std::vector<std::string> roots) const {
  Worker out = *this;
  out.data_roots_ = std::move(roots);
  return out;
}

std::unique_ptr<arrow::flight::FlightServerBase> Worker::into_flight_server() const {
  return std::make_unique<WorkerService>(builder_, data_roots_);
}

}  // namespace quiver
