#include <quiver/physical/optimizer/enforce_distribution.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/repartition/repartition_exec.h>
#include <quiver/physical/sort/sort_exec.h>
#include <quiver/physical/sort/sort_preserving_merge_exec.h>

namespace quiver {

bool OrderingSatisfies(const std::optional<LexOrdering>& actual, const LexOrdering& required) {
  if (required.empty()) return true;
  if (!actual || actual->size() < required.size()) return false;
  for (size_t i = 0; i < required.size(); ++i) {
    const auto& a = (*actual)[i];
    const auto& r = required[i];
    if (a.descending != r.descending || a.nulls_first != r.nulls_first ||
        !PhysicalExprEquals(*a.expr, *r.expr)) {
      return false;
    }
  }
  return true;
}

namespace {

ExecutionPlanPtr MergeToOne(ExecutionPlanPtr child, const std::optional<LexOrdering>& ordering) {
  if (ordering && OrderingSatisfies(child->output_ordering(), *ordering)) {
    return std::make_shared<SortPreservingMergeExec>(*ordering, std::move(child));
  }
  return std::make_shared<CoalescePartitionsExec>(std::move(child));
}

arrow::Result<ExecutionPlanPtr> Enforce(const ExecutionPlanPtr& node, const SessionConfig& config) {
  // A sort into one partition over many: sort each partition, merge the sorted runs.
  if (auto* sort = dynamic_cast<const SortExec*>(node.get())) {
    if (!sort->preserve_partitioning() && sort->input()->output_partition_count() > 1) {
      auto sorted = std::make_shared<SortExec>(sort->ordering(), sort->input(), sort->fetch(),
                                               /*preserve_partitioning=*/true);
      return std::make_shared<SortPreservingMergeExec>(sort->ordering(), std::move(sorted),
                                                       sort->fetch());
    }
    return node;
  }
  auto children = node->children();
  if (children.empty()) return node;
  const auto required = node->required_input_distribution();
  const auto orderings = node->required_input_ordering();
  if (required.size() != children.size() || orderings.size() != children.size()) {
    return arrow::Status::Invalid(node->name(), " declares ", required.size(),
                                  " input distributions and ", orderings.size(),
                                  " input orderings for ", children.size(), " children");
  }
  bool changed = false;
  std::vector<size_t> hashed;
  for (size_t i = 0; i < children.size(); ++i) {
    const Distribution& r = required[i];
    if (r.kind == Distribution::Kind::kHashPartitioned) hashed.push_back(i);
    if (r.satisfied_by(children[i]->output_partitioning())) continue;
    switch (r.kind) {
      case Distribution::Kind::kUnspecified:
        break;
      case Distribution::Kind::kSinglePartition:
      case Distribution::Kind::kBroadcast:
        children[i] = MergeToOne(children[i], orderings[i]);
        changed = true;
        break;
      case Distribution::Kind::kHashPartitioned:
        children[i] = std::make_shared<RepartitionExec>(
            children[i], Partitioning::Hash(r.exprs, config.target_partitions));
        changed = true;
        break;
    }
  }
  // Inputs joined partition by partition must have as many partitions each: bring any that
  // differ from target_partitions to it (one partition meets a hash requirement alone only).
  if (hashed.size() > 1) {
    bool equal = true;
    for (size_t i : hashed) {
      equal = equal && children[i]->output_partition_count() ==
                           children[hashed[0]]->output_partition_count();
    }
    if (!equal) {
      for (size_t i : hashed) {
        if (children[i]->output_partition_count() == config.target_partitions) continue;
        auto* repartition = dynamic_cast<const RepartitionExec*>(children[i].get());
        ExecutionPlanPtr input = repartition ? repartition->input() : children[i];
        children[i] = std::make_shared<RepartitionExec>(
            std::move(input), Partitioning::Hash(required[i].exprs, config.target_partitions));
        changed = true;
      }
    }
  }
  if (!changed) return node;
  return node->with_new_children(std::move(children));
}

}  // namespace

arrow::Result<ExecutionPlanPtr> EnforceDistribution::optimize(const ExecutionPlanPtr& plan,
                                                              const SessionConfig& config) const {
  return TransformPhysicalUp(plan,
                             [&](const ExecutionPlanPtr& node) { return Enforce(node, config); });
}

}  // namespace quiver
