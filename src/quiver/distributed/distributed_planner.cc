#include <quiver/distributed/broadcast_exec.h>
#include <quiver/distributed/distributed_codec.h>
#include <quiver/distributed/distributed_exec.h>
#include <quiver/distributed/distributed_planner.h>
#include <quiver/distributed/network_broadcast_exec.h>
#include <quiver/distributed/network_coalesce_exec.h>
#include <quiver/distributed/network_shuffle_exec.h>
#include <quiver/distributed/scan_slicing.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/repartition/repartition_exec.h>
#include <quiver/physical/sort/sort_preserving_merge_exec.h>
#include <quiver/proto/physical_plan_codec.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <sstream>

namespace quiver {
namespace {

bool IsMerge(const ExecutionPlanPtr& plan) {
  return dynamic_cast<const CoalescePartitionsExec*>(plan.get()) != nullptr ||
         dynamic_cast<const SortPreservingMergeExec*>(plan.get()) != nullptr;
}

bool HasNetworkNode(const ExecutionPlanPtr& plan) {
  if (AsNetworkBoundary(plan) || dynamic_cast<const DistributedExec*>(plan.get())) return true;
  for (const auto& child : plan->children()) {
    if (HasNetworkNode(child)) return true;
  }
  return false;
}

arrow::Result<ExecutionPlanPtr> WithChildren(const ExecutionPlanPtr& plan,
                                             std::vector<ExecutionPlanPtr> children, bool changed) {
  if (!changed) return plan;
  return plan->with_new_children(std::move(children));
}

// Every input that must be broadcast gets a CoalescePartitionsExec (a no-op over one
// partition) so that it becomes a broadcast boundary: otherwise each task of the consumer
// would read only its own slice of a build side that had one partition.
arrow::Result<ExecutionPlanPtr> MarkBroadcasts(const ExecutionPlanPtr& plan) {
  auto children = plan->children();
  const auto required = plan->required_input_distribution();
  bool changed = false;
  for (size_t i = 0; i < children.size(); ++i) {
    ARROW_ASSIGN_OR_RAISE(auto child, MarkBroadcasts(children[i]));
    if (i < required.size() && required[i].kind == Distribution::Kind::kBroadcast &&
        !dynamic_cast<const CoalescePartitionsExec*>(child.get())) {
      child = std::make_shared<CoalescePartitionsExec>(std::move(child));
    }
    changed = changed || child != children[i];
    children[i] = std::move(child);
  }
  return WithChildren(plan, std::move(children), changed);
}

// Network boundaries in local form at every exchange. `required` is what the parent asks of
// this node.
arrow::Result<ExecutionPlanPtr> InsertBoundaries(const ExecutionPlanPtr& plan,
                                                 Distribution::Kind required) {
  auto children = plan->children();
  const auto requirements = plan->required_input_distribution();
  bool changed = false;
  for (size_t i = 0; i < children.size(); ++i) {
    auto kind = i < requirements.size() ? requirements[i].kind : Distribution::Kind::kUnspecified;
    ARROW_ASSIGN_OR_RAISE(auto child, InsertBoundaries(children[i], kind));
    changed = changed || child != children[i];
    children[i] = std::move(child);
  }
  ARROW_ASSIGN_OR_RAISE(auto node, WithChildren(plan, std::move(children), changed));
  if (auto* repartition = dynamic_cast<const RepartitionExec*>(node.get())) {
    if (repartition->partitioning().kind == Partitioning::Kind::kHash) {
      ARROW_ASSIGN_OR_RAISE(auto shuffle, NetworkShuffleExec::Make(node));
      return shuffle;
    }
  }
  if (IsMerge(node)) {
    auto input = node->children()[0];
    if (AsNetworkBoundary(input)) return node;
    const bool broadcast = required == Distribution::Kind::kBroadcast &&
                           dynamic_cast<const CoalescePartitionsExec*>(node.get());
    ExecutionPlanPtr boundary;
    if (broadcast) {
      boundary = NetworkBroadcastExec::Make(std::move(input));
    } else {
      boundary = NetworkCoalesceExec::Make(std::move(input));
    }
    return node->with_new_children({std::move(boundary)});
  }
  return node;
}

const char* BoundaryName(NetworkBoundaryExec::Kind kind) {
  switch (kind) {
    case NetworkBoundaryExec::Kind::kShuffle:
      return "shuffle";
    case NetworkBoundaryExec::Kind::kCoalesce:
      return "coalesce";
    case NetworkBoundaryExec::Kind::kBroadcast:
      return "broadcast";
  }
  return "?";
}

/// One stage while it is being planned.
struct StageInfo {
  int id = 0;
  ExecutionPlanPtr plan;  // local form
  NetworkBoundaryExec::Kind kind = NetworkBoundaryExec::Kind::kCoalesce;
  std::map<const ExecutionPlan*, std::unique_ptr<StageInfo>> children;  // by boundary node
  int desired = 1;
  bool single = false;  // must run as one task
  std::string single_reason;
  int tasks = 1;
};

class StagePlanner {
 public:
  StagePlanner(std::vector<std::string> workers, const SessionConfig& config,
               std::shared_ptr<PhysicalExtensionCodec> codec)
      : workers_(std::move(workers)), config_(config), codec_(std::move(codec)) {}

  // Finds the stages under `stage.plan` and their task counts (children first).
  void collect(StageInfo& stage) { visit(stage.plan, stage); }

  // Rewrites `stage` (already given its task count) and its children into remote form.
  arrow::Result<ExecutionPlanPtr> finalize(StageInfo& stage) { return rewrite(stage.plan, stage); }

  std::vector<StagePlan> take_stages() {
    std::sort(stages_.begin(), stages_.end(),
              [](const StagePlan& a, const StagePlan& b) { return a.stage_id < b.stage_id; });
    return std::move(stages_);
  }

  std::string query_id = NewQueryId();

 private:
  void force_single(StageInfo& stage, std::string reason) {
    if (!stage.single) stage.single_reason = std::move(reason);
    stage.single = true;
  }

  void visit(const ExecutionPlanPtr& node, StageInfo& stage) {
    if (auto* boundary = AsNetworkBoundary(node)) {
      auto child = std::make_unique<StageInfo>();
      child->id = next_id_++;
      child->plan = boundary->stage().plan;
      child->kind = boundary->boundary_kind();
      collect(*child);
      const int workers = static_cast<int>(workers_.size());
      child->tasks = child->single ? 1 : std::max(1, std::min(child->desired, workers));
      switch (child->kind) {
        case NetworkBoundaryExec::Kind::kShuffle:
          // A shuffle's consumers have as much to do as its producers.
          stage.desired = std::max(stage.desired, child->tasks);
          break;
        case NetworkBoundaryExec::Kind::kCoalesce:
          force_single(stage, "it merges all of stage " + std::to_string(child->id));
          break;
        case NetworkBoundaryExec::Kind::kBroadcast:
          break;
      }
      stage.children.emplace(node.get(), std::move(child));
      return;
    }
    auto children = node->children();
    if (children.empty()) {
      auto units = LeafScanUnits(node);
      if (!units) {
        force_single(stage, std::string(node->name()) + " cannot be split between tasks");
        return;
      }
      auto stats = node->statistics();
      int desired = 1;
      if (stats.total_byte_size) {
        const int64_t per_task = std::max<int64_t>(1, config_.distributed_bytes_per_task);
        desired = static_cast<int>(std::min<int64_t>(
            (*stats.total_byte_size + per_task - 1) / per_task, static_cast<int64_t>(1) << 20));
      }
      desired = std::max(1, std::min(desired, *units));
      stage.desired = std::max(stage.desired, desired);
      return;
    }
    const auto required = node->required_input_distribution();
    for (size_t i = 0; i < children.size(); ++i) {
      const auto kind = i < required.size() ? required[i].kind : Distribution::Kind::kUnspecified;
      // Met within the stage only because the input has one partition: true of one task only.
      if (kind == Distribution::Kind::kSinglePartition) {
        force_single(stage, std::string(node->name()) + " needs all rows in one partition");
      } else if (kind == Distribution::Kind::kHashPartitioned &&
                 children[i]->output_partitioning().kind != Partitioning::Kind::kHash) {
        force_single(stage, std::string(node->name()) + " needs its input in one partition");
      }
      visit(children[i], stage);
    }
  }

  arrow::Result<ExecutionPlanPtr> rewrite(const ExecutionPlanPtr& node, StageInfo& stage) {
    if (auto* boundary = AsNetworkBoundary(node)) {
      auto it = stage.children.find(node.get());
      if (it == stage.children.end()) {
        return arrow::Status::Invalid("distributed planner lost the stage under ", node->name());
      }
      StageInfo& child = *it->second;
      ARROW_ASSIGN_OR_RAISE(auto producer, rewrite(child.plan, child));
      // The producer's head serves every consumer task.
      if (child.kind == NetworkBoundaryExec::Kind::kShuffle) {
        auto* repartition = dynamic_cast<const RepartitionExec*>(producer.get());
        if (!repartition) {
          return arrow::Status::Invalid("a shuffle stage must end in a RepartitionExec");
        }
        auto partitioning = repartition->partitioning();
        partitioning.partition_count *= stage.tasks;
        producer = std::make_shared<RepartitionExec>(repartition->input(), partitioning);
      } else if (child.kind == NetworkBoundaryExec::Kind::kBroadcast) {
        producer = std::make_shared<BroadcastExec>(producer, stage.tasks);
      }
      Stage remote;
      remote.query_id = query_id;
      remote.stage_id = child.id;
      for (int t = 0; t < child.tasks; ++t) {
        remote.task_urls.push_back(workers_[(rotation_ + t) % workers_.size()]);
      }
      rotation_ = (rotation_ + 1) % workers_.size();
      remote.plan = producer;
      remote.partitions_per_task = producer->output_partition_count();
      DistributedCodec codec(codec_);
      auto bytes = SerializePlan(producer, &codec);
      if (!bytes.ok()) {
        return arrow::Status::NotImplemented(
            "stage ", child.id, " cannot be sent to workers: ", bytes.status().message());
      }
      StagePlan plan;
      plan.stage_id = child.id;
      plan.task_urls = remote.task_urls;
      plan.plan = producer;
      plan.bytes = std::make_shared<const std::string>(std::move(*bytes));
      plan.boundary = BoundaryName(child.kind);
      stages_.push_back(std::move(plan));
      return boundary->with_stage(std::move(remote));
    }
    auto children = node->children();
    bool changed = false;
    for (auto& c : children) {
      ARROW_ASSIGN_OR_RAISE(auto rewritten, rewrite(c, stage));
      changed = changed || rewritten != c;
      c = std::move(rewritten);
    }
    return WithChildren(node, std::move(children), changed);
  }

  std::vector<std::string> workers_;
  const SessionConfig& config_;
  std::shared_ptr<PhysicalExtensionCodec> codec_;
  int next_id_ = 1;
  size_t rotation_ = 0;
  std::vector<StagePlan> stages_;
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
  ExecutionPlanPtr root = plan;
  // The head stage only merges: a plan with several partitions is gathered on top.
  if (root->output_partition_count() > 1) {
    root = std::make_shared<CoalescePartitionsExec>(std::move(root));
  }
  ARROW_ASSIGN_OR_RAISE(root, MarkBroadcasts(root));
  return InsertBoundaries(root, Distribution::Kind::kSinglePartition);
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
                          "the plan has one partition and no exchange (repartition, coalesce "
                          "or merge) to cut it at");
  }
  StagePlanner planner(worker_urls, config, std::move(codec));
  StageInfo head;
  head.plan = local;
  planner.collect(head);
  head.tasks = 1;  // the coordinator runs the head stage
  auto rewritten = planner.finalize(head);
  if (!rewritten.ok()) {
    if (rewritten.status().IsNotImplemented()) {
      return NotDistributed(plan, rewritten.status().message());
    }
    return rewritten.status();
  }
  DistributedPlan out;
  out.query_id = planner.query_id;
  out.plan = std::make_shared<DistributedExec>(*rewritten, out.query_id, planner.take_stages());
  out.distributed = true;
  return out;
}

// ---------------------------------------------------------------------------------------------
// EXPLAIN

namespace {

void DisplayStage(const std::string& title, const std::vector<std::string>& details,
                  const ExecutionPlanPtr& plan, const std::string& margin,
                  const std::map<int, const StagePlan*>& stages, std::ostringstream& out);

void DisplayNodes(const ExecutionPlanPtr& plan, int depth, const std::string& margin,
                  std::vector<const NetworkBoundaryExec*>* child_stages, std::ostringstream& out) {
  out << margin << "│ " << std::string(2 * depth, ' ') << plan->to_string() << "\n";
  if (auto* boundary = AsNetworkBoundary(plan)) {
    if (boundary->stage().is_remote()) {
      child_stages->push_back(boundary);
      return;
    }
  }
  for (const auto& child : plan->children()) {
    DisplayNodes(child, depth + 1, margin, child_stages, out);
  }
}

void DisplayStage(const std::string& title, const std::vector<std::string>& details,
                  const ExecutionPlanPtr& plan, const std::string& margin,
                  const std::map<int, const StagePlan*>& stages, std::ostringstream& out) {
  out << margin << "┌── " << title << "\n";
  for (const auto& d : details) out << margin << "│ " << d << "\n";
  std::vector<const NetworkBoundaryExec*> children;
  DisplayNodes(plan, 0, margin, &children, out);
  out << margin << "└──\n";
  for (const NetworkBoundaryExec* boundary : children) {
    const Stage& stage = boundary->stage();
    std::ostringstream t;
    t << "Stage " << stage.stage_id << " (" << BoundaryName(boundary->boundary_kind()) << ", "
      << stage.task_count() << (stage.task_count() == 1 ? " task" : " tasks") << ", "
      << stage.partitions_per_task << " partitions per task)";
    std::vector<std::string> tasks;
    for (int i = 0; i < stage.task_count(); ++i) {
      tasks.push_back("task " + std::to_string(i) + " → " + stage.task_urls[i]);
    }
    if (stage.plan) {
      DisplayStage(t.str(), tasks, stage.plan, margin + "  ", stages, out);
    } else {
      out << margin << "  ┌── " << t.str() << " (plan on the workers)\n" << margin << "  └──\n";
    }
  }
}

}  // namespace

std::string DisplayDistributedPlan(const ExecutionPlanPtr& plan) {
  std::ostringstream out;
  std::map<int, const StagePlan*> stages;
  ExecutionPlanPtr head = plan;
  if (auto* root = dynamic_cast<const DistributedExec*>(plan.get())) {
    for (const auto& s : root->stages()) stages[s.stage_id] = &s;
    head = root->head();
  }
  DisplayStage("Stage 0 (coordinator, 1 task)", {}, head, "", stages, out);
  return out.str();
}

std::string DisplayDistributedPlan(const DistributedPlan& plan) {
  if (!plan.distributed) return "not distributed: " + plan.reason + "\n";
  return "query " + plan.query_id + "\n" + DisplayDistributedPlan(plan.plan);
}

}  // namespace quiver
