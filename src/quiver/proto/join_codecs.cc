// Joins, unions and the scalar subquery's single row on the wire: one encoder and one decoder
// per node type, registered in RegisterJoinCodecs. Decoders never trust the message: enums,
// inputs, keys and filters are checked here, and the operators' own Make validates the rest
// (key types, filter fit, null-aware rules); whatever they reject is Invalid "bad plan: ...".
#include <quiver/physical/expressions/dynamic_filter_expr.h>
#include <quiver/physical/joins/cross_join_exec.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/joins/join_on.h>
#include <quiver/physical/joins/nested_loop_join_exec.h>
#include <quiver/physical/limit/max_one_row_exec.h>
#include <quiver/physical/union/union_exec.h>
#include <quiver/proto/physical_plan_codec.h>
#include <quiver/proto/plan_node_registry.h>

#include <string>
#include <utility>
#include <vector>

namespace quiver {
namespace {

using Node = proto::PhysicalPlanNode;

// --- Enums

proto::JoinType JoinTypeToProto(JoinType type) {
  switch (type) {
    case JoinType::kInner:
      return proto::JOIN_TYPE_INNER;
    case JoinType::kLeft:
      return proto::JOIN_TYPE_LEFT;
    case JoinType::kRight:
      return proto::JOIN_TYPE_RIGHT;
    case JoinType::kFull:
      return proto::JOIN_TYPE_FULL;
    case JoinType::kLeftSemi:
      return proto::JOIN_TYPE_LEFT_SEMI;
    case JoinType::kLeftAnti:
      return proto::JOIN_TYPE_LEFT_ANTI;
    case JoinType::kRightSemi:
      return proto::JOIN_TYPE_RIGHT_SEMI;
    case JoinType::kRightAnti:
      return proto::JOIN_TYPE_RIGHT_ANTI;
    case JoinType::kLeftMark:
      return proto::JOIN_TYPE_LEFT_MARK;
    case JoinType::kRightMark:
      return proto::JOIN_TYPE_RIGHT_MARK;
  }
  return proto::JOIN_TYPE_UNSPECIFIED;
}

arrow::Result<JoinType> JoinTypeFromProto(proto::JoinType type, const char* op) {
  switch (type) {
    case proto::JOIN_TYPE_INNER:
      return JoinType::kInner;
    case proto::JOIN_TYPE_LEFT:
      return JoinType::kLeft;
    case proto::JOIN_TYPE_RIGHT:
      return JoinType::kRight;
    case proto::JOIN_TYPE_FULL:
      return JoinType::kFull;
    case proto::JOIN_TYPE_LEFT_SEMI:
      return JoinType::kLeftSemi;
    case proto::JOIN_TYPE_LEFT_ANTI:
      return JoinType::kLeftAnti;
    case proto::JOIN_TYPE_RIGHT_SEMI:
      return JoinType::kRightSemi;
    case proto::JOIN_TYPE_RIGHT_ANTI:
      return JoinType::kRightAnti;
    case proto::JOIN_TYPE_LEFT_MARK:
      return JoinType::kLeftMark;
    case proto::JOIN_TYPE_RIGHT_MARK:
      return JoinType::kRightMark;
    default:
      break;
  }
  return arrow::Status::Invalid("bad plan: ", op, " has unknown join type ",
                                static_cast<int>(type));
}

proto::PartitionMode PartitionModeToProto(PartitionMode mode) {
  switch (mode) {
    case PartitionMode::kPartitioned:
      return proto::PARTITION_MODE_PARTITIONED;
    case PartitionMode::kCollectLeft:
      return proto::PARTITION_MODE_COLLECT_LEFT;
  }
  return proto::PARTITION_MODE_UNSPECIFIED;
}

arrow::Result<PartitionMode> PartitionModeFromProto(proto::PartitionMode mode) {
  switch (mode) {
    case proto::PARTITION_MODE_PARTITIONED:
      return PartitionMode::kPartitioned;
    case proto::PARTITION_MODE_COLLECT_LEFT:
      return PartitionMode::kCollectLeft;
    default:
      break;
  }
  return arrow::Status::Invalid("bad plan: HashJoinExec has unknown partition mode ",
                                static_cast<int>(mode));
}

// --- Shared pieces: both inputs, the join filter

struct Inputs {
  ExecutionPlanPtr left;
  ExecutionPlanPtr right;
};

template <typename Message>
arrow::Status EncodeInputs(const PhysicalPlanCodec& codec, const ExecutionPlanPtr& left,
                           const ExecutionPlanPtr& right, Message* n) {
  ARROW_RETURN_NOT_OK(codec.to_proto(left, n->mutable_left()));
  return codec.to_proto(right, n->mutable_right());
}

template <typename Message>
arrow::Result<Inputs> DecodeInputs(const PlanDecoder& d, const Message& n, const char* op) {
  if (!n.has_left()) return arrow::Status::Invalid("bad plan: ", op, " has no left input");
  if (!n.has_right()) return arrow::Status::Invalid("bad plan: ", op, " has no right input");
  Inputs out;
  ARROW_ASSIGN_OR_RAISE(out.left, d.input(true, n.left(), op));
  ARROW_ASSIGN_OR_RAISE(out.right, d.input(true, n.right(), op));
  return out;
}

arrow::Status FilterToProto(const PhysicalPlanCodec& codec, const JoinFilter& filter,
                            proto::JoinFilterNode* out) {
  if (!filter.schema) return arrow::Status::Invalid("join filter without a schema");
  ARROW_RETURN_NOT_OK(codec.expr_to_proto(filter.expression, out->mutable_expression()));
  for (const ColumnIndex& c : filter.column_indices) {
    auto* i = out->add_column_indices();
    i->set_index(c.index);
    i->set_side(c.side == JoinSide::kLeft ? proto::JOIN_SIDE_LEFT : proto::JOIN_SIDE_RIGHT);
  }
  ARROW_ASSIGN_OR_RAISE(auto schema, SerializeSchemaBytes(*filter.schema));
  out->set_schema(std::move(schema));
  return arrow::Status::OK();
}

// The expression is bound to the decoded filter schema (so its columns are checked against
// it), and ValidateJoinFilter then checks that schema against the inputs' columns.
arrow::Result<JoinFilter> FilterFromProto(const PlanDecoder& d, const proto::JoinFilterNode& n,
                                          const Inputs& in, const char* op) {
  const std::string where = std::string(op) + " filter";
  auto schema = DeserializeSchemaBytes(n.schema());
  if (!schema.ok()) return BadPlan(where, schema.status());
  if (!n.has_expression()) return arrow::Status::Invalid("bad plan: ", where, " has no expression");
  JoinFilter filter;
  filter.schema = *schema;
  for (const auto& c : n.column_indices()) {
    JoinSide side;
    switch (c.side()) {
      case proto::JOIN_SIDE_LEFT:
        side = JoinSide::kLeft;
        break;
      case proto::JOIN_SIDE_RIGHT:
        side = JoinSide::kRight;
        break;
      default:
        return arrow::Status::Invalid("bad plan: ", where, " column ", filter.column_indices.size(),
                                      " has unknown side ", static_cast<int>(c.side()));
    }
    filter.column_indices.push_back(ColumnIndex{c.index(), side});
  }
  auto expression = d.expr(n.expression(), filter.schema.get());
  if (!expression.ok()) return BadPlan(where, expression.status());
  filter.expression = std::move(*expression);
  auto st = ValidateJoinFilter(filter, *in.left->schema(), *in.right->schema());
  if (!st.ok()) return BadPlan(where, st);
  return filter;
}

// --- HashJoinExec

arrow::Status EncodeHashJoin(const PhysicalPlanCodec& codec, const ExecutionPlan& plan, Node* out) {
  const auto& p = static_cast<const HashJoinExec&>(plan);
  auto* n = out->mutable_hash_join();
  ARROW_RETURN_NOT_OK(EncodeInputs(codec, p.left(), p.right(), n));
  for (const auto& [l, r] : p.on()) {
    auto* pair = n->add_on();
    ARROW_RETURN_NOT_OK(codec.expr_to_proto(l, pair->mutable_left()));
    ARROW_RETURN_NOT_OK(codec.expr_to_proto(r, pair->mutable_right()));
  }
  if (p.filter()) ARROW_RETURN_NOT_OK(FilterToProto(codec, *p.filter(), n->mutable_filter()));
  n->set_join_type(JoinTypeToProto(p.join_type()));
  n->set_mode(PartitionModeToProto(p.mode()));
  n->set_null_equals_null(p.null_equals_null());
  n->set_null_aware(p.null_aware());
  if (p.dynamic_filter()) {
    ARROW_RETURN_NOT_OK(codec.expr_to_proto(p.dynamic_filter(), n->mutable_dynamic_filter()));
  }
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> DecodeHashJoin(const PlanDecoder& d, const Node& node) {
  constexpr const char* kOp = "HashJoinExec";
  const auto& n = node.hash_join();
  ARROW_ASSIGN_OR_RAISE(auto in, DecodeInputs(d, n, kOp));
  ARROW_ASSIGN_OR_RAISE(auto join_type, JoinTypeFromProto(n.join_type(), kOp));
  ARROW_ASSIGN_OR_RAISE(auto mode, PartitionModeFromProto(n.mode()));
  if (n.on_size() == 0) return arrow::Status::Invalid("bad plan: HashJoinExec without join keys");
  JoinOn on;
  for (int i = 0; i < n.on_size(); ++i) {
    const auto& pair = n.on(i);
    if (!pair.has_left() || !pair.has_right()) {
      return arrow::Status::Invalid("bad plan: HashJoinExec key pair ", i, " misses its ",
                                    pair.has_left() ? "right" : "left", " key");
    }
    auto l = d.expr(pair.left(), in.left->schema().get());
    if (!l.ok()) return BadPlan("HashJoinExec left key " + std::to_string(i), l.status());
    auto r = d.expr(pair.right(), in.right->schema().get());
    if (!r.ok()) return BadPlan("HashJoinExec right key " + std::to_string(i), r.status());
    on.emplace_back(std::move(*l), std::move(*r));
  }
  std::optional<JoinFilter> filter;
  if (n.has_filter()) {
    ARROW_ASSIGN_OR_RAISE(filter, FilterFromProto(d, n.filter(), in, kOp));
  }
  std::shared_ptr<DynamicFilterExpr> dynamic;
  if (n.has_dynamic_filter()) {
    auto e = d.expr(n.dynamic_filter(), in.right->schema().get());
    if (!e.ok()) return BadPlan("HashJoinExec dynamic filter", e.status());
    dynamic = std::dynamic_pointer_cast<DynamicFilterExpr>(*e);
    if (!dynamic) return arrow::Status::Invalid("bad plan: HashJoinExec dynamic filter is not one");
  }
  auto made =
      HashJoinExec::Make(std::move(in.left), std::move(in.right), std::move(on), std::move(filter),
                         join_type, mode, n.null_equals_null(), n.null_aware(), std::move(dynamic));
  // Make's NotImplemented (a null-aware join with a filter) is a bad plan here too.
  if (!made.ok()) return BadPlan(kOp, made.status());
  return *made;
}

// --- NestedLoopJoinExec

arrow::Status EncodeNestedLoopJoin(const PhysicalPlanCodec& codec, const ExecutionPlan& plan,
                                   Node* out) {
  const auto& p = static_cast<const NestedLoopJoinExec&>(plan);
  auto* n = out->mutable_nested_loop_join();
  ARROW_RETURN_NOT_OK(EncodeInputs(codec, p.left(), p.right(), n));
  if (p.filter()) ARROW_RETURN_NOT_OK(FilterToProto(codec, *p.filter(), n->mutable_filter()));
  n->set_join_type(JoinTypeToProto(p.join_type()));
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> DecodeNestedLoopJoin(const PlanDecoder& d, const Node& node) {
  constexpr const char* kOp = "NestedLoopJoinExec";
  const auto& n = node.nested_loop_join();
  ARROW_ASSIGN_OR_RAISE(auto in, DecodeInputs(d, n, kOp));
  ARROW_ASSIGN_OR_RAISE(auto join_type, JoinTypeFromProto(n.join_type(), kOp));
  std::optional<JoinFilter> filter;
  if (n.has_filter()) {
    ARROW_ASSIGN_OR_RAISE(filter, FilterFromProto(d, n.filter(), in, kOp));
  }
  auto made = NestedLoopJoinExec::Make(std::move(in.left), std::move(in.right), std::move(filter),
                                       join_type);
  if (!made.ok()) return BadPlan(kOp, made.status());
  return *made;
}

// --- CrossJoinExec

arrow::Status EncodeCrossJoin(const PhysicalPlanCodec& codec, const ExecutionPlan& plan,
                              Node* out) {
  const auto& p = static_cast<const CrossJoinExec&>(plan);
  return EncodeInputs(codec, p.left(), p.right(), out->mutable_cross_join());
}

arrow::Result<ExecutionPlanPtr> DecodeCrossJoin(const PlanDecoder& d, const Node& node) {
  ARROW_ASSIGN_OR_RAISE(auto in, DecodeInputs(d, node.cross_join(), "CrossJoinExec"));
  return std::make_shared<CrossJoinExec>(std::move(in.left), std::move(in.right));
}

// --- UnionExec

arrow::Status EncodeUnion(const PhysicalPlanCodec& codec, const ExecutionPlan& plan, Node* out) {
  const auto& p = static_cast<const UnionExec&>(plan);
  auto* n = out->mutable_union_all();
  for (const auto& input : p.inputs()) ARROW_RETURN_NOT_OK(codec.to_proto(input, n->add_inputs()));
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> DecodeUnion(const PlanDecoder& d, const Node& node) {
  const auto& n = node.union_all();
  if (n.inputs_size() == 0) return arrow::Status::Invalid("bad plan: UnionExec without inputs");
  std::vector<ExecutionPlanPtr> inputs;
  inputs.reserve(n.inputs_size());
  for (const auto& i : n.inputs()) {
    ARROW_ASSIGN_OR_RAISE(auto input, d.input(true, i, "UnionExec"));
    inputs.push_back(std::move(input));
  }
  auto made = UnionExec::Make(std::move(inputs));
  if (!made.ok()) return BadPlan("UnionExec", made.status());
  return *made;
}

// --- MaxOneRowExec

arrow::Status EncodeMaxOneRow(const PhysicalPlanCodec& codec, const ExecutionPlan& plan,
                              Node* out) {
  const auto& p = static_cast<const MaxOneRowExec&>(plan);
  return codec.to_proto(p.input(), out->mutable_max_one_row()->mutable_input());
}

arrow::Result<ExecutionPlanPtr> DecodeMaxOneRow(const PlanDecoder& d, const Node& node) {
  const auto& n = node.max_one_row();
  ARROW_ASSIGN_OR_RAISE(auto in, d.input(n.has_input(), n.input(), "MaxOneRowExec"));
  return std::make_shared<MaxOneRowExec>(std::move(in));
}

}  // namespace

void RegisterJoinCodecs(PlanNodeRegistry* r) {
  r->add<HashJoinExec>(Node::kHashJoin, EncodeHashJoin, DecodeHashJoin);
  r->add<NestedLoopJoinExec>(Node::kNestedLoopJoin, EncodeNestedLoopJoin, DecodeNestedLoopJoin);
  r->add<CrossJoinExec>(Node::kCrossJoin, EncodeCrossJoin, DecodeCrossJoin);
  r->add<UnionExec>(Node::kUnionAll, EncodeUnion, DecodeUnion);
  r->add<MaxOneRowExec>(Node::kMaxOneRow, EncodeMaxOneRow, DecodeMaxOneRow);
}

}  // namespace quiver
