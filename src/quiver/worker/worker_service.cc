#include <arrow/buffer.h>
#include <arrow/flight/types.h>
#include <arrow/memory_pool.h>
#include <arrow/record_batch.h>
#include <malloc.h>
#include <quiver/common/ascii.h>
#include <quiver/common/exception_boundary.h>
#include <quiver/distributed/channel_resolver.h>
#include <quiver/distributed/distributed_codec.h>
#include <quiver/distributed/remote_stream.h>
#include <quiver/distributed/stage.h>
#include <quiver/distributed/stage_reader.h>
#include <quiver/distributed/stage_registration.h>
#include <quiver/distributed/task_ticket.h>
#include <quiver/proto/physical_plan_codec.h>
#include <quiver/worker/data_root_confinement.h>
#include <quiver/worker/heartbeat_stream.h>
#include <quiver/worker/worker_service.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace quiver {

using Clock = std::chrono::steady_clock;

struct WorkerService::StageEntry {
  StageRegistration registration;
  WorkerHeaders headers;  // of the request that registered the stage
  // Guarded by WorkerService::mutex_.
  Clock::time_point last_used = Clock::now();
  std::chrono::seconds ttl{60};
  int streaming = 0;  // partitions of its tasks being streamed
};

struct WorkerService::Task {
  Mutex init_mutex;
  bool initialized = false;
  arrow::Status init_status;
  ExecutionPlanPtr plan;
  TaskContextPtr ctx;

  // Guarded by WorkerService::mutex_.
  std::shared_ptr<StageEntry> stage;
  std::set<int> started;
  std::set<int> finished;
};

namespace {

// Transport headers stay with their hop; everything else follows the query downstream.
bool IsTransportHeader(const std::string& key) {
  return key.empty() || key[0] == ':' || key.rfind("grpc-", 0) == 0 || key == "user-agent" ||
         key == "content-type" || key == "te" || key == "host" || key == "authority" ||
         (key.size() > 4 && key.compare(key.size() - 4, 4, "-bin") == 0);
}

/// Forwards a partition's stream and tells the service when it is over (ended, failed,
/// closed or dropped by a departed client).
class TrackedReader : public arrow::RecordBatchReader {
 public:
  TrackedReader(RecordBatchStreamPtr inner, std::function<void()> on_done)
      : inner_(std::move(inner)), on_done_(std::move(on_done)) {}
  ~TrackedReader() override {
    if (inner_) (void)inner_->Close();
    Done();
  }
  std::shared_ptr<arrow::Schema> schema() const override { return inner_->schema(); }
  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) override {
    auto st = inner_->ReadNext(out);
    if (!st.ok() || !*out) Done();
    return st;
  }
  arrow::Status Close() override {
    auto st = inner_->Close();
    Done();
    return st;
  }

 private:
  void Done() {
    if (on_done_) {
      auto fn = std::move(on_done_);
      on_done_ = nullptr;
      fn();
    }
  }
  RecordBatchStreamPtr inner_;
  std::function<void()> on_done_;
};

}  // namespace

WorkerService::WorkerService(std::shared_ptr<WorkerSessionBuilder> builder, WorkerOptions options)
    : builder_(std::move(builder)), options_(std::move(options)) {
  reaper_ = std::thread([this] { reap_loop(); });
}

WorkerService::~WorkerService() {
  {
    std::lock_guard<Mutex> lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (reaper_.joinable()) reaper_.join();
}

size_t WorkerService::task_count() const {
  std::lock_guard<Mutex> lock(mutex_);
  return tasks_.size();
}

std::string WorkerService::list_tasks() const {
  std::lock_guard<Mutex> lock(mutex_);
  std::string out = "[";
  for (const auto& [key, task] : tasks_) {
    const auto& [query, stage, index] = key;
    if (out.size() > 1) out += ",";
    // Query ids are hex (NewQueryId) or checked non-empty strings: escape the JSON specials.
    std::string escaped;
    for (char c : query) {
      if (c == '"' || c == '\\') escaped += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) escaped += c;
    }
    out += "{\"query\":\"" + escaped + "\",\"stage\":" + std::to_string(stage) +
           ",\"task\":" + std::to_string(index) +
           ",\"started\":" + std::to_string(task->started.size()) +
           ",\"finished\":" + std::to_string(task->finished.size()) + "}";
  }
  return out + "]";
}

size_t WorkerService::stage_count() const {
  std::lock_guard<Mutex> lock(mutex_);
  return stages_.size();
}

void WorkerService::reap_loop() {
  std::unique_lock<Mutex> lock(mutex_);
  while (!stopping_) {
    stop_cv_.wait_for(lock, std::chrono::milliseconds(250));
    auto now = Clock::now();
    for (auto it = stages_.begin(); it != stages_.end();) {
      const StageEntry& stage = *it->second;
      // A stage with a partition still streaming is in use, however long it runs.
      if (stage.streaming == 0 && now - stage.last_used > stage.ttl) {
        const auto& [query, stage_id] = it->first;
        for (auto t = tasks_.lower_bound({query, stage_id, 0});
             t != tasks_.end() && std::get<0>(t->first) == query &&
             std::get<1>(t->first) == stage_id;) {
          t = tasks_.erase(t);
        }
        it = stages_.erase(it);
      } else {
        ++it;
      }
    }
    // Idle again after queries: ask the allocators (Arrow's pool for buffers, glibc's for
    // hash tables and other vectors) to return what they freed, or the worker's RSS stays at
    // its peak long after the load is gone.
    if (memory_to_return_ && stages_.empty() && tasks_.empty()) {
      memory_to_return_ = false;
      lock.unlock();
      arrow::default_memory_pool()->ReleaseUnused();
      ::malloc_trim(0);
      lock.lock();
    }
  }
}

arrow::Status WorkerService::register_stage(StageRegistration registration, WorkerHeaders headers) {
  auto entry = std::make_shared<StageEntry>();
  // The worker bounds how long an unused stage may pin memory: the sender may only shorten it.
  entry->ttl = std::chrono::seconds(
      std::clamp<int64_t>(registration.config.worker_task_ttl_seconds, 1,
                          std::max<int64_t>(1, options_.max_task_ttl.count())));
  StageKey key{registration.query_id, registration.stage_id};
  entry->registration = std::move(registration);
  entry->headers = std::move(headers);
  std::lock_guard<Mutex> lock(mutex_);
  auto& slot = stages_[key];
  if (slot) {
    return arrow::Status::Invalid("stage ", std::get<1>(key), " of query ", std::get<0>(key),
                                  " is already registered");
  }
  slot = std::move(entry);
  return arrow::Status::OK();
}

void WorkerService::release_query(const std::string& query_id) {
  std::vector<std::shared_ptr<Task>> released;
  {
    std::lock_guard<Mutex> lock(mutex_);
    for (auto it = stages_.lower_bound({query_id, 0});
         it != stages_.end() && std::get<0>(it->first) == query_id;) {
      it = stages_.erase(it);
    }
    for (auto it = tasks_.lower_bound({query_id, 0, 0});
         it != tasks_.end() && std::get<0>(it->first) == query_id;) {
      released.push_back(it->second);
      it = tasks_.erase(it);
    }
    memory_to_return_ = true;
  }
  // Streams still running see the cancellation and end; their state goes with them.
  for (const auto& task : released) {
    std::lock_guard<Mutex> init(task->init_mutex);
    if (task->ctx) task->ctx->cancel();
  }
}

arrow::Status WorkerService::init_task(Task* task, const StageEntry& stage,
                                       const TaskTicket& ticket) {
  const StageRegistration& registration = stage.registration;
  WorkerQueryContext query;
  query.builder.with_config(registration.config);
  // Pre-populated: how this worker reaches upstream workers (TLS roots); a user's session
  // builder may still set its own.
  if (options_.upstream_channels) {
    query.builder.with_distributed_channel_resolver(options_.upstream_channels);
  }
  if (options_.runtime) query.builder.with_runtime_env(options_.runtime);
  query.headers = stage.headers;
  ARROW_ASSIGN_OR_RAISE(SessionState state, builder_->build_session_state(std::move(query)));
  DistributedCodec codec(state.extension_codec());
  auto plan = DeserializePlan(*registration.plan, *state.functions(), &codec);
  if (!plan.ok()) {
    return arrow::Status::Invalid("stage ", ticket.stage_id, " task ", ticket.task_index, ": ",
                                  plan.status().message());
  }
  auto confined = CheckDataRoots(**plan, options_.data_roots);
  if (!confined.ok()) {
    return confined.WithMessage("stage ", ticket.stage_id, " task ", ticket.task_index, ": ",
                                confined.message());
  }
  ARROW_ASSIGN_OR_RAISE(auto sliced,
                        SliceLeavesForTask(*plan, ticket.task_index, registration.task_count));
  TaskContextPtr ctx = state.task_context();
  if (!ctx) {
    ctx = std::make_shared<TaskContext>(state.config(), state.functions(), state.runtime_env());
  }
  ctx->query_id = ticket.query_id;
  ctx->stage_id = ticket.stage_id;
  ctx->task_index = ticket.task_index;
  ctx->task_count = registration.task_count;
  std::shared_ptr<ChannelResolver> channels = state.channel_resolver();
  if (!channels) channels = DefaultChannelResolver::Shared();
  if (!options_.upstream_allow_list.empty()) {
    channels = std::make_shared<AllowListChannelResolver>(std::move(channels),
                                                          options_.upstream_allow_list);
  }
  ctx->set_extension<ChannelResolver>(channels);
  if (state.extension_codec()) ctx->set_extension<PhysicalExtensionCodec>(state.extension_codec());
  auto passthrough = std::make_shared<PassthroughHeaders>();
  for (const auto& [key, value] : stage.headers) {
    if (!IsTransportHeader(key)) passthrough->headers.emplace_back(key, value);
  }
  ctx->set_extension<PassthroughHeaders>(passthrough);
  task->plan = std::move(sliced);
  task->ctx = std::move(ctx);
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<WorkerService::Task>> WorkerService::task_for(
    const TaskTicket& ticket) {
  TaskKey key{ticket.query_id, ticket.stage_id, ticket.task_index};
  std::shared_ptr<Task> task;
  std::shared_ptr<StageEntry> stage;
  {
    std::lock_guard<Mutex> lock(mutex_);
    auto it = stages_.find({ticket.query_id, ticket.stage_id});
    if (it == stages_.end()) {
      return arrow::Status::KeyError("stage ", ticket.stage_id, " of query ", ticket.query_id,
                                     " is not registered on this worker (never sent, released "
                                     "or expired)");
    }
    stage = it->second;
    if (ticket.task_index >= stage->registration.task_count) {
      return arrow::Status::Invalid("stage ", ticket.stage_id, " has ",
                                    stage->registration.task_count, " tasks, task ",
                                    ticket.task_index, " asked for");
    }
    stage->last_used = Clock::now();
    auto& slot = tasks_[key];
    if (!slot) {
      slot = std::make_shared<Task>();
      slot->stage = stage;
    }
    task = slot;
  }
  // Decoded once; concurrent first requests for the same task wait for the first.
  std::lock_guard<Mutex> init(task->init_mutex);
  if (!task->initialized) {
    task->init_status = init_task(task.get(), *stage, ticket);
    task->initialized = true;
  }
  ARROW_RETURN_NOT_OK(task->init_status);
  return task;
}

void WorkerService::partition_done(const TaskKey& key, const std::shared_ptr<Task>& task,
                                   int partition) {
  std::lock_guard<Mutex> lock(mutex_);
  task->finished.insert(partition);
  task->stage->last_used = Clock::now();
  --task->stage->streaming;
  if (static_cast<int>(task->finished.size()) == task->plan->output_partition_count()) {
    auto it = tasks_.find(key);
    if (it != tasks_.end() && it->second == task) tasks_.erase(it);
    memory_to_return_ = true;
  }
}

arrow::Status WorkerService::DoGet(const arrow::flight::ServerCallContext& context,
                                   const arrow::flight::Ticket& request,
                                   std::unique_ptr<arrow::flight::FlightDataStream>* stream) {
  return CatchExceptions("DoGet", [&] { return HandleGet(context, request, stream); });
}

arrow::Status WorkerService::HandleGet(const arrow::flight::ServerCallContext& context,
                                       const arrow::flight::Ticket& request,
                                       std::unique_ptr<arrow::flight::FlightDataStream>* stream) {
  ARROW_ASSIGN_OR_RAISE(auto ticket, TaskTicket::Deserialize(request.ticket));
  ARROW_ASSIGN_OR_RAISE(auto task, task_for(ticket));
  TaskKey key{ticket.query_id, ticket.stage_id, ticket.task_index};
  const int partition = ticket.partition;
  if (partition >= task->plan->output_partition_count()) {
    return arrow::Status::Invalid("stage ", ticket.stage_id, " task ", ticket.task_index, " has ",
                                  task->plan->output_partition_count(), " partitions, partition ",
                                  partition, " asked for");
  }
  {
    std::lock_guard<Mutex> lock(mutex_);
    if (!task->started.insert(partition).second) {
      return arrow::Status::Invalid("stage ", ticket.stage_id, " task ", ticket.task_index,
                                    " partition ", partition, " was already requested");
    }
    ++task->stage->streaming;
  }
  auto executed = task->plan->execute(partition, task->ctx);
  if (!executed.ok()) {
    partition_done(key, task, partition);
    return executed.status();
  }
  auto reader = std::make_shared<TrackedReader>(
      std::move(*executed), [this, key, task, partition] { partition_done(key, task, partition); });
  // Heartbeats only for readers that ask (RemoteStream): a standard Flight client reading a
  // metadata-only message as the end of the stream would silently lose the rest.
  const auto asked = context.incoming_headers().find(kHeartbeatHeader);
  int64_t interval_ms = 0;
  if (asked != context.incoming_headers().end()) {
    std::string_view text = asked->second;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), interval_ms);
    if (ec != std::errc() || ptr != text.data() + text.size()) interval_ms = 0;
  }
  if (interval_ms > 0) {
    *stream = std::make_unique<HeartbeatFlightStream>(
        reader, std::chrono::milliseconds(std::clamp<int64_t>(interval_ms, 20, 60000)),
        task->ctx->runtime()->executor);
  } else {
    *stream = std::make_unique<arrow::flight::RecordBatchStream>(reader);
  }
  return arrow::Status::OK();
}

namespace {

std::unique_ptr<arrow::flight::ResultStream> Reply(const std::string& text) {
  std::vector<arrow::flight::Result> results;
  results.emplace_back(arrow::Buffer::FromString(text));
  return std::make_unique<arrow::flight::SimpleResultStream>(std::move(results));
}

}  // namespace

arrow::Status WorkerService::DoAction(const arrow::flight::ServerCallContext& context,
                                      const arrow::flight::Action& action,
                                      std::unique_ptr<arrow::flight::ResultStream>* result) {
  return CatchExceptions("DoAction", [&] { return HandleAction(context, action, result); });
}

arrow::Status WorkerService::HandleAction(const arrow::flight::ServerCallContext& context,
                                          const arrow::flight::Action& action,
                                          std::unique_ptr<arrow::flight::ResultStream>* result) {
  if (action.type == "health") {
    *result = Reply("ok");
    return arrow::Status::OK();
  }
  if (action.type == StageRegistration::kAction) {
    std::string_view body = action.body ? std::string_view(*action.body) : std::string_view();
    ARROW_ASSIGN_OR_RAISE(auto registration, StageRegistration::Deserialize(body));
    WorkerHeaders headers;
    for (const auto& [key, value] : context.incoming_headers()) {
      headers.emplace(AsciiLower(key), std::string(value));
    }
    ARROW_RETURN_NOT_OK(register_stage(std::move(registration), std::move(headers)));
    *result = Reply("ok");
    return arrow::Status::OK();
  }
  if (action.type == kListTasksAction) {
    *result = Reply(list_tasks());
    return arrow::Status::OK();
  }
  if (action.type == kReleaseQueryAction) {
    std::string query_id = action.body ? action.body->ToString() : "";
    if (query_id.empty()) return arrow::Status::Invalid("release_query needs a query id");
    release_query(query_id);
    *result = Reply("ok");
    return arrow::Status::OK();
  }
  return arrow::Status::NotImplemented("unknown action '", action.type,
                                       "' (ListActions lists the actions a worker offers)");
}

arrow::Status WorkerService::ListActions(const arrow::flight::ServerCallContext& context,
                                         std::vector<arrow::flight::ActionType>* actions) {
  *actions = {
      arrow::flight::ActionType{"health", "Checks the worker is serving; returns \"ok\""},
      arrow::flight::ActionType{StageRegistration::kAction,
                                "Registers a stage of a query (body: a StageRegistration)"},
      arrow::flight::ActionType{kReleaseQueryAction,
                                "Ends a query: drops its stages, cancels its tasks (body: the "
                                "query id)"},
      arrow::flight::ActionType{kListTasksAction,
                                "Lists the live tasks: a JSON array of {query, stage, task, "
                                "started, finished}"}};
  return arrow::Status::OK();
}

}  // namespace quiver
