#include <quiver/distributed/distributed_codec.h>
#include <quiver/distributed/distributed_planner.h>
#include <quiver/distributed/network_coalesce_exec.h>
#include <quiver/distributed/network_shuffle_exec.h>
#include <quiver/distributed/scan_slicing.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/repartition/repartition_exec.h>
#include <quiver/physical/sort/sort_preserving_merge_exec.h>
#include <quiver/proto/physical_plan_codec.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <sstream>

namespace quiver {
namespace {

bool IsNetworkNode(const ExecutionPlanPtr& plan) {
  return dynamic_cast<const NetworkShuffleExec*>(plan.get()) != nullptr ||
         dynamic_cast<const NetworkCoalesceExec*>(plan.get()) != nullptr;
}

bool HasNetworkNode(const ExecutionPlanPtr& plan) {
  if (IsNetworkNode(plan)) return true;
  for (const auto& child : plan->children()) {
    if (HasNetworkNode(child)) return true;
  }
  return false;
}

// Every hash RepartitionExec is wrapped in a local NetworkShuffleExec.
arrow::Result<ExecutionPlanPtr> WrapShuffles(const ExecutionPlanPtr& plan) {
  auto children = plan->children();
  bool changed = false;
  for (auto& child : children) {
    ARROW_ASSIGN_OR_RAISE(auto rewritten, WrapShuffles(child));
    changed |= rewritten != child;
    child = std::move(rewritten);
  }
  ExecutionPlanPtr out = plan;
  if (changed) {
    ARROW_ASSIGN_OR_RAISE(out, plan->with_new_children(std::move(children)));
  }
  auto* repartition = dynamic_cast<const RepartitionExec*>(out.get());
  if (repartition && repartition->partitioning().kind == Partitioning::Kind::kHash) {
    ARROW_ASSIGN_OR_RAISE(auto shuffle, NetworkShuffleExec::Make(out));
    return shuffle;
  }
  return out;
}

// Below the first CoalescePartitionsExec / SortPreservingMergeExec on the single-partition
// chain from the root, the child is wrapped in a local NetworkCoalesceExec.
arrow::Result<ExecutionPlanPtr> WrapTopCoalesce(const ExecutionPlanPtr& plan) {
  bool merges = dynamic_cast<const CoalescePartitionsExec*>(plan.get()) != nullptr ||
                dynamic_cast<const SortPreservingMergeExec*>(plan.get()) != nullptr;
  auto children = plan->children();
  if (merges && children.size() == 1) {
    if (IsNetworkNode(children[0])) return plan;
    return plan->with_new_children({NetworkCoalesceExec::Make(children[0])});
  }
  if (children.size() != 1 || plan->output_partition_count() != 1 || IsNetworkNode(plan)) {
    return plan;
  }
  ARROW_ASSIGN_OR_RAISE(auto child, WrapTopCoalesce(children[0]));
  if (child == children[0]) return plan;
  return plan->with_new_children({child});
}

struct StageShape {
  bool reads_stage = false;
  bool opaque_leaf = false;  // a leaf that cannot be split: the stage runs as one task
  int scan_leaves = 0;
  int min_units = 0;
};

void Inspect(const ExecutionPlanPtr& plan, StageShape* shape) {
  if (IsNetworkNode(plan)) {
    shape->reads_stage = true;
    return;
  }
  auto children = plan->children();
  if (children.empty()) {
    auto units = LeafScanUnits(plan);
    if (!units) {
      shape->opaque_leaf = true;
    } else {
      shape->min_units = shape->scan_leaves == 0 ? *units : std::min(shape->min_units, *units);
      ++shape->scan_leaves;
    }
    return;
  }
  for (const auto& child : children) Inspect(child, shape);
}

class StageAssigner {
 public:
  StageAssigner(std::vector<std::string> workers, std::string query_id,
                std::shared_ptr<PhysicalExtensionCodec> codec)
      : workers_(std::move(workers)), query_id_(std::move(query_id)), codec_(std::move(codec)) {}

  // Rewrites the network nodes of the stage rooted at `plan`, run by `tasks` tasks.
  arrow::Result<ExecutionPlanPtr> assign(const ExecutionPlanPtr& plan, int tasks) {
    if (auto* shuffle = dynamic_cast<const NetworkShuffleExec*>(plan.get())) {
      ARROW_ASSIGN_OR_RAISE(auto stage, child_stage(shuffle->stage().plan));
      auto* repartition = dynamic_cast<const RepartitionExec*>(stage.plan.get());
      if (!repartition) {
        return arrow::Status::Invalid("a shuffle stage must end in a RepartitionExec");
      }
      // The producer fans out to every consumer task: P partitions for each.
      auto partitioning = repartition->partitioning();
      partitioning.partition_count *= tasks;
      stage.plan = std::make_shared<RepartitionExec>(repartition->input(), partitioning);
      ARROW_RETURN_NOT_OK(check_serializable(stage));
      return shuffle->with_stage(std::move(stage));
    }
    if (auto* coalesce = dynamic_cast<const NetworkCoalesceExec*>(plan.get())) {
      ARROW_ASSIGN_OR_RAISE(auto stage, child_stage(coalesce->stage().plan));
      ARROW_RETURN_NOT_OK(check_serializable(stage));
      int per_task = stage.plan->output_partition_count();
      return std::make_shared<NetworkCoalesceExec>(std::move(stage), per_task, plan->schema());
    }
    auto children = plan->children();
    bool changed = false;
    for (auto& child : children) {
      ARROW_ASSIGN_OR_RAISE(auto rewritten, assign(child, tasks));
      changed |= rewritten != child;
      child = std::move(rewritten);
    }
    if (!changed) return plan;
    return plan->with_new_children(std::move(children));
  }

 private:
  arrow::Result<Stage> child_stage(const ExecutionPlanPtr& stage_plan) {
    Stage stage;
    stage.query_id = query_id_;
    stage.stage_id = next_stage_id_++;
    StageShape shape;
    Inspect(stage_plan, &shape);
    const int workers = static_cast<int>(workers_.size());
    int tasks = 1;
    if (shape.opaque_leaf) {
      tasks = 1;
    } else if (shape.reads_stage && shape.scan_leaves > 0) {
      return arrow::Status::NotImplemented("stage ", stage.stage_id,
                                           " both scans tables and reads other stages");
    } else if (shape.reads_stage) {
      tasks = workers;
    } else if (shape.scan_leaves > 0) {
      tasks = std::max(1, std::min(workers, shape.min_units));
    }
    for (int t = 0; t < tasks; ++t) stage.task_urls.push_back(workers_[(rotation_ + t) % workers]);
    rotation_ = (rotation_ + 1) % workers;
    ARROW_ASSIGN_OR_RAISE(stage.plan, assign(stage_plan, tasks));
    return stage;
  }

  arrow::Status check_serializable(const Stage& stage) {
    DistributedCodec codec(codec_);
    auto bytes = SerializePlan(stage.plan, &codec);
    if (!bytes.ok()) {
      return arrow::Status::NotImplemented(
          "stage ", stage.stage_id, " cannot be sent to workers: ", bytes.status().message());
    }
    return arrow::Status::OK();
  }

  std::vector<std::string> workers_;
  std::string query_id_;
  std::shared_ptr<PhysicalExtensionCodec> codec_;
  int next_stage_id_ = 1;
  int rotation_ = 0;
};

DistributedPlan NotDistributed(const ExecutionPlanPtr& plan, std::string reason) {
  DistributedPlan out;
  out.plan = plan;
  out.reason = std::move(reason);
  return out;
}

}  // namespace

std::string NewQueryId() {
  static thread_local std::mt19937_64 rng(std::random_device{}() ^
                                          (static_cast<uint64_t>(std::random_device{}()) << 32));
  char buf[33];
  std::snprintf(buf, sizeof(buf), "%016llx%016llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  return buf;
}

arrow::Result<ExecutionPlanPtr> DistributedPlanner::insert_boundaries(
    const ExecutionPlanPtr& plan) {
  ARROW_ASSIGN_OR_RAISE(auto with_shuffles, WrapShuffles(plan));
  return WrapTopCoalesce(with_shuffles);
}

arrow::Result<DistributedPlan> DistributedPlanner::plan(
    const ExecutionPlanPtr& plan, const std::vector<std::string>& worker_urls,
    const SessionConfig& config, std::shared_ptr<PhysicalExtensionCodec> codec) {
  if (!plan) return arrow::Status::Invalid("no plan to distribute");
  if (worker_urls.empty()) return NotDistributed(plan, "no workers");
  if (HasNetworkNode(plan)) return NotDistributed(plan, "the plan is already distributed");
  ARROW_ASSIGN_OR_RAISE(auto local, insert_boundaries(plan));
  if (!HasNetworkNode(local)) {
    return NotDistributed(plan,
                          "no repartition point (no hash repartition, nor a coalesce or merge "
                          "at the top of the plan)");
  }
  DistributedPlan out;
  out.query_id = NewQueryId();
  StageAssigner assigner(worker_urls, out.query_id, std::move(codec));
  auto head = assigner.assign(local, 1);
  if (!head.ok()) {
    if (head.status().IsNotImplemented() || head.status().IsInvalid()) {
      return NotDistributed(plan, head.status().message());
    }
    return head.status();
  }
  out.plan = *head;
  out.distributed = true;
  return out;
}

// ---------------------------------------------------------------------------------------------
// EXPLAIN

namespace {

void DisplayStage(const std::string& title, const std::vector<std::string>& details,
                  const ExecutionPlanPtr& plan, const std::string& margin, std::ostringstream& out);

void DisplayNodes(const ExecutionPlanPtr& plan, int depth, const std::string& margin,
                  std::vector<const Stage*>* child_stages, std::ostringstream& out) {
  out << margin << "│ " << std::string(2 * depth, ' ') << plan->to_string() << "\n";
  if (auto* shuffle = dynamic_cast<const NetworkShuffleExec*>(plan.get())) {
    if (shuffle->stage().is_remote()) {
      child_stages->push_back(&shuffle->stage());
      return;
    }
  }
  if (auto* coalesce = dynamic_cast<const NetworkCoalesceExec*>(plan.get())) {
    if (coalesce->stage().is_remote()) {
      child_stages->push_back(&coalesce->stage());
      return;
    }
  }
  for (const auto& child : plan->children()) {
    DisplayNodes(child, depth + 1, margin, child_stages, out);
  }
}

void DisplayStage(const std::string& title, const std::vector<std::string>& details,
                  const ExecutionPlanPtr& plan, const std::string& margin,
                  std::ostringstream& out) {
  out << margin << "┌── " << title << "\n";
  for (const auto& d : details) out << margin << "│ " << d << "\n";
  std::vector<const Stage*> children;
  DisplayNodes(plan, 0, margin, &children, out);
  out << margin << "└──\n";
  for (const Stage* stage : children) {
    std::ostringstream t;
    t << "Stage " << stage->stage_id << " (" << stage->task_count()
      << (stage->task_count() == 1 ? " task" : " tasks") << ", "
      << stage->plan->output_partition_count() << " partitions per task)";
    std::vector<std::string> tasks;
    for (int i = 0; i < stage->task_count(); ++i) {
      tasks.push_back("task " + std::to_string(i) + " → " + stage->task_urls[i]);
    }
    DisplayStage(t.str(), tasks, stage->plan, margin + "  ", out);
  }
}

}  // namespace

std::string DisplayDistributedPlan(const ExecutionPlanPtr& plan) {
  std::ostringstream out;
  DisplayStage("Stage 0 (coordinator, 1 task)", {}, plan, "", out);
  return out.str();
}

std::string DisplayDistributedPlan(const DistributedPlan& plan) {
  if (!plan.distributed) return "not distributed: " + plan.reason + "\n";
  return "query " + plan.query_id + "\n" + DisplayDistributedPlan(plan.plan);
}

}  // namespace quiver
