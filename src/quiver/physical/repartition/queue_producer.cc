#include <quiver/common/exception_boundary.h>
#include <quiver/physical/repartition/queue_producer.h>

#include <string>

namespace quiver {

arrow::Status StartQueueProducer(std::string_view what, const ExecutionPlanPtr& input,
                                 int partition, const TaskContextPtr& ctx,
                                 std::shared_ptr<BatchQueue> queue, EmptyBatches empty,
                                 std::vector<TaskHandle>* tasks) {
  arrow::Status started =
      StartTask(ExecutorOf(ctx), tasks, what,
                [what = std::string(what), input, partition, ctx, queue, empty] {
                  auto st = CatchExceptions(what, [&]() -> arrow::Status {
                    ARROW_ASSIGN_OR_RAISE(auto stream, input->execute(partition, ctx));
                    while (true) {
                      if (ctx && ctx->is_cancelled())
                        return arrow::Status::Cancelled("query cancelled");
                      std::shared_ptr<arrow::RecordBatch> batch;
                      ARROW_RETURN_NOT_OK(stream->ReadNext(&batch));
                      if (!batch) break;
                      if (empty == EmptyBatches::kDrop && batch->num_rows() == 0) continue;
                      if (!queue->Push(std::move(batch))) break;
                    }
                    return stream->Close();
                  });
                  queue->ProducerDone(st);
                });
  if (!started.ok()) queue->ProducerDone(started);  // no consumer waits for it
  return started;
}

}  // namespace quiver
