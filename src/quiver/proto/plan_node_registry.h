#pragma once
// Internal to the proto layer: the table of plan node types the codec knows. Each node type
// registers one encoder and one decoder (operator_codecs.cc, scan_codec.cc, join_codecs.cc);
// PhysicalPlanCodec looks them up by the node's C++ type or the message's oneof case.

#include <arrow/result.h>
#include <quiver/physical/execution_plan.h>
#include <quiver/proto/plan.pb.h>

#include <string>
#include <typeindex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace quiver {

class FunctionRegistry;
class PhysicalPlanCodec;

/// \brief What a node decoder works with: the codec plus the nesting depth, with helpers that
/// decode inputs and expressions one level deeper (so the depth bound holds everywhere).
class PlanDecoder {
 public:
  PlanDecoder(const PhysicalPlanCodec& codec, int depth) : codec_(codec), depth_(depth) {}

  const FunctionRegistry* functions() const;
  /// The input `node`; Invalid "bad plan: <op> has no input" when absent.
  arrow::Result<ExecutionPlanPtr> input(bool present, const proto::PhysicalPlanNode& node,
                                        const char* op) const;
  /// An expression bound to `schema` (null: not checked against a schema).
  arrow::Result<PhysicalExprPtr> expr(const proto::PhysicalExprNode& node,
                                      const arrow::Schema* schema) const;
  arrow::Result<LexOrdering> ordering(
      const google::protobuf::RepeatedPtrField<proto::PhysicalSortExprNode>& nodes,
      const arrow::Schema& schema, const char* op) const;
  arrow::Result<std::vector<std::pair<PhysicalExprPtr, std::string>>> named(
      const google::protobuf::RepeatedPtrField<proto::NamedExpr>& nodes,
      const arrow::Schema& schema) const;
  arrow::Result<Partitioning> partitioning(const proto::PartitioningNode& node,
                                           const arrow::Schema& schema) const;

 private:
  const PhysicalPlanCodec& codec_;
  int depth_;
};

/// \brief How one plan node type goes to and from its message.
struct PlanNodeCodec {
  using Encode = arrow::Status (*)(const PhysicalPlanCodec&, const ExecutionPlan&,
                                   proto::PhysicalPlanNode*);
  using Decode = arrow::Result<ExecutionPlanPtr> (*)(const PlanDecoder&,
                                                     const proto::PhysicalPlanNode&);
  proto::PhysicalPlanNode::PlanCase plan_case;
  Encode encode;
  Decode decode;
};

/// \brief The built-in node types, registered once per process.
class PlanNodeRegistry {
 public:
  static const PlanNodeRegistry& Builtin();

  /// Registers node type `Node` (its exact dynamic type) under oneof case `plan_case`.
  template <typename Node>
  void add(proto::PhysicalPlanNode::PlanCase plan_case, PlanNodeCodec::Encode encode,
           PlanNodeCodec::Decode decode) {
    entries_.push_back({plan_case, encode, decode});
    by_type_[std::type_index(typeid(Node))] = entries_.size() - 1;
    by_case_[plan_case] = entries_.size() - 1;
  }

  /// The entry for `node`'s dynamic type, or null.
  const PlanNodeCodec* find(const ExecutionPlan& node) const;
  /// The entry for a message's oneof case, or null.
  const PlanNodeCodec* find(proto::PhysicalPlanNode::PlanCase plan_case) const;

 private:
  std::vector<PlanNodeCodec> entries_;
  std::unordered_map<std::type_index, size_t> by_type_;
  std::unordered_map<int, size_t> by_case_;
};

// Each registers its family's node types.
void RegisterOperatorCodecs(PlanNodeRegistry* registry);
void RegisterScanCodecs(PlanNodeRegistry* registry);
void RegisterJoinCodecs(PlanNodeRegistry* registry);

/// "bad plan: <where>: <message>" (Invalid), for decode errors of a node's own checks. A
/// message that already starts with "bad plan: " or with `where` is not prefixed twice.
arrow::Status BadPlan(const std::string& where, const arrow::Status& status);
/// An optional fetch: nullopt when absent, Invalid when negative.
arrow::Result<std::optional<int64_t>> DecodeFetch(bool has, int64_t value, const char* node);

}  // namespace quiver
