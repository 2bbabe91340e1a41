#pragma once

#include <arrow/result.h>
#include <quiver/execution/session_state.h>
#include <quiver/execution/session_state_builder.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace quiver {

/// Request headers as a worker sees them: lower-case keys, several values per key allowed.
using WorkerHeaders = std::multimap<std::string, std::string>;

/// \brief What a worker knows when it builds the session for a task.
struct WorkerQueryContext {
  /// Pre-populated with the coordinator's settings for the query (sent with the stage) and
  /// the built-in functions; add your UDFs, codec, settings, then build().
  SessionStateBuilder builder;
  /// Headers of the Flight request that registered the task's stage (e.g. auth tokens, tenant
  /// ids): the coordinator's, forwarded.
  WorkerHeaders headers;
};

/// \brief Builds the SessionState a worker runs a task with: the place to register the same
/// UDFs and extension codec the coordinator uses.
class WorkerSessionBuilder {
 public:
  virtual ~WorkerSessionBuilder() = default;
  virtual arrow::Result<SessionState> build_session_state(WorkerQueryContext ctx) const = 0;
};

/// \brief A WorkerSessionBuilder made from a callable.
class FunctionWorkerSessionBuilder : public WorkerSessionBuilder {
 public:
  using Fn = std::function<arrow::Result<SessionState>(WorkerQueryContext)>;
  explicit FunctionWorkerSessionBuilder(Fn fn) : fn_(std::move(fn)) {}
  arrow::Result<SessionState> build_session_state(WorkerQueryContext ctx) const override {
    return fn_(std::move(ctx));
  }

 private:
  Fn fn_;
};

/// \brief The default: the pre-populated builder as it is (`ctx.builder.build()`).
class DefaultWorkerSessionBuilder : public WorkerSessionBuilder {
 public:
  arrow::Result<SessionState> build_session_state(WorkerQueryContext ctx) const override {
    return ctx.builder.build();
  }
};

}  // namespace quiver
