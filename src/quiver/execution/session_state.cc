#include <quiver/execution/session_state.h>

#include <arrow/array/builder_binary.h>
#include <arrow/record_batch.h>

#include <quiver/datasource/memory_exec.h>
#include <quiver/distributed/channel_resolver.h>
#include <quiver/distributed/distributed_planner.h>
#include <quiver/distributed/stage.h>
#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/physical_planner.h>
#include <quiver/logical/logical_explain.h>
#include <quiver/optimizer/optimizer.h>
#include <quiver/proto/physical_extension_codec.h>
#include <quiver/sql/parser.h>
#include <quiver/sql/sql_to_rel.h>

#include <algorithm>

namespace quiver {
namespace {

// EXPLAIN's result: one row per plan kind, (plan_type, plan) text columns.
arrow::Result<ExecutionPlanPtr> ExplainRows(
    const std::vector<std::pair<std::string, std::string>>& rows) {
  arrow::StringBuilder types, plans;
  for (const auto& [type, plan] : rows) {
    ARROW_RETURN_NOT_OK(types.Append(type));
    ARROW_RETURN_NOT_OK(plans.Append(plan));
  }
  ARROW_ASSIGN_OR_RAISE(auto type_array, types.Finish());
  ARROW_ASSIGN_OR_RAISE(auto plan_array, plans.Finish());
  auto schema = arrow::schema({arrow::field("plan_type", arrow::utf8(), false),
                               arrow::field("plan", arrow::utf8(), false)});
  auto batch =
      arrow::RecordBatch::Make(schema, static_cast<int64_t>(rows.size()), {type_array, plan_array});
  return MemoryExec::Make(schema, {{batch}});
}

}  // namespace

arrow::Result<std::shared_ptr<LogicalPlan>> SessionState::create_logical_plan(
    const std::string& sql) const {
  ARROW_ASSIGN_OR_RAISE(auto statements, ParseSql(sql));
  if (statements.size() != 1) {
    return arrow::Status::Invalid("expected exactly one SQL statement, got ", statements.size());
  }
  return statement_to_plan(statements.front());
}

arrow::Result<std::shared_ptr<LogicalPlan>> SessionState::statement_to_plan(
    const sql::Statement& statement) const {
  if (statement.kind == Statement::Kind::kSet) {
    return arrow::Status::Invalid("SET changes a session: run it through SessionContext::sql");
  }
  SqlToRel binder(catalog_, functions_);
  ARROW_ASSIGN_OR_RAISE(auto plan, binder.plan_statement(statement));
  Optimizer optimizer;
  return optimizer.optimize(plan, config_);
}

arrow::Result<std::shared_ptr<LogicalPlan>> SessionState::view_plan(
    const sql::Statement& statement) const {
  SqlToRel binder(catalog_, functions_);
  return binder.plan_view(statement);
}

arrow::Result<ExecutionPlanPtr> SessionState::create_physical_plan(
    const std::shared_ptr<LogicalPlan>& plan,
    const std::vector<std::string>& excluded_workers) const {
  PhysicalPlanner planner;
  if (plan->kind() == LogicalPlanKind::kExplain) {
    const auto& explain = static_cast<const LogicalExplain&>(*plan);
    std::vector<std::pair<std::string, std::string>> rows;
    if (explain.verbose()) rows.emplace_back("logical_plan", DisplayLogicalPlan(explain.plan()));
    ARROW_ASSIGN_OR_RAISE(auto physical,
                          planner.create_physical_plan(explain.plan(), config_, *functions_));
    if (explain.verbose() || !distributed_) {
      rows.emplace_back("physical_plan", DisplayPlan(*physical));
    }
    if (distributed_) {
      ARROW_ASSIGN_OR_RAISE(auto urls, worker_resolver_->get_urls());
      ARROW_ASSIGN_OR_RAISE(auto dist, DistributedPlanner::plan(physical, urls, config_, codec_));
      rows.emplace_back("distributed_plan", DisplayDistributedPlan(dist));
    }
    return ExplainRows(rows);
  }
  ARROW_ASSIGN_OR_RAISE(auto physical, planner.create_physical_plan(plan, config_, *functions_));
  if (!distributed_) return physical;
  ARROW_ASSIGN_OR_RAISE(auto urls, worker_resolver_->get_urls());
  if (!excluded_workers.empty()) {
    std::erase_if(urls, [&](const std::string& url) {
      return std::find(excluded_workers.begin(), excluded_workers.end(), url) !=
             excluded_workers.end();
    });
    if (urls.empty()) {
      return arrow::Status::IOError("no workers left to run the query: every worker was lost");
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto dist, DistributedPlanner::plan(physical, urls, config_, codec_));
  if (!dist.distributed && config_.distributed_require_distribution) {
    return arrow::Status::Invalid("the query cannot be distributed: ", dist.reason,
                                  " (distributed.require_distribution is true)");
  }
  return dist.plan;
}

TaskContextPtr SessionState::task_context() const {
  auto ctx = std::make_shared<TaskContext>(config_, functions_, runtime_);
  ctx->set_extension<ChannelResolver>(channel_resolver_ ? channel_resolver_
                                                        : DefaultChannelResolver::Shared());
  if (codec_) ctx->set_extension<PhysicalExtensionCodec>(codec_);
  if (!distributed_headers_.empty()) {
    auto headers = std::make_shared<PassthroughHeaders>();
    headers->headers = distributed_headers_;
    ctx->set_extension<PassthroughHeaders>(headers);
  }
  return ctx;
}

}  // namespace quiver
