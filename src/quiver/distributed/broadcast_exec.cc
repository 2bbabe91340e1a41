#include <quiver/distributed/broadcast_exec.h>
#include <quiver/physical/plan_stream.h>
#include <quiver/runtime/sync.h>

#include <mutex>

namespace quiver {

// One input partition's batches, shared by its replays.
struct BroadcastPartition {
  Mutex mutex;
  ConditionVariable cv;
  RecordBatchStreamPtr input;  // opened by the first reader
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  bool pulling = false;  // a reader is pulling the next batch
  bool done = false;
  arrow::Status status;
  int replays_left = 0;  // replays not yet at the end; the batches go when it reaches 0
};

struct BroadcastState {
  std::vector<std::shared_ptr<BroadcastPartition>> partitions;
};

namespace {

class ReplayStream : public PlanStream {
 public:
  ReplayStream(std::shared_ptr<arrow::Schema> schema, TaskContextPtr ctx, ExecutionPlanPtr input,
               int input_partition, std::shared_ptr<BroadcastPartition> shared)
      : PlanStream(std::move(schema), std::move(ctx)),
        input_(std::move(input)),
        input_partition_(input_partition),
        shared_(std::move(shared)) {}

  ~ReplayStream() override { Leave(); }

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override {
    std::unique_lock<Mutex> lock(shared_->mutex);
    while (true) {
      if (next_ < shared_->batches.size()) {
        *out = shared_->batches[next_++];
        return arrow::Status::OK();
      }
      if (!shared_->status.ok()) return shared_->status;
      if (shared_->done) {
        lock.unlock();
        Leave();
        return arrow::Status::OK();
      }
      if (!shared_->pulling) break;
      shared_->cv.wait(lock);
    }
    // This reader pulls the next batch for everyone.
    shared_->pulling = true;
    lock.unlock();
    std::shared_ptr<arrow::RecordBatch> batch;
    arrow::Status st;
    if (!shared_->input) {
      auto opened = input_->execute(input_partition_, ctx());
      if (opened.ok()) {
        shared_->input = *opened;
      } else {
        st = opened.status();
      }
    }
    if (st.ok()) st = shared_->input->ReadNext(&batch);
    lock.lock();
    shared_->pulling = false;
    if (!st.ok()) {
      shared_->status = st;
    } else if (batch) {
      shared_->batches.push_back(batch);
    } else {
      shared_->done = true;
      if (shared_->input) (void)shared_->input->Close();
    }
    shared_->cv.notify_all();
    if (!st.ok()) return st;
    if (batch) {
      *out = shared_->batches[next_++];
    } else {
      lock.unlock();
      Leave();
    }
    return arrow::Status::OK();
  }

  arrow::Status CloseInputs() override {
    Leave();
    return arrow::Status::OK();
  }

 private:
  // The last replay to finish (or go away) frees the batches and the input.
  void Leave() {
    if (left_) return;
    left_ = true;
    std::lock_guard<Mutex> lock(shared_->mutex);
    if (--shared_->replays_left == 0) {
      shared_->batches.clear();
      shared_->batches.shrink_to_fit();
      if (shared_->input && !shared_->pulling) {
        (void)shared_->input->Close();
        shared_->input.reset();
      }
    }
  }

  ExecutionPlanPtr input_;
  int input_partition_;
  std::shared_ptr<BroadcastPartition> shared_;
  size_t next_ = 0;
  bool left_ = false;
};

}  // namespace

BroadcastExec::BroadcastExec(ExecutionPlanPtr input, int consumers)
    : input_(std::move(input)), consumers_(consumers), state_(std::make_shared<BroadcastState>()) {
  const int n = input_->output_partition_count();
  for (int i = 0; i < n; ++i) {
    auto p = std::make_shared<BroadcastPartition>();
    p->replays_left = consumers_;
    state_->partitions.push_back(std::move(p));
  }
}

arrow::Result<ExecutionPlanPtr> BroadcastExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  ARROW_RETURN_NOT_OK(CheckOneChild(name(), children));
  return std::make_shared<BroadcastExec>(children[0], consumers_);
}

arrow::Result<RecordBatchStreamPtr> BroadcastExec::execute(int partition,
                                                           const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  const int n = input_->output_partition_count();
  const int input_partition = partition % n;
  return std::make_shared<ReplayStream>(schema(), ctx, input_, input_partition,
                                        state_->partitions[input_partition]);
}

std::string BroadcastExec::to_string() const {
  return "BroadcastExec: input_partitions=" + std::to_string(input_->output_partition_count()) +
         ", consumers=" + std::to_string(consumers_);
}

}  // namespace quiver
