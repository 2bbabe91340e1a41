#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/compute/api.h>
#include <arrow/util/byte_size.h>
#include <quiver/common/exception_boundary.h>
#include <quiver/physical/batch_coalescer.h>
#include <quiver/physical/plan_stream.h>
#include <quiver/physical/repartition/batch_queue.h>
#include <quiver/physical/repartition/repartition_exec.h>
#include <quiver/runtime/executor.h>
#include <quiver/runtime/sync.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>

namespace quiver {

/// Shared by the output partitions of one RepartitionExec: producer tasks (one per input
/// partition, started once) and one queue per output.
///
/// Back-pressure is DataFusion's distribution gate: a producer waits while every open output
/// already holds kGateBatches batches, so the outputs' consumers all have work, and goes on as
/// soon as one has drained. A queue of its own is not bounded (a consumer that reads later than
/// the others, e.g. a join partition still building, must not stall the producers that feed
/// the others into a deadlock). The batches a queue holds beyond kGateBatches are reserved in
/// the query's memory pool; past the limit the producer waits for that output's consumer (up to
/// kOverLimitWait), and an output that still does not drain fails the query naming it. The
/// first kGateBatches are batches in flight, like every operator's, and not counted.
struct RepartitionState {
  static constexpr int64_t kGateBatches = 2;
  static constexpr std::chrono::seconds kOverLimitWait{10};

  Mutex mutex;  // guards `started` and `producers`; Spawn may suspend the task holding it
  bool started = false;
  std::vector<std::shared_ptr<BatchQueue>> outputs;
  std::vector<TaskHandle> producers;
  std::atomic<bool> stop{false};
  std::atomic<int> open_outputs{0};

  // The gate: per output, the bytes reserved for each batch it holds (0 for the first
  // kGateBatches; their count is the queue's length), and which consumers are gone.
  Mutex gate_mutex;
  ConditionVariable gate_cv;
  std::vector<std::deque<int64_t>> charged;
  std::vector<bool> closed;
  std::vector<MemoryReservation> reservations;

  ~RepartitionState() { Shutdown(); }

  // Queues `batch` for output `p`, once the gate lets it through.
  arrow::Status Deliver(int p, std::shared_ptr<arrow::RecordBatch> batch) {
    {
      std::unique_lock<Mutex> lock(gate_mutex);
      gate_cv.wait(lock, [&] {
        if (stop.load()) return true;
        for (size_t q = 0; q < charged.size(); ++q) {
          if (!closed[q] && static_cast<int64_t>(charged[q].size()) < kGateBatches) return true;
        }
        return false;
      });
      if (stop.load() || closed[p]) return arrow::Status::OK();
      int64_t charge = 0;
      if (static_cast<int64_t>(charged[p].size()) >= kGateBatches) {
        ARROW_ASSIGN_OR_RAISE(charge, arrow::util::ReferencedBufferSize(*batch));
        // Past the limit, wait (up to kOverLimitWait) for the output's consumer to catch up,
        // retrying as other operators give memory back; then the refusal is the query's error.
        const auto deadline = std::chrono::steady_clock::now() + kOverLimitWait;
        while (true) {
          arrow::Status grown = reservations[p].TryGrow(charge);
          if (grown.ok()) break;
          if (!IsMemoryLimitExceeded(grown) || std::chrono::steady_clock::now() >= deadline) {
            return grown;
          }
          const bool drained = gate_cv.wait_for(lock, std::chrono::milliseconds(50), [&] {
            return stop.load() || closed[p] ||
                   static_cast<int64_t>(charged[p].size()) < kGateBatches;
          });
          if (stop.load() || closed[p]) return arrow::Status::OK();
          if (drained) {
            charge = 0;  // within the gate's batches again
            break;
          }
        }
      }
      charged[p].push_back(charge);
    }
    if (!outputs[p]->Push(std::move(batch))) Taken(p);  // its consumer went away
    return arrow::Status::OK();
  }

  // Output `p`'s consumer took its oldest batch (or it was dropped).
  void Taken(int p) {
    {
      std::lock_guard<Mutex> lock(gate_mutex);
      if (!charged[p].empty()) {
        reservations[p].Shrink(charged[p].front());
        charged[p].pop_front();
      }
    }
    gate_cv.notify_all();
  }

  // Output `p`'s consumer is gone: the gate no longer waits for it, its queue is dropped.
  void CloseOutput(int p) {
    outputs[p]->Cancel();
    {
      std::lock_guard<Mutex> lock(gate_mutex);
      closed[p] = true;
      charged[p].clear();
      if (static_cast<size_t>(p) < reservations.size()) reservations[p].Free();  // once started
    }
    gate_cv.notify_all();
  }

  void Shutdown() {
    stop.store(true);
    gate_cv.notify_all();
    for (auto& q : outputs) q->Cancel();
    std::vector<TaskHandle> tasks;
    {
      std::lock_guard<Mutex> lock(mutex);
      tasks.swap(producers);
    }
    JoinTasks(&tasks);
  }

  void Start(const ExecutionPlanPtr& input, const Partitioning& partitioning,
             const TaskContextPtr& ctx) {
    std::lock_guard<Mutex> lock(mutex);
    if (started) return;
    started = true;
    {
      std::lock_guard<Mutex> gate(gate_mutex);
      for (size_t p = 0; p < outputs.size(); ++p) {
        reservations.push_back(ctx ? ctx->reserve("RepartitionExec output", static_cast<int>(p))
                                   : MemoryReservation());
      }
    }
    const int n_in = input->output_partition_count();
    for (int i = 0; i < n_in; ++i) {
      arrow::Status started = StartTask(
          ExecutorOf(ctx), &producers, "RepartitionExec", [this, input, partitioning, ctx, i] {
            arrow::Status st = CatchExceptions(
                "RepartitionExec", [&] { return Produce(input, partitioning, ctx, i); });
            for (auto& q : outputs) q->ProducerDone(st);
          });
      if (!started.ok()) {
        // Producers that will never run still report, so no consumer waits for them.
        for (int j = i; j < n_in; ++j) {
          for (auto& q : outputs) q->ProducerDone(started);
        }
        break;
      }
    }
  }

  arrow::Status Produce(const ExecutionPlanPtr& input, const Partitioning& partitioning,
                        const TaskContextPtr& ctx, int i) {
    ARROW_ASSIGN_OR_RAISE(auto stream, input->execute(i, ctx));
    const int n_out = static_cast<int>(outputs.size());
    int next_output = i % n_out;  // round-robin: inputs start at different outputs
    std::vector<uint64_t> hashes;
    std::vector<int64_t> counts(n_out);
    // Per output: a hash split of a thin input leaves pieces of a few rows, which would
    // each cost a queue hand-over and (across workers) a Flight message.
    const int64_t batch_size = ctx ? ctx->config().batch_size : 8192;
    std::vector<BatchCoalescer> coalescers(n_out, BatchCoalescer(batch_size));
    auto push = [&](int p, std::shared_ptr<arrow::RecordBatch> part) -> arrow::Status {
      ARROW_RETURN_NOT_OK(coalescers[p].Push(std::move(part)));
      while (auto ready = coalescers[p].Next()) ARROW_RETURN_NOT_OK(Deliver(p, std::move(ready)));
      return arrow::Status::OK();
    };
    while (!stop.load()) {
      if (ctx && ctx->is_cancelled()) return arrow::Status::Cancelled("query cancelled");
      std::shared_ptr<arrow::RecordBatch> batch;
      ARROW_RETURN_NOT_OK(stream->ReadNext(&batch));
      if (!batch) break;
      const int64_t rows = batch->num_rows();
      if (rows == 0) continue;
      if (partitioning.kind != Partitioning::Kind::kHash || n_out == 1) {
        ARROW_RETURN_NOT_OK(push(next_output, std::move(batch)));
        next_output = (next_output + 1) % n_out;
        continue;
      }
      std::vector<std::shared_ptr<arrow::Array>> keys;
      for (const auto& e : partitioning.exprs) {
        ARROW_ASSIGN_OR_RAISE(auto k, EvaluateToArray(*e, *batch));
        keys.push_back(std::move(k));
      }
      hashes.resize(rows);
      ARROW_RETURN_NOT_OK(HashRows(keys, rows, hashes.data()));
      // Counting sort of row indices by target partition, then one Take per partition.
      std::fill(counts.begin(), counts.end(), 0);
      std::vector<uint32_t> target(rows);
      for (int64_t r = 0; r < rows; ++r) {
        const uint32_t p = static_cast<uint32_t>(
            (static_cast<unsigned __int128>(hashes[r]) * static_cast<uint64_t>(n_out)) >> 64);
        target[r] = p;
        ++counts[p];
      }
      std::vector<int64_t> starts(n_out + 1, 0);
      for (int p = 0; p < n_out; ++p) starts[p + 1] = starts[p] + counts[p];
      ARROW_ASSIGN_OR_RAISE(auto index_buffer,
                            arrow::AllocateBuffer(rows * static_cast<int64_t>(sizeof(uint32_t))));
      auto* indices = reinterpret_cast<uint32_t*>(index_buffer->mutable_data());
      std::vector<int64_t> fill(starts.begin(), starts.end() - 1);
      for (int64_t r = 0; r < rows; ++r) indices[fill[target[r]]++] = static_cast<uint32_t>(r);
      auto all_indices = std::make_shared<arrow::UInt32Array>(
          rows, std::shared_ptr<arrow::Buffer>(std::move(index_buffer)));
      for (int p = 0; p < n_out; ++p) {
        if (counts[p] == 0) continue;
        std::shared_ptr<arrow::RecordBatch> part;
        if (counts[p] == rows) {
          part = batch;
        } else {
          ARROW_ASSIGN_OR_RAISE(
              auto taken, arrow::compute::Take(batch, all_indices->Slice(starts[p], counts[p]),
                                               arrow::compute::TakeOptions::NoBoundsCheck()));
          part = taken.record_batch();
        }
        ARROW_RETURN_NOT_OK(push(p, std::move(part)));
      }
    }
    if (!stop.load()) {
      for (int p = 0; p < n_out; ++p) {
        ARROW_RETURN_NOT_OK(coalescers[p].Finish());
        while (auto ready = coalescers[p].Next()) {
          ARROW_RETURN_NOT_OK(Deliver(p, std::move(ready)));
        }
      }
    }
    return stream->Close();
  }
};

namespace {

class RepartitionStream : public PlanStream {
 public:
  RepartitionStream(std::shared_ptr<RepartitionState> state, int partition, ExecutionPlanPtr input,
                    Partitioning partitioning, TaskContextPtr ctx)
      : PlanStream(input->schema(), std::move(ctx)),
        state_(std::move(state)),
        partition_(partition),
        input_(std::move(input)),
        partitioning_(std::move(partitioning)) {}
  ~RepartitionStream() override { (void)Close(); }

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override {
    state_->Start(input_, partitioning_, ctx());
    ARROW_RETURN_NOT_OK(state_->outputs[partition_]->Pop(out));
    if (*out) state_->Taken(partition_);
    return arrow::Status::OK();
  }
  arrow::Status CloseInputs() override {
    state_->CloseOutput(partition_);
    // The last output to close stops the producers.
    if (state_->open_outputs.fetch_sub(1) == 1) state_->Shutdown();
    return arrow::Status::OK();
  }

 private:
  std::shared_ptr<RepartitionState> state_;
  int partition_;
  ExecutionPlanPtr input_;
  Partitioning partitioning_;
};

}  // namespace

RepartitionExec::RepartitionExec(ExecutionPlanPtr input, Partitioning partitioning)
    : input_(std::move(input)),
      partitioning_(std::move(partitioning)),
      state_(std::make_shared<RepartitionState>()) {
  const int n = std::max(1, partitioning_.partition_count);
  const int producers = input_ ? input_->output_partition_count() : 0;
  for (int i = 0; i < n; ++i) {
    state_->outputs.push_back(std::make_shared<BatchQueue>(0, producers));
  }
  state_->charged.resize(n);
  state_->closed.assign(n, false);
  state_->open_outputs.store(n);
}

RepartitionExec::~RepartitionExec() = default;

std::shared_ptr<arrow::Schema> RepartitionExec::schema() const { return SchemaOf(input_); }

arrow::Result<ExecutionPlanPtr> RepartitionExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  ARROW_RETURN_NOT_OK(CheckOneChild(name(), children));
  return std::make_shared<RepartitionExec>(children[0], partitioning_);
}

arrow::Result<RecordBatchStreamPtr> RepartitionExec::execute(int partition,
                                                             const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  if (partitioning_.kind == Partitioning::Kind::kUnknown) {
    return arrow::Status::Invalid("RepartitionExec needs hash or round-robin partitioning");
  }
  if (partitioning_.kind == Partitioning::Kind::kHash && partitioning_.exprs.empty()) {
    return arrow::Status::Invalid("RepartitionExec: hash partitioning without keys");
  }
  return std::make_shared<RepartitionStream>(state_, partition, input_, partitioning_, ctx);
}

std::string RepartitionExec::to_string() const {
  return "RepartitionExec: partitioning=" + partitioning_.to_string() +
         ", input_partitions=" + std::to_string(input_->output_partition_count());
}

}  // namespace quiver
