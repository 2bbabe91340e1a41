#pragma once

#include <memory>
#include <string>
#include <vector>

#include <arrow/result.h>

#include <quiver/common/config.h>
#include <quiver/datasource/catalog.h>
#include <quiver/functions/function_registry.h>
#include <quiver/physical/execution_plan.h>

namespace quiver {

class LogicalPlan;
class PhysicalExtensionCodec;
namespace sql {
struct Statement;
}
class WorkerResolver;
class ChannelResolver;

/// \brief Everything a session needs to plan and run queries: settings, functions, tables,
/// the plan codec and, when distributed, how to find and reach workers.
///
/// A cheap, copyable handle: copies share the catalog and function registry (so a table
/// registered through one copy is visible through the others) but have their own config.
/// Built by SessionStateBuilder.
class SessionState {
 public:
  const SessionConfig& config() const { return config_; }
  SessionConfig& mutable_config() { return config_; }
  const std::shared_ptr<FunctionRegistry>& functions() const { return functions_; }
  const std::shared_ptr<Catalog>& catalog() const { return catalog_; }
  const std::shared_ptr<PhysicalExtensionCodec>& extension_codec() const { return codec_; }

  /// True when with_distributed_planner() was asked for.
  bool distributed() const { return distributed_; }
  const std::shared_ptr<WorkerResolver>& worker_resolver() const { return worker_resolver_; }
  const std::shared_ptr<ChannelResolver>& channel_resolver() const { return channel_resolver_; }
  /// Headers sent with every call to workers (the auth token's `authorization`).
  const std::vector<std::pair<std::string, std::string>>& distributed_headers() const {
    return distributed_headers_;
  }

  /// The process's memory pool and spill directory that this session's queries use.
  const std::shared_ptr<RuntimeEnv>& runtime_env() const { return runtime_; }

  /// SQL text of a single query statement → optimized logical plan.
  arrow::Result<std::shared_ptr<LogicalPlan>> create_logical_plan(const std::string& sql) const;
  /// A parsed query or EXPLAIN statement → optimized logical plan.
  arrow::Result<std::shared_ptr<LogicalPlan>> statement_to_plan(
      const sql::Statement& statement) const;
  /// The (unoptimized) plan of a CREATE VIEW statement's query.
  arrow::Result<std::shared_ptr<LogicalPlan>> view_plan(const sql::Statement& statement) const;
  /// Logical → physical (single-node) → distributed, when the distributed planner is on.
  /// `excluded_workers`: worker URLs not to plan on (the ones a failed attempt lost).
  arrow::Result<ExecutionPlanPtr> create_physical_plan(
      const std::shared_ptr<LogicalPlan>& plan,
      const std::vector<std::string>& excluded_workers = {}) const;
  /// A TaskContext for running a plan of this session on this node (the coordinator).
  TaskContextPtr task_context() const;

 private:
  friend class SessionStateBuilder;
  SessionConfig config_;
  std::shared_ptr<FunctionRegistry> functions_;
  std::shared_ptr<Catalog> catalog_;
  std::shared_ptr<PhysicalExtensionCodec> codec_;
  bool distributed_ = false;
  std::shared_ptr<WorkerResolver> worker_resolver_;
  std::shared_ptr<ChannelResolver> channel_resolver_;
  std::vector<std::pair<std::string, std::string>> distributed_headers_;
  std::shared_ptr<RuntimeEnv> runtime_;
};

}  // namespace quiver
