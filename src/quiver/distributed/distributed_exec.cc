#include <arrow/flight/client.h>
#include <arrow/flight/types.h>
#include <quiver/common/exception_boundary.h>
#include <quiver/distributed/channel_resolver.h>
#include <quiver/distributed/distributed_exec.h>
#include <quiver/distributed/stage_registration.h>
#include <quiver/distributed/worker_loss.h>
#include <quiver/physical/plan_stream.h>
#include <quiver/runtime/executor.h>
#include <quiver/runtime/sync.h>

#include <map>
#include <set>
#include <thread>

namespace quiver {

struct DistributedQueryState {
  Mutex mutex;  // held across the registration calls: other partitions wait for them
  bool registered = false;
  arrow::Status register_status;
  int partitions = 0;  // head partitions, each executed at most once
  int started = 0;
  int ended = 0;
  bool owner_gone = false;  // the DistributedExec was destroyed
  bool released = false;
  // What release needs, captured at registration.
  std::shared_ptr<ChannelResolver> channels;
  std::vector<std::pair<std::string, std::string>> headers;
  std::set<std::string> workers;
};

namespace {

arrow::flight::FlightCallOptions CallOptions(
    const std::vector<std::pair<std::string, std::string>>& headers, double timeout_seconds) {
  arrow::flight::FlightCallOptions options;
  options.headers = headers;
  options.timeout = arrow::flight::TimeoutDuration{timeout_seconds};
  return options;
}

arrow::Status RunAction(ChannelResolver& channels, const std::string& url,
                        const arrow::flight::Action& action,
                        const arrow::flight::FlightCallOptions& options) {
  ARROW_ASSIGN_OR_RAISE(auto client, channels.get_flight_client(url));
  ARROW_ASSIGN_OR_RAISE(auto results, client->DoAction(options, action));
  ARROW_RETURN_NOT_OK(results->Drain());
  return arrow::Status::OK();
}

// Tells every worker the query is over; best effort (a dead worker has nothing to free). All at
// once, each bounded: a hung worker delays the end of the query by one short timeout, not by
// one per worker.
void Release(DistributedQueryState& state, const std::string& query_id) {
  arrow::flight::Action action{kReleaseQueryAction, arrow::Buffer::FromString(query_id)};
  const auto options = CallOptions(state.headers, 2.0);
  // Off the executor: the release of an embedded worker may wait for tasks that share the
  // caller's executor thread.
  RunBlocking("releasing a query", [&] {
    std::vector<std::thread> calls;
    for (const auto& url : state.workers) {
      auto call = [&, url] { (void)RunAction(*state.channels, url, action, options); };
      if (!StartThread(&calls, "releasing a query", call).ok()) call();  // then one at a time
    }
    for (auto& call : calls) call.join();
  });
}

// One head partition ended. The query is over once every head partition has ended, or once
// the plan is gone and no partition it started is still streaming.
void EndPartition(DistributedQueryState& state, const std::string& query_id) {
  bool last = false;
  {
    std::lock_guard<Mutex> lock(state.mutex);
    ++state.ended;
    last = !state.released &&
           (state.ended == state.partitions || (state.owner_gone && state.ended == state.started));
    if (last) state.released = true;
  }
  if (last) Release(state, query_id);
}

// Counts the head partitions that ended.
class HeadStream : public PlanStream {
 public:
  HeadStream(RecordBatchStreamPtr inner, TaskContextPtr ctx,
             std::shared_ptr<DistributedQueryState> state, std::string query_id)
      : PlanStream(inner->schema(), std::move(ctx)),
        inner_(std::move(inner)),
        state_(std::move(state)),
        query_id_(std::move(query_id)) {}
  ~HeadStream() override { End(); }

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override {
    return inner_->ReadNext(out);
  }
  arrow::Status CloseInputs() override {
    auto st = inner_->Close();
    End();
    return st;
  }

 private:
  void End() {
    if (ended_) return;
    ended_ = true;
    EndPartition(*state_, query_id_);
  }

  RecordBatchStreamPtr inner_;
  std::shared_ptr<DistributedQueryState> state_;
  std::string query_id_;
  bool ended_ = false;
};

}  // namespace

DistributedExec::DistributedExec(ExecutionPlanPtr head, std::string query_id,
                                 std::vector<StagePlan> stages)
    : head_(std::move(head)),
      query_id_(std::move(query_id)),
      stages_(std::move(stages)),
      state_(std::make_shared<DistributedQueryState>()) {}

DistributedExec::~DistributedExec() {
  // Registered, and no partition streaming any more (or none ever started): the workers still
  // hold the stages of partitions that were never read.
  bool release = false;
  {
    std::lock_guard<Mutex> lock(state_->mutex);
    state_->owner_gone = true;
    release = state_->registered && !state_->released && state_->ended == state_->started;
    if (release) state_->released = true;
  }
  if (release) Release(*state_, query_id_);
}

arrow::Result<ExecutionPlanPtr> DistributedExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  ARROW_RETURN_NOT_OK(CheckOneChild(name(), children));
  return std::make_shared<DistributedExec>(children[0], query_id_, stages_);
}

arrow::Result<RecordBatchStreamPtr> DistributedExec::execute(int partition,
                                                             const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  {
    std::lock_guard<Mutex> lock(state_->mutex);
    if (!state_->registered) {
      state_->registered = true;
      state_->partitions = head_->output_partition_count();
      state_->channels = ctx->extension<ChannelResolver>();
      if (!state_->channels) state_->channels = DefaultChannelResolver::Shared();
      if (auto passthrough = ctx->extension<PassthroughHeaders>()) {
        state_->headers = passthrough->headers;
      }
      // One registration per (stage, worker), all with the same plan bytes.
      state_->register_status = [&]() -> arrow::Status {
        for (const auto& stage : stages_) {
          StageRegistration registration;
          registration.query_id = query_id_;
          registration.stage_id = stage.stage_id;
          registration.task_count = static_cast<int>(stage.task_urls.size());
          registration.plan = stage.bytes;
          registration.config = ctx->config();
          ARROW_ASSIGN_OR_RAISE(auto body, registration.serialize());
          arrow::flight::Action action{StageRegistration::kAction,
                                       arrow::Buffer::FromString(std::move(body))};
          std::set<std::string> urls(stage.task_urls.begin(), stage.task_urls.end());
          for (const auto& url : urls) {
            state_->workers.insert(url);
            // A worker that does not answer a registration within the worker timeout is as
            // hung as one that stops streaming (a fixed 30 s wait here outlasted the 2 s ones).
            const double timeout_s = ctx->config().distributed_worker_timeout_ms / 1000.0;
            auto st =
                RunAction(*state_->channels, url, action, CallOptions(state_->headers, timeout_s));
            if (!st.ok()) {
              return st.WithMessage("worker ", url, " failed stage ", stage.stage_id,
                                    ": cannot register the stage: ",
                                    IsUnreachable(st) ? kWorkerLost : "", st.message());
            }
          }
        }
        return arrow::Status::OK();
      }();
    }
    if (!state_->register_status.ok()) return state_->register_status;
    ++state_->started;
  }
  auto inner = head_->execute(partition, ctx);
  if (!inner.ok()) {
    EndPartition(*state_, query_id_);
    return inner.status();
  }
  return std::make_shared<HeadStream>(std::move(*inner), ctx, state_, query_id_);
}

std::string DistributedExec::to_string() const {
  return "DistributedExec: query=" + query_id_ + ", stages=" + std::to_string(stages_.size() + 1);
}

}  // namespace quiver
