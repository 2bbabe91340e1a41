#include <quiver/worker/worker.h>
#include <quiver/worker/worker_service.h>

namespace quiver {

Worker::Worker() : builder_(std::make_shared<DefaultWorkerSessionBuilder>()) {}

Worker Worker::from_session_builder(std::shared_ptr<WorkerSessionBuilder> builder) {
  if (!builder) builder = std::make_shared<DefaultWorkerSessionBuilder>();
  return Worker(std::move(builder));
}

std::unique_ptr<arrow::flight::FlightServerBase> Worker::into_flight_server() const {
  return std::make_unique<WorkerService>(builder_);
}

}  // namespace quiver
