#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/expressions/case_expr.h>
#include <quiver/physical/expressions/cast_expr.h>
#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/expressions/dynamic_filter_expr.h>
#include <quiver/physical/expressions/in_list_expr.h>
#include <quiver/physical/expressions/is_null_expr.h>
#include <quiver/physical/expressions/like_expr.h>
#include <quiver/physical/expressions/literal_expr.h>
#include <quiver/physical/expressions/negative_expr.h>
#include <quiver/physical/expressions/not_expr.h>
#include <quiver/physical/expressions/scalar_function_expr.h>
#include <quiver/common/limits.h>
#include <quiver/proto/bounded_parse.h>
#include <quiver/proto/physical_plan_codec.h>
#include <quiver/proto/plan.pb.h>
#include <quiver/proto/plan_node_registry.h>

namespace quiver {
namespace {

template <typename T>
const T* AsExpr(const PhysicalExprPtr& expr) {
  return dynamic_cast<const T*>(expr.get());
}

arrow::Status Bad(const std::string& where, const arrow::Status& st) { return BadPlan(where, st); }

proto::BinaryOp ToProto(BinaryOperator op) {
  switch (op) {
    case BinaryOperator::kPlus:
      return proto::PLUS;
    case BinaryOperator::kMinus:
      return proto::MINUS;
    case BinaryOperator::kMultiply:
      return proto::MULTIPLY;
    case BinaryOperator::kDivide:
      return proto::DIVIDE;
    case BinaryOperator::kModulo:
      return proto::MODULO;
    case BinaryOperator::kEq:
      return proto::EQ;
    case BinaryOperator::kNotEq:
      return proto::NOT_EQ;
    case BinaryOperator::kLt:
      return proto::LT;
    case BinaryOperator::kLtEq:
      return proto::LT_EQ;
    case BinaryOperator::kGt:
      return proto::GT;
    case BinaryOperator::kGtEq:
      return proto::GT_EQ;
    case BinaryOperator::kAnd:
      return proto::AND;
    case BinaryOperator::kOr:
      return proto::OR;
  }
  return proto::BINARY_OP_UNSPECIFIED;
}

arrow::Result<BinaryOperator> FromProto(proto::BinaryOp op) {
  switch (op) {
    case proto::PLUS:
      return BinaryOperator::kPlus;
    case proto::MINUS:
      return BinaryOperator::kMinus;
    case proto::MULTIPLY:
      return BinaryOperator::kMultiply;
    case proto::DIVIDE:
      return BinaryOperator::kDivide;
    case proto::MODULO:
      return BinaryOperator::kModulo;
    case proto::EQ:
      return BinaryOperator::kEq;
    case proto::NOT_EQ:
      return BinaryOperator::kNotEq;
    case proto::LT:
      return BinaryOperator::kLt;
    case proto::LT_EQ:
      return BinaryOperator::kLtEq;
    case proto::GT:
      return BinaryOperator::kGt;
    case proto::GT_EQ:
      return BinaryOperator::kGtEq;
    case proto::AND:
      return BinaryOperator::kAnd;
    case proto::OR:
      return BinaryOperator::kOr;
    default:
      break;
  }
  return arrow::Status::Invalid("unknown binary operator ", static_cast<int>(op));
}

arrow::Status TypeToProto(const std::shared_ptr<arrow::DataType>& type, proto::ArrowType* out) {
  ARROW_ASSIGN_OR_RAISE(auto bytes, SerializeDataType(type));
  out->set_ipc_schema(std::move(bytes));
  return arrow::Status::OK();
}

arrow::Status ScalarToProto(const std::shared_ptr<arrow::Scalar>& value, proto::ArrowScalar* out) {
  ARROW_ASSIGN_OR_RAISE(auto bytes, SerializeScalar(value));
  out->set_ipc_batch(std::move(bytes));
  return arrow::Status::OK();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Expressions

arrow::Status PhysicalPlanCodec::expr_to_proto(const PhysicalExprPtr& expr,
                                               proto::PhysicalExprNode* out) const {
  if (!expr) return arrow::Status::Invalid("cannot serialize a null expression");
  // The codec refuses to write what it would refuse to read, so the coordinator reports a
  // too-deep plan instead of every worker.
  DepthScope depth(&encode_expr_depth_);
  if (encode_expr_depth_ > kMaxSerializedExpressionDepth) {
    return arrow::Status::Invalid("cannot serialize an expression nested more than ",
                                  kMaxSerializedExpressionDepth, " levels deep");
  }
  if (auto* e = AsExpr<ColumnExpr>(expr)) {
    auto* n = out->mutable_column();
    n->set_name(e->name());
    n->set_index(e->index());
  } else if (auto* e = AsExpr<LiteralExpr>(expr)) {
    ARROW_RETURN_NOT_OK(ScalarToProto(e->value(), out->mutable_literal()->mutable_value()));
  } else if (auto* e = AsExpr<BinaryExpr>(expr)) {
    auto* n = out->mutable_binary();
    n->set_op(ToProto(e->op()));
    ARROW_RETURN_NOT_OK(expr_to_proto(e->left(), n->mutable_left()));
    ARROW_RETURN_NOT_OK(expr_to_proto(e->right(), n->mutable_right()));
  } else if (auto* e = AsExpr<NotExpr>(expr)) {
    ARROW_RETURN_NOT_OK(expr_to_proto(e->arg(), out->mutable_not_expr()->mutable_arg()));
  } else if (auto* e = AsExpr<NegativeExpr>(expr)) {
    ARROW_RETURN_NOT_OK(expr_to_proto(e->arg(), out->mutable_negative()->mutable_arg()));
  } else if (auto* e = AsExpr<IsNullExpr>(expr)) {
    auto* n = out->mutable_is_null();
    n->set_negated(e->negated());
    ARROW_RETURN_NOT_OK(expr_to_proto(e->arg(), n->mutable_arg()));
  } else if (auto* e = AsExpr<InListExpr>(expr)) {
    auto* n = out->mutable_in_list();
    n->set_negated(e->negated());
    ARROW_RETURN_NOT_OK(expr_to_proto(e->arg(), n->mutable_arg()));
    for (const auto& v : e->values()) ARROW_RETURN_NOT_OK(ScalarToProto(v, n->add_values()));
  } else if (auto* e = AsExpr<LikeExpr>(expr)) {
    auto* n = out->mutable_like();
    n->set_pattern(e->pattern());
    n->set_negated(e->negated());
    n->set_case_insensitive(e->case_insensitive());
    ARROW_RETURN_NOT_OK(expr_to_proto(e->arg(), n->mutable_arg()));
  } else if (auto* e = AsExpr<CaseExpr>(expr)) {
    auto* n = out->mutable_case_expr();
    if (e->operand()) ARROW_RETURN_NOT_OK(expr_to_proto(e->operand(), n->mutable_operand()));
    for (const auto& [when, then] : e->when_then()) {
      auto* wt = n->add_when_then();
      ARROW_RETURN_NOT_OK(expr_to_proto(when, wt->mutable_when()));
      ARROW_RETURN_NOT_OK(expr_to_proto(then, wt->mutable_then()));
    }
    if (e->else_expr()) {
      ARROW_RETURN_NOT_OK(expr_to_proto(e->else_expr(), n->mutable_else_expr()));
    }
  } else if (auto* e = AsExpr<CastExpr>(expr)) {
    auto* n = out->mutable_cast();
    ARROW_RETURN_NOT_OK(expr_to_proto(e->arg(), n->mutable_arg()));
    ARROW_RETURN_NOT_OK(TypeToProto(e->type(), n->mutable_type()));
  } else if (auto* e = AsExpr<ScalarFunctionExpr>(expr)) {
    auto* n = out->mutable_scalar_function();
    n->set_name(e->fn()->name());
    for (const auto& arg : e->args()) ARROW_RETURN_NOT_OK(expr_to_proto(arg, n->add_args()));
    ARROW_RETURN_NOT_OK(TypeToProto(e->return_type(), n->mutable_return_type()));
    if (extension_) {
      std::string payload;
      auto st = extension_->try_encode_udf(*e->fn(), &payload);
      if (st.ok()) {
        n->set_payload(std::move(payload));
      } else if (!st.IsNotImplemented()) {
        return st;
      }
    }
  } else if (auto* e = AsExpr<DynamicFilterExpr>(expr)) {
    auto* n = out->mutable_dynamic_filter();
    auto [it, added] = dynamic_filter_ids_.emplace(e->state_id(), dynamic_filter_ids_.size() + 1);
    n->set_id(it->second);
    n->set_expected_contributors(e->expected_contributors());
    for (const auto& key : e->children()) ARROW_RETURN_NOT_OK(expr_to_proto(key, n->add_keys()));
  } else {
    return arrow::Status::NotImplemented("cannot serialize expression ", expr->to_string());
  }
  return arrow::Status::OK();
}

arrow::Result<PhysicalExprPtr> PhysicalPlanCodec::expr_from_proto(
    const proto::PhysicalExprNode& node, const arrow::Schema& input_schema) const {
  return expr_from_proto(node, &input_schema, 0);
}

arrow::Result<PhysicalExprPtr> PhysicalPlanCodec::expr_from_proto(
    const proto::PhysicalExprNode& node, const arrow::Schema* schema, int depth) const {
  if (depth > kMaxSerializedExpressionDepth) {
    return arrow::Status::Invalid("bad plan: expression nested more than ",
                                  kMaxSerializedExpressionDepth, " levels deep");
  }
  auto child = [&](bool present, const proto::PhysicalExprNode& n,
                   const char* what) -> arrow::Result<PhysicalExprPtr> {
    if (!present) return arrow::Status::Invalid("bad plan: ", what, " is missing");
    return expr_from_proto(n, schema, depth + 1);
  };
  PhysicalExprPtr out;
  switch (node.expr_case()) {
    case proto::PhysicalExprNode::kColumn: {
      const auto& n = node.column();
      if (n.index() < 0 || (schema && n.index() >= schema->num_fields())) {
        return arrow::Status::Invalid("bad plan: column '", n.name(), "' has index ", n.index(),
                                      " but its input has ", schema ? schema->num_fields() : 0,
                                      " columns");
      }
      out = std::make_shared<ColumnExpr>(n.name(), n.index());
      break;
    }
    case proto::PhysicalExprNode::kLiteral: {
      auto value = DeserializeScalar(node.literal().value().ipc_batch());
      if (!value.ok()) return Bad("literal", value.status());
      out = std::make_shared<LiteralExpr>(*value);
      break;
    }
    case proto::PhysicalExprNode::kBinary: {
      const auto& n = node.binary();
      ARROW_ASSIGN_OR_RAISE(auto op, FromProto(n.op()));
      ARROW_ASSIGN_OR_RAISE(auto left, child(n.has_left(), n.left(), "binary left operand"));
      ARROW_ASSIGN_OR_RAISE(auto right, child(n.has_right(), n.right(), "binary right operand"));
      out = std::make_shared<BinaryExpr>(op, std::move(left), std::move(right));
      break;
    }
    case proto::PhysicalExprNode::kNotExpr: {
      ARROW_ASSIGN_OR_RAISE(
          auto arg, child(node.not_expr().has_arg(), node.not_expr().arg(), "NOT argument"));
      out = std::make_shared<NotExpr>(std::move(arg));
      break;
    }
    case proto::PhysicalExprNode::kNegative: {
      ARROW_ASSIGN_OR_RAISE(
          auto arg, child(node.negative().has_arg(), node.negative().arg(), "negation argument"));
      out = std::make_shared<NegativeExpr>(std::move(arg));
      break;
    }
    case proto::PhysicalExprNode::kIsNull: {
      const auto& n = node.is_null();
      ARROW_ASSIGN_OR_RAISE(auto arg, child(n.has_arg(), n.arg(), "IS NULL argument"));
      out = std::make_shared<IsNullExpr>(std::move(arg), n.negated());
      break;
    }
    case proto::PhysicalExprNode::kInList: {
      const auto& n = node.in_list();
      ARROW_ASSIGN_OR_RAISE(auto arg, child(n.has_arg(), n.arg(), "IN argument"));
      std::vector<std::shared_ptr<arrow::Scalar>> values;
      for (const auto& v : n.values()) {
        auto value = DeserializeScalar(v.ipc_batch());
        if (!value.ok()) return Bad("IN list value", value.status());
        values.push_back(*value);
      }
      out = std::make_shared<InListExpr>(std::move(arg), std::move(values), n.negated());
      break;
    }
    case proto::PhysicalExprNode::kLike: {
      const auto& n = node.like();
      ARROW_ASSIGN_OR_RAISE(auto arg, child(n.has_arg(), n.arg(), "LIKE argument"));
      out = std::make_shared<LikeExpr>(std::move(arg), n.pattern(), n.negated(),
                                       n.case_insensitive());
      break;
    }
    case proto::PhysicalExprNode::kCaseExpr: {
      const auto& n = node.case_expr();
      PhysicalExprPtr operand, else_expr;
      if (n.has_operand()) {
        ARROW_ASSIGN_OR_RAISE(operand, expr_from_proto(n.operand(), schema, depth + 1));
      }
      if (n.when_then_size() == 0) return arrow::Status::Invalid("bad plan: CASE without WHEN");
      std::vector<CaseExpr::WhenThen> when_then;
      for (const auto& wt : n.when_then()) {
        ARROW_ASSIGN_OR_RAISE(auto when, child(wt.has_when(), wt.when(), "CASE WHEN"));
        ARROW_ASSIGN_OR_RAISE(auto then, child(wt.has_then(), wt.then(), "CASE THEN"));
        when_then.emplace_back(std::move(when), std::move(then));
      }
      if (n.has_else_expr()) {
        ARROW_ASSIGN_OR_RAISE(else_expr, expr_from_proto(n.else_expr(), schema, depth + 1));
      }
      out = std::make_shared<CaseExpr>(std::move(operand), std::move(when_then),
                                       std::move(else_expr));
      break;
    }
    case proto::PhysicalExprNode::kCast: {
      const auto& n = node.cast();
      ARROW_ASSIGN_OR_RAISE(auto arg, child(n.has_arg(), n.arg(), "CAST argument"));
      auto type = DeserializeDataType(n.type().ipc_schema());
      if (!type.ok()) return Bad("CAST", type.status());
      out = std::make_shared<CastExpr>(std::move(arg), *type);
      break;
    }
    case proto::PhysicalExprNode::kScalarFunction: {
      const auto& n = node.scalar_function();
      std::vector<PhysicalExprPtr> args;
      DataTypeVector arg_types;
      for (const auto& a : n.args()) {
        ARROW_ASSIGN_OR_RAISE(auto arg, expr_from_proto(a, schema, depth + 1));
        if (schema) {
          ARROW_ASSIGN_OR_RAISE(auto t, arg->data_type(*schema));
          arg_types.push_back(std::move(t));
        }
        args.push_back(std::move(arg));
      }
      auto return_type = DeserializeDataType(n.return_type().ipc_schema());
      if (!return_type.ok()) return Bad("function " + n.name(), return_type.status());
      std::shared_ptr<ScalarFunction> fn;
      if (n.has_payload()) {
        if (!extension_) {
          return arrow::Status::Invalid("bad plan: function '", n.name(),
                                        "' carries a payload but the session has no extension "
                                        "codec");
        }
        auto decoded = extension_->try_decode_udf(n.name(), n.payload());
        if (!decoded.ok()) return Bad("function " + n.name(), decoded.status());
        fn = *decoded;
      } else if (functions_ && functions_->has_scalar(n.name())) {
        ARROW_ASSIGN_OR_RAISE(fn, functions_->scalar(n.name()));
      } else if (extension_) {
        auto decoded = extension_->try_decode_udf(n.name(), {});
        if (decoded.ok()) fn = *decoded;
      }
      if (!fn) {
        return arrow::Status::Invalid("bad plan: unknown scalar function '", n.name(), "'");
      }
      arrow::Result<std::shared_ptr<arrow::DataType>> expected = *return_type;
      if (schema) expected = fn->return_type(arg_types);
      if (!expected.ok()) return Bad("function " + n.name(), expected.status());
      if (!(*expected)->Equals(**return_type)) {
        return arrow::Status::Invalid("bad plan: function '", n.name(), "' returns ",
                                      (*expected)->ToString(), " here, the plan says ",
                                      (*return_type)->ToString());
      }
      out = std::make_shared<ScalarFunctionExpr>(std::move(fn), std::move(args), *return_type);
      break;
    }
    case proto::PhysicalExprNode::kDynamicFilter: {
      const auto& n = node.dynamic_filter();
      if (n.id() == 0 || n.keys_size() == 0) {
        return arrow::Status::Invalid("bad plan: dynamic filter without id or keys");
      }
      std::vector<PhysicalExprPtr> keys;
      for (const auto& k : n.keys()) {
        ARROW_ASSIGN_OR_RAISE(auto key, child(true, k, "dynamic filter key"));
        keys.push_back(std::move(key));
      }
      auto found = dynamic_filters_.find(n.id());
      if (found == dynamic_filters_.end()) {
        // The first node of this id creates the shared state; the others view it.
        auto filter = std::make_shared<DynamicFilterExpr>(std::move(keys));
        filter->set_expected_contributors(std::max(1, n.expected_contributors()));
        dynamic_filters_.emplace(n.id(), filter);
        out = filter;
      } else {
        if (found->second->children().size() != keys.size()) {
          return arrow::Status::Invalid("bad plan: dynamic filter ", n.id(),
                                        " with different key counts");
        }
        ARROW_ASSIGN_OR_RAISE(out, found->second->with_new_children(std::move(keys)));
      }
      break;
    }
    default:
      return arrow::Status::Invalid("bad plan: unknown expression kind ",
                                    static_cast<int>(node.expr_case()));
  }
  // Type-check against the input now, so a bad plan fails here and not mid-query. Only at the
  // root: data_type() checks the whole subtree, and asking at every level is quadratic.
  if (schema && depth == 0) {
    auto type = out->data_type(*schema);
    if (!type.ok()) return Bad(out->to_string(), type.status());
  }
  return out;
}

arrow::Status PhysicalPlanCodec::partitioning_to_proto(const Partitioning& p,
                                                       proto::PartitioningNode* out) const {
  switch (p.kind) {
    case Partitioning::Kind::kUnknown:
      out->set_kind(proto::PartitioningNode::UNKNOWN);
      break;
    case Partitioning::Kind::kRoundRobin:
      out->set_kind(proto::PartitioningNode::ROUND_ROBIN);
      break;
    case Partitioning::Kind::kHash:
      out->set_kind(proto::PartitioningNode::HASH);
      break;
  }
  out->set_partition_count(p.partition_count);
  for (const auto& e : p.exprs) ARROW_RETURN_NOT_OK(expr_to_proto(e, out->add_exprs()));
  return arrow::Status::OK();
}

arrow::Result<Partitioning> PhysicalPlanCodec::partitioning_from_proto(
    const proto::PartitioningNode& node, const arrow::Schema& schema) const {
  // A bound on fan-out keeps a hostile plan from allocating millions of queues.
  if (node.partition_count() < 1 || node.partition_count() > 65536) {
    return arrow::Status::Invalid("bad plan: partition count ", node.partition_count());
  }
  Partitioning p;
  p.partition_count = node.partition_count();
  switch (node.kind()) {
    case proto::PartitioningNode::UNKNOWN:
      p.kind = Partitioning::Kind::kUnknown;
      break;
    case proto::PartitioningNode::ROUND_ROBIN:
      p.kind = Partitioning::Kind::kRoundRobin;
      break;
    case proto::PartitioningNode::HASH:
      p.kind = Partitioning::Kind::kHash;
      break;
    default:
      return arrow::Status::Invalid("bad plan: unknown partitioning ",
                                    static_cast<int>(node.kind()));
  }
  for (const auto& e : node.exprs()) {
    ARROW_ASSIGN_OR_RAISE(auto expr, expr_from_proto(e, &schema, 1));
    p.exprs.push_back(std::move(expr));
  }
  if (p.kind == Partitioning::Kind::kHash && p.exprs.empty()) {
    return arrow::Status::Invalid("bad plan: hash partitioning without keys");
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Operators: looked up in the registry by type (encode) or oneof case (decode).

arrow::Status PhysicalPlanCodec::to_proto(const ExecutionPlanPtr& plan,
                                          proto::PhysicalPlanNode* out) const {
  if (!plan) return arrow::Status::Invalid("cannot serialize a null plan");
  DepthScope depth(&encode_plan_depth_);
  if (encode_plan_depth_ > kMaxPlanDepth) {
    return arrow::Status::Invalid("cannot serialize a plan nested more than ", kMaxPlanDepth,
                                  " operators deep");
  }
  if (const auto* entry = PlanNodeRegistry::Builtin().find(*plan)) {
    return entry->encode(*this, *plan, out);
  }
  if (!extension_) {
    return arrow::Status::NotImplemented("cannot serialize plan node ", plan->name(),
                                         " (no extension codec)");
  }
  auto* n = out->mutable_extension();
  std::string name, payload;
  ARROW_RETURN_NOT_OK(extension_->try_encode(plan, &name, &payload));
  n->set_name(std::move(name));
  n->set_payload(std::move(payload));
  for (const auto& child : plan->children()) {
    ARROW_RETURN_NOT_OK(to_proto(child, n->add_inputs()));
  }
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> PhysicalPlanCodec::from_proto(
    const proto::PhysicalPlanNode& node) const {
  return from_proto(node, 0);
}

arrow::Result<ExecutionPlanPtr> PhysicalPlanCodec::from_proto(const proto::PhysicalPlanNode& node,
                                                              int depth) const {
  if (depth > kMaxPlanDepth) {
    return arrow::Status::Invalid("bad plan: plan nested more than ", kMaxPlanDepth,
                                  " operators deep");
  }
  if (node.plan_case() == proto::PhysicalPlanNode::kExtension) {
    const auto& n = node.extension();
    std::vector<ExecutionPlanPtr> inputs;
    for (const auto& i : n.inputs()) {
      ARROW_ASSIGN_OR_RAISE(auto in, from_proto(i, depth + 1));
      inputs.push_back(std::move(in));
    }
    if (!extension_) {
      return arrow::Status::Invalid("bad plan: unknown plan node '", n.name(),
                                    "' (the session has no extension codec)");
    }
    auto decoded = extension_->try_decode(n.name(), n.payload(), std::move(inputs), *functions_);
    if (!decoded.ok()) {
      if (decoded.status().IsNotImplemented()) {
        return arrow::Status::Invalid("bad plan: unknown plan node '", n.name(), "'");
      }
      return Bad(n.name(), decoded.status());
    }
    if (!*decoded) {
      return arrow::Status::Invalid("bad plan: codec returned no node for '", n.name(), "'");
    }
    return *decoded;
  }
  const auto* entry = PlanNodeRegistry::Builtin().find(node.plan_case());
  if (!entry) {
    return arrow::Status::Invalid("bad plan: unknown plan node kind ",
                                  static_cast<int>(node.plan_case()));
  }
  return entry->decode(PlanDecoder(*this, depth), node);
}

// ---------------------------------------------------------------------------------------------

arrow::Result<std::string> SerializePlan(const ExecutionPlanPtr& plan,
                                         const PhysicalExtensionCodec* extension) {
  PhysicalPlanCodec codec(nullptr, extension);
  proto::PhysicalPlanNode node;
  ARROW_RETURN_NOT_OK(codec.to_proto(plan, &node));
  std::string out;
  if (!node.SerializeToString(&out)) return arrow::Status::IOError("cannot serialize plan");
  return out;
}

arrow::Result<ExecutionPlanPtr> DeserializePlan(std::string_view bytes,
                                                const FunctionRegistry& functions,
                                                const PhysicalExtensionCodec* extension) {
  proto::PhysicalPlanNode node;
  if (bytes.empty() || !ParseBoundedProto(bytes, &node)) {
    return arrow::Status::Invalid("bad plan: cannot parse ", bytes.size(), " bytes");
  }
  PhysicalPlanCodec codec(&functions, extension);
  return codec.from_proto(node);
}

}  // namespace quiver
