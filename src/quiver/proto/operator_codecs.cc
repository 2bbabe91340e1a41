// The built-in operators on the wire: one encoder and one decoder per node type, registered in
// RegisterOperatorCodecs. Decoders never trust the message: every field is checked and the
// node's own Make validates types against the decoded inputs.
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/empty/empty_exec.h>
#include <quiver/physical/filter/filter_exec.h>
#include <quiver/physical/limit/global_limit_exec.h>
#include <quiver/physical/limit/local_limit_exec.h>
#include <quiver/physical/projection/projection_exec.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/repartition/repartition_exec.h>
#include <quiver/physical/sort/sort_exec.h>
#include <quiver/physical/sort/sort_preserving_merge_exec.h>
#include <quiver/proto/physical_plan_codec.h>
#include <quiver/proto/plan_node_registry.h>

namespace quiver {
namespace {

using Node = proto::PhysicalPlanNode;
using NamedExprs = std::vector<std::pair<PhysicalExprPtr, std::string>>;

arrow::Status OrderingToProto(
    const PhysicalPlanCodec& codec, const LexOrdering& ordering,
    google::protobuf::RepeatedPtrField<proto::PhysicalSortExprNode>* out) {
  for (const auto& s : ordering) {
    auto* n = out->Add();
    ARROW_RETURN_NOT_OK(codec.expr_to_proto(s.expr, n->mutable_expr()));
    n->set_descending(s.descending);
    n->set_nulls_first(s.nulls_first);
  }
  return arrow::Status::OK();
}

arrow::Status NamedToProto(const PhysicalPlanCodec& codec, const NamedExprs& exprs,
                           google::protobuf::RepeatedPtrField<proto::NamedExpr>* out) {
  for (const auto& [expr, name] : exprs) {
    auto* n = out->Add();
    ARROW_RETURN_NOT_OK(codec.expr_to_proto(expr, n->mutable_expr()));
    n->set_name(name);
  }
  return arrow::Status::OK();
}

// --- FilterExec

arrow::Status EncodeFilter(const PhysicalPlanCodec& codec, const ExecutionPlan& plan, Node* out) {
  const auto& p = static_cast<const FilterExec&>(plan);
  auto* n = out->mutable_filter();
  ARROW_RETURN_NOT_OK(codec.to_proto(p.input(), n->mutable_input()));
  return codec.expr_to_proto(p.predicate(), n->mutable_predicate());
}

arrow::Result<ExecutionPlanPtr> DecodeFilter(const PlanDecoder& d, const Node& node) {
  const auto& n = node.filter();
  ARROW_ASSIGN_OR_RAISE(auto in, d.input(n.has_input(), n.input(), "FilterExec"));
  if (!n.has_predicate()) return arrow::Status::Invalid("bad plan: FilterExec without predicate");
  ARROW_ASSIGN_OR_RAISE(auto predicate, d.expr(n.predicate(), in->schema().get()));
  ARROW_ASSIGN_OR_RAISE(auto type, predicate->data_type(*in->schema()));
  if (type->id() != arrow::Type::BOOL && type->id() != arrow::Type::NA) {
    return arrow::Status::Invalid("bad plan: FilterExec predicate is ", type->ToString(),
                                  ", not boolean");
  }
  auto made = FilterExec::Make(std::move(predicate), std::move(in));
  if (!made.ok()) return BadPlan("FilterExec", made.status());
  return *made;
}

// --- ProjectionExec

arrow::Status EncodeProjection(const PhysicalPlanCodec& codec, const ExecutionPlan& plan,
                               Node* out) {
  const auto& p = static_cast<const ProjectionExec&>(plan);
  auto* n = out->mutable_projection();
  ARROW_RETURN_NOT_OK(codec.to_proto(p.input(), n->mutable_input()));
  return NamedToProto(codec, p.exprs(), n->mutable_exprs());
}

arrow::Result<ExecutionPlanPtr> DecodeProjection(const PlanDecoder& d, const Node& node) {
  const auto& n = node.projection();
  ARROW_ASSIGN_OR_RAISE(auto in, d.input(n.has_input(), n.input(), "ProjectionExec"));
  ARROW_ASSIGN_OR_RAISE(auto exprs, d.named(n.exprs(), *in->schema()));
  auto made = ProjectionExec::Make(std::move(exprs), std::move(in));
  if (!made.ok()) return BadPlan("ProjectionExec", made.status());
  return *made;
}

// --- HashAggregateExec

arrow::Status EncodeHashAggregate(const PhysicalPlanCodec& codec, const ExecutionPlan& plan,
                                  Node* out) {
  const auto& p = static_cast<const HashAggregateExec&>(plan);
  auto* n = out->mutable_hash_aggregate();
  ARROW_RETURN_NOT_OK(codec.to_proto(p.input(), n->mutable_input()));
  switch (p.mode()) {
    case AggregateMode::kPartial:
      n->set_mode(proto::HashAggregateExecNode::PARTIAL);
      break;
    case AggregateMode::kFinal:
      n->set_mode(proto::HashAggregateExecNode::FINAL);
      break;
    case AggregateMode::kSingle:
      n->set_mode(proto::HashAggregateExecNode::SINGLE);
      break;
  }
  ARROW_RETURN_NOT_OK(NamedToProto(codec, p.group_by(), n->mutable_group_by()));
  for (const auto& agg : p.aggregates()) {
    auto* a = n->add_aggregates();
    if (!agg.fn) return arrow::Status::Invalid("aggregate '", agg.name, "' has no function");
    a->set_function(agg.fn->name());
    for (const auto& arg : agg.args) ARROW_RETURN_NOT_OK(codec.expr_to_proto(arg, a->add_args()));
    for (const auto& t : agg.arg_types) {
      ARROW_ASSIGN_OR_RAISE(auto bytes, SerializeDataType(t));
      a->add_arg_types()->set_ipc_schema(std::move(bytes));
    }
    a->set_distinct(agg.distinct);
    a->set_name(agg.name);
  }
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> DecodeHashAggregate(const PlanDecoder& d, const Node& node) {
  const auto& n = node.hash_aggregate();
  ARROW_ASSIGN_OR_RAISE(auto in, d.input(n.has_input(), n.input(), "HashAggregateExec"));
  AggregateMode mode;
  switch (n.mode()) {
    case proto::HashAggregateExecNode::PARTIAL:
      mode = AggregateMode::kPartial;
      break;
    case proto::HashAggregateExecNode::FINAL:
      mode = AggregateMode::kFinal;
      break;
    case proto::HashAggregateExecNode::SINGLE:
      mode = AggregateMode::kSingle;
      break;
    default:
      return arrow::Status::Invalid("bad plan: unknown aggregate mode ",
                                    static_cast<int>(n.mode()));
  }
  ARROW_ASSIGN_OR_RAISE(auto group_by, d.named(n.group_by(), *in->schema()));
  const FunctionRegistry* functions = d.functions();
  std::vector<AggregateExpr> aggregates;
  for (const auto& a : n.aggregates()) {
    AggregateExpr agg;
    if (!functions || !functions->has_aggregate(a.function())) {
      return arrow::Status::Invalid("bad plan: unknown aggregate function '", a.function(), "'");
    }
    ARROW_ASSIGN_OR_RAISE(agg.fn, functions->aggregate(a.function()));
    if (a.arg_types_size() != a.args_size()) {
      return arrow::Status::Invalid("bad plan: aggregate '", a.name(), "' has ", a.args_size(),
                                    " arguments but ", a.arg_types_size(), " argument types");
    }
    for (int i = 0; i < a.args_size(); ++i) {
      auto type = DeserializeDataType(a.arg_types(i).ipc_schema());
      if (!type.ok()) return BadPlan("aggregate " + a.name(), type.status());
      agg.arg_types.push_back(*type);
      if (mode == AggregateMode::kFinal) {
        // A final aggregate keeps the partial's arguments for display and types only; they
        // are bound to the partial's input, which this node does not see.
        ARROW_ASSIGN_OR_RAISE(auto arg, d.expr(a.args(i), nullptr));
        agg.args.push_back(std::move(arg));
      } else {
        ARROW_ASSIGN_OR_RAISE(auto arg, d.expr(a.args(i), in->schema().get()));
        ARROW_ASSIGN_OR_RAISE(auto arg_type, arg->data_type(*in->schema()));
        if (!arg_type->Equals(*agg.arg_types.back())) {
          return arrow::Status::Invalid("bad plan: aggregate '", a.name(), "' argument ", i, " is ",
                                        arg_type->ToString(), ", the plan says ",
                                        agg.arg_types.back()->ToString());
        }
        agg.args.push_back(std::move(arg));
      }
    }
    agg.distinct = a.distinct();
    agg.name = a.name();
    aggregates.push_back(std::move(agg));
  }
  auto made =
      HashAggregateExec::Make(mode, std::move(group_by), std::move(aggregates), std::move(in));
  if (!made.ok()) return BadPlan("HashAggregateExec", made.status());
  return *made;
}

// --- SortExec, SortPreservingMergeExec

arrow::Status EncodeSort(const PhysicalPlanCodec& codec, const ExecutionPlan& plan, Node* out) {
  const auto& p = static_cast<const SortExec&>(plan);
  auto* n = out->mutable_sort();
  ARROW_RETURN_NOT_OK(codec.to_proto(p.input(), n->mutable_input()));
  ARROW_RETURN_NOT_OK(OrderingToProto(codec, p.ordering(), n->mutable_ordering()));
  if (p.fetch()) n->set_fetch(*p.fetch());
  n->set_preserve_partitioning(p.preserve_partitioning());
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> DecodeSort(const PlanDecoder& d, const Node& node) {
  const auto& n = node.sort();
  ARROW_ASSIGN_OR_RAISE(auto in, d.input(n.has_input(), n.input(), "SortExec"));
  ARROW_ASSIGN_OR_RAISE(auto keys, d.ordering(n.ordering(), *in->schema(), "SortExec"));
  ARROW_ASSIGN_OR_RAISE(auto fetch, DecodeFetch(n.has_fetch(), n.fetch(), "SortExec"));
  return std::make_shared<SortExec>(std::move(keys), std::move(in), fetch,
                                    n.preserve_partitioning());
}

arrow::Status EncodeSortPreservingMerge(const PhysicalPlanCodec& codec, const ExecutionPlan& plan,
                                        Node* out) {
  const auto& p = static_cast<const SortPreservingMergeExec&>(plan);
  auto* n = out->mutable_sort_preserving_merge();
  ARROW_RETURN_NOT_OK(codec.to_proto(p.input(), n->mutable_input()));
  ARROW_RETURN_NOT_OK(OrderingToProto(codec, p.ordering(), n->mutable_ordering()));
  if (p.fetch()) n->set_fetch(*p.fetch());
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> DecodeSortPreservingMerge(const PlanDecoder& d, const Node& node) {
  const auto& n = node.sort_preserving_merge();
  ARROW_ASSIGN_OR_RAISE(auto in, d.input(n.has_input(), n.input(), "SortPreservingMergeExec"));
  ARROW_ASSIGN_OR_RAISE(auto keys,
                        d.ordering(n.ordering(), *in->schema(), "SortPreservingMergeExec"));
  ARROW_ASSIGN_OR_RAISE(auto fetch,
                        DecodeFetch(n.has_fetch(), n.fetch(), "SortPreservingMergeExec"));
  return std::make_shared<SortPreservingMergeExec>(std::move(keys), std::move(in), fetch);
}

// --- LocalLimitExec, GlobalLimitExec

arrow::Status EncodeLocalLimit(const PhysicalPlanCodec& codec, const ExecutionPlan& plan,
                               Node* out) {
  const auto& p = static_cast<const LocalLimitExec&>(plan);
  auto* n = out->mutable_local_limit();
  ARROW_RETURN_NOT_OK(codec.to_proto(p.input(), n->mutable_input()));
  n->set_fetch(p.fetch());
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> DecodeLocalLimit(const PlanDecoder& d, const Node& node) {
  const auto& n = node.local_limit();
  ARROW_ASSIGN_OR_RAISE(auto in, d.input(n.has_input(), n.input(), "LocalLimitExec"));
  if (n.fetch() < 0) return arrow::Status::Invalid("bad plan: LocalLimitExec fetch ", n.fetch());
  return std::make_shared<LocalLimitExec>(std::move(in), n.fetch());
}

arrow::Status EncodeGlobalLimit(const PhysicalPlanCodec& codec, const ExecutionPlan& plan,
                                Node* out) {
  const auto& p = static_cast<const GlobalLimitExec&>(plan);
  auto* n = out->mutable_global_limit();
  ARROW_RETURN_NOT_OK(codec.to_proto(p.input(), n->mutable_input()));
  n->set_skip(p.skip());
  if (p.fetch()) n->set_fetch(*p.fetch());
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> DecodeGlobalLimit(const PlanDecoder& d, const Node& node) {
  const auto& n = node.global_limit();
  ARROW_ASSIGN_OR_RAISE(auto in, d.input(n.has_input(), n.input(), "GlobalLimitExec"));
  if (n.skip() < 0) return arrow::Status::Invalid("bad plan: GlobalLimitExec skip ", n.skip());
  ARROW_ASSIGN_OR_RAISE(auto fetch, DecodeFetch(n.has_fetch(), n.fetch(), "GlobalLimitExec"));
  if (in->output_partition_count() != 1) {
    return arrow::Status::Invalid("bad plan: GlobalLimitExec input has ",
                                  in->output_partition_count(), " partitions, expected 1");
  }
  return std::make_shared<GlobalLimitExec>(std::move(in), n.skip(), fetch);
}

// --- RepartitionExec, CoalescePartitionsExec

arrow::Status EncodeRepartition(const PhysicalPlanCodec& codec, const ExecutionPlan& plan,
                                Node* out) {
  const auto& p = static_cast<const RepartitionExec&>(plan);
  auto* n = out->mutable_repartition();
  ARROW_RETURN_NOT_OK(codec.to_proto(p.input(), n->mutable_input()));
  return codec.partitioning_to_proto(p.partitioning(), n->mutable_partitioning());
}

arrow::Result<ExecutionPlanPtr> DecodeRepartition(const PlanDecoder& d, const Node& node) {
  const auto& n = node.repartition();
  ARROW_ASSIGN_OR_RAISE(auto in, d.input(n.has_input(), n.input(), "RepartitionExec"));
  if (!n.has_partitioning()) {
    return arrow::Status::Invalid("bad plan: RepartitionExec without partitioning");
  }
  ARROW_ASSIGN_OR_RAISE(auto partitioning, d.partitioning(n.partitioning(), *in->schema()));
  if (partitioning.kind == Partitioning::Kind::kUnknown) {
    return arrow::Status::Invalid("bad plan: RepartitionExec needs hash or round-robin");
  }
  return std::make_shared<RepartitionExec>(std::move(in), std::move(partitioning));
}

arrow::Status EncodeCoalesce(const PhysicalPlanCodec& codec, const ExecutionPlan& plan, Node* out) {
  const auto& p = static_cast<const CoalescePartitionsExec&>(plan);
  auto* n = out->mutable_coalesce_partitions();
  ARROW_RETURN_NOT_OK(codec.to_proto(p.input(), n->mutable_input()));
  if (p.fetch()) n->set_fetch(*p.fetch());
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> DecodeCoalesce(const PlanDecoder& d, const Node& node) {
  const auto& n = node.coalesce_partitions();
  ARROW_ASSIGN_OR_RAISE(auto in, d.input(n.has_input(), n.input(), "CoalescePartitionsExec"));
  ARROW_ASSIGN_OR_RAISE(auto fetch,
                        DecodeFetch(n.has_fetch(), n.fetch(), "CoalescePartitionsExec"));
  return std::make_shared<CoalescePartitionsExec>(std::move(in), fetch);
}

// --- EmptyExec

arrow::Status EncodeEmpty(const PhysicalPlanCodec&, const ExecutionPlan& plan, Node* out) {
  const auto& p = static_cast<const EmptyExec&>(plan);
  auto* n = out->mutable_empty();
  ARROW_ASSIGN_OR_RAISE(auto schema, SerializeSchemaBytes(*p.schema()));
  n->set_schema(std::move(schema));
  n->set_produce_one_row(p.produce_one_row());
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> DecodeEmpty(const PlanDecoder&, const Node& node) {
  auto schema = DeserializeSchemaBytes(node.empty().schema());
  if (!schema.ok()) return BadPlan("EmptyExec", schema.status());
  return std::make_shared<EmptyExec>(*schema, node.empty().produce_one_row());
}

}  // namespace

void RegisterOperatorCodecs(PlanNodeRegistry* r) {
  r->add<FilterExec>(Node::kFilter, EncodeFilter, DecodeFilter);
  r->add<ProjectionExec>(Node::kProjection, EncodeProjection, DecodeProjection);
  r->add<HashAggregateExec>(Node::kHashAggregate, EncodeHashAggregate, DecodeHashAggregate);
  r->add<SortExec>(Node::kSort, EncodeSort, DecodeSort);
  r->add<SortPreservingMergeExec>(Node::kSortPreservingMerge, EncodeSortPreservingMerge,
                                  DecodeSortPreservingMerge);
  r->add<LocalLimitExec>(Node::kLocalLimit, EncodeLocalLimit, DecodeLocalLimit);
  r->add<GlobalLimitExec>(Node::kGlobalLimit, EncodeGlobalLimit, DecodeGlobalLimit);
  r->add<RepartitionExec>(Node::kRepartition, EncodeRepartition, DecodeRepartition);
  r->add<CoalescePartitionsExec>(Node::kCoalescePartitions, EncodeCoalesce, DecodeCoalesce);
  r->add<EmptyExec>(Node::kEmpty, EncodeEmpty, DecodeEmpty);
}

}  // namespace quiver
