#include <quiver/execution/session_state_builder.h>

#include <algorithm>

#include <quiver/distributed/channel_resolver.h>
#include <quiver/distributed/worker_resolver.h>

namespace quiver {
namespace {

// Built-ins are registered once per process; sessions share them until they add their own.
const std::shared_ptr<FunctionRegistry>& DefaultFunctions() {
  static const std::shared_ptr<FunctionRegistry> registry = FunctionRegistry::MakeDefault();
  return registry;
}

}  // namespace

SessionStateBuilder::SessionStateBuilder() {
  state_.functions_ = DefaultFunctions();
  state_.catalog_ = std::make_shared<Catalog>();
}

SessionStateBuilder::SessionStateBuilder(const SessionState& state) : state_(state) {}

SessionStateBuilder& SessionStateBuilder::with_config(SessionConfig config) {
  state_.config_ = std::move(config);
  return *this;
}

SessionStateBuilder& SessionStateBuilder::with_target_partitions(int n) {
  return with_setting("target_partitions", std::to_string(n));
}

SessionStateBuilder& SessionStateBuilder::with_batch_size(int64_t n) {
  return with_setting("batch_size", std::to_string(n));
}

SessionStateBuilder& SessionStateBuilder::with_setting(const std::string& key,
                                                       const std::string& value) {
  auto status = state_.config_.set(key, value);
  if (!status.ok() && deferred_error_.ok()) deferred_error_ = status;
  return *this;
}

SessionStateBuilder& SessionStateBuilder::with_scalar_functions(
    std::vector<std::shared_ptr<ScalarFunction>> fns) {
  // Copy on first change so the shared defaults (and other sessions) are untouched.
  if (functions_shared_) {
    state_.functions_ = state_.functions_->clone();
    functions_shared_ = false;
  }
  for (auto& fn : fns) {
    if (!fn) {
      if (deferred_error_.ok()) deferred_error_ = arrow::Status::Invalid("null scalar function");
      continue;
    }
    state_.functions_->register_scalar(std::move(fn));
  }
  return *this;
}

SessionStateBuilder& SessionStateBuilder::with_aggregate_functions(
    std::vector<std::shared_ptr<AggregateFunction>> fns) {
  if (functions_shared_) {
    state_.functions_ = state_.functions_->clone();
    functions_shared_ = false;
  }
  for (auto& fn : fns) {
    if (!fn) {
      if (deferred_error_.ok()) {
        deferred_error_ = arrow::Status::Invalid("null aggregate function");
      }
      continue;
    }
    state_.functions_->register_aggregate(std::move(fn));
  }
  return *this;
}

SessionStateBuilder& SessionStateBuilder::with_catalog(std::shared_ptr<Catalog> catalog) {
  state_.catalog_ = std::move(catalog);
  return *this;
}

SessionStateBuilder& SessionStateBuilder::with_physical_extension_codec(
    std::shared_ptr<PhysicalExtensionCodec> codec) {
  state_.codec_ = std::move(codec);
  return *this;
}

SessionStateBuilder& SessionStateBuilder::with_distributed_planner() {
  state_.distributed_ = true;
  return *this;
}

SessionStateBuilder& SessionStateBuilder::with_distributed_worker_resolver(
    std::shared_ptr<WorkerResolver> resolver) {
  state_.worker_resolver_ = std::move(resolver);
  return *this;
}

SessionStateBuilder& SessionStateBuilder::with_distributed_auth_token(const std::string& token) {
  auto& headers = state_.distributed_headers_;
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [](const auto& h) { return h.first == "authorization"; }),
                headers.end());
  headers.emplace_back("authorization", "Bearer " + token);
  return *this;
}

SessionStateBuilder& SessionStateBuilder::with_distributed_channel_resolver(
    std::shared_ptr<ChannelResolver> resolver) {
  state_.channel_resolver_ = std::move(resolver);
  return *this;
}

SessionStateBuilder& SessionStateBuilder::with_runtime_env(std::shared_ptr<RuntimeEnv> runtime) {
  state_.runtime_ = std::move(runtime);
  return *this;
}

arrow::Result<SessionState> SessionStateBuilder::build() const {
  ARROW_RETURN_NOT_OK(deferred_error_);
  SessionState state = state_;
  if (state.distributed_ && !state.worker_resolver_) {
    return arrow::Status::Invalid(
        "with_distributed_planner() needs with_distributed_worker_resolver(...): the planner "
        "must know where the workers are");
  }
  if (!state.channel_resolver_) state.channel_resolver_ = DefaultChannelResolver::Shared();
  if (!state.catalog_) state.catalog_ = std::make_shared<Catalog>();
  if (!state.runtime_) state.runtime_ = RuntimeEnv::Default();
  return state;
}

}  // namespace quiver
