#pragma once

#include <memory>
#include <string>
#include <vector>

#include <arrow/result.h>

#include <quiver/execution/session_state.h>

namespace quiver {

/// \brief Builds a SessionState: the place to inject custom functions, plan nodes (through an
/// extension codec), settings and the distributed planner.
///
/// \code
/// ARROW_ASSIGN_OR_RAISE(SessionState state, SessionStateBuilder()
///                                               .with_target_partitions(8)
///                                               .with_scalar_functions({my_udf})
///                                               .with_distributed_planner()
///                                               .with_distributed_worker_resolver(resolver)
///                                               .build());
/// \endcode
class SessionStateBuilder {
 public:
  /// Default settings, built-in functions, an empty catalog.
  SessionStateBuilder();
  /// Starts from an existing state (shares its catalog and functions until changed).
  explicit SessionStateBuilder(const SessionState& state);

  SessionStateBuilder& with_config(SessionConfig config);
  SessionStateBuilder& with_target_partitions(int n);
  SessionStateBuilder& with_batch_size(int64_t n);
  /// Sets one setting by name, as SQL `SET key = value` would; errors surface in build().
  SessionStateBuilder& with_setting(const std::string& key, const std::string& value);

  SessionStateBuilder& with_scalar_functions(std::vector<std::shared_ptr<ScalarFunction>> fns);
  SessionStateBuilder& with_aggregate_functions(
      std::vector<std::shared_ptr<AggregateFunction>> fns);
  SessionStateBuilder& with_catalog(std::shared_ptr<Catalog> catalog);
  /// Encodes/decodes the user's own ExecutionPlan nodes and UDF payloads for the network.
  SessionStateBuilder& with_physical_extension_codec(std::shared_ptr<PhysicalExtensionCodec> c);

  /// Cut physical plans into stages run by workers (see docs/distributed.md).
  SessionStateBuilder& with_distributed_planner();
  /// Where the workers are; required with the distributed planner.
  SessionStateBuilder& with_distributed_worker_resolver(std::shared_ptr<WorkerResolver> r);
  /// How to reach a worker URL; defaults to a caching Flight client pool.
  SessionStateBuilder& with_distributed_channel_resolver(std::shared_ptr<ChannelResolver> r);
  /// Sends `authorization: Bearer <token>` with every call to workers, which forward it to
  /// the workers they read from (workers started with a token refuse calls without it).
  SessionStateBuilder& with_distributed_auth_token(const std::string& token);

  /// The memory pool and spill directory queries of this session run in (default: the
  /// process-wide unbounded RuntimeEnv::Default()). Share one per process.
  SessionStateBuilder& with_runtime_env(std::shared_ptr<RuntimeEnv> runtime);

  arrow::Result<SessionState> build() const;

 private:
  SessionState state_;
  bool functions_shared_ = true;
  arrow::Status deferred_error_;
};

}  // namespace quiver
