#include <quiver/proto/physical_plan_codec.h>
#include <quiver/proto/plan_node_registry.h>

#include <string_view>

namespace quiver {

const FunctionRegistry* PlanDecoder::functions() const { return codec_.functions_; }

arrow::Result<ExecutionPlanPtr> PlanDecoder::input(bool present,
                                                   const proto::PhysicalPlanNode& node,
                                                   const char* op) const {
  if (!present) return arrow::Status::Invalid("bad plan: ", op, " has no input");
  return codec_.from_proto(node, depth_ + 1);
}

arrow::Result<PhysicalExprPtr> PlanDecoder::expr(const proto::PhysicalExprNode& node,
                                                 const arrow::Schema* schema) const {
  // Expressions count their own depth (kMaxSerializedExpressionDepth), as the encoder does.
  return codec_.expr_from_proto(node, schema, 0);
}

arrow::Result<LexOrdering> PlanDecoder::ordering(
    const google::protobuf::RepeatedPtrField<proto::PhysicalSortExprNode>& nodes,
    const arrow::Schema& schema, const char* op) const {
  LexOrdering out;
  if (nodes.empty()) return arrow::Status::Invalid("bad plan: ", op, " without sort keys");
  for (const auto& s : nodes) {
    if (!s.has_expr()) return arrow::Status::Invalid("bad plan: ", op, " sort key missing");
    ARROW_ASSIGN_OR_RAISE(auto e, expr(s.expr(), &schema));
    out.push_back(PhysicalSortExpr{std::move(e), s.descending(), s.nulls_first()});
  }
  return out;
}

arrow::Result<std::vector<std::pair<PhysicalExprPtr, std::string>>> PlanDecoder::named(
    const google::protobuf::RepeatedPtrField<proto::NamedExpr>& nodes,
    const arrow::Schema& schema) const {
  std::vector<std::pair<PhysicalExprPtr, std::string>> out;
  for (const auto& n : nodes) {
    if (!n.has_expr()) {
      return arrow::Status::Invalid("bad plan: expression '", n.name(), "' missing");
    }
    ARROW_ASSIGN_OR_RAISE(auto e, expr(n.expr(), &schema));
    out.emplace_back(std::move(e), n.name());
  }
  return out;
}

arrow::Result<Partitioning> PlanDecoder::partitioning(const proto::PartitioningNode& node,
                                                      const arrow::Schema& schema) const {
  return codec_.partitioning_from_proto(node, schema);
}

const PlanNodeRegistry& PlanNodeRegistry::Builtin() {
  static const PlanNodeRegistry registry = [] {
    PlanNodeRegistry r;
    RegisterOperatorCodecs(&r);
    RegisterScanCodecs(&r);
    RegisterJoinCodecs(&r);
    return r;
  }();
  return registry;
}

const PlanNodeCodec* PlanNodeRegistry::find(const ExecutionPlan& node) const {
  auto it = by_type_.find(std::type_index(typeid(node)));
  return it == by_type_.end() ? nullptr : &entries_[it->second];
}

const PlanNodeCodec* PlanNodeRegistry::find(proto::PhysicalPlanNode::PlanCase plan_case) const {
  auto it = by_case_.find(static_cast<int>(plan_case));
  return it == by_case_.end() ? nullptr : &entries_[it->second];
}

arrow::Status BadPlan(const std::string& where, const arrow::Status& status) {
  std::string_view message = status.message();
  constexpr std::string_view kPrefix = "bad plan: ";
  if (message.substr(0, kPrefix.size()) == kPrefix) message.remove_prefix(kPrefix.size());
  // Operators name themselves in their errors ("UnionExec: column 0 ...").
  if (message.substr(0, where.size()) == where) {
    return arrow::Status::Invalid(kPrefix, message);
  }
  return arrow::Status::Invalid(kPrefix, where, ": ", message);
}

arrow::Result<std::optional<int64_t>> DecodeFetch(bool has, int64_t value, const char* node) {
  if (!has) return std::nullopt;
  if (value < 0) return arrow::Status::Invalid("bad plan: ", node, " fetch ", value);
  return value;
}

}  // namespace quiver
