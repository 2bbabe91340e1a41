#pragma once

#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/functions/function_registry.h>
#include <quiver/physical/execution_plan.h>
#include <quiver/physical/physical_expr.h>
#include <quiver/proto/physical_extension_codec.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace quiver {
class DynamicFilterExpr;
namespace proto {
class PhysicalPlanNode;
class PhysicalExprNode;
class PartitioningNode;
}  // namespace proto

/// \brief Converts physical plans to and from quiver.proto messages (plan.proto).
///
/// Built-in operators and scans are encoded by the codec registered for their type
/// (plan_node_registry.h: one encoder and decoder per node type), expressions field by field,
/// functions by name; any other node is handed to the extension codec. Decoding rebuilds every
/// expression against its input's schema and never trusts the bytes: unknown node kinds, missing
/// inputs, column indices outside the input schema, unknown functions, type mismatches and
/// truncated or corrupted bytes all give Invalid with a message saying what and where.
///
/// Holds references only: `functions` and `extension` must outlive the codec.
class PhysicalPlanCodec {
 public:
  explicit PhysicalPlanCodec(const FunctionRegistry* functions,
                             const PhysicalExtensionCodec* extension = nullptr)
      : functions_(functions), extension_(extension) {}

  arrow::Status to_proto(const ExecutionPlanPtr& plan, proto::PhysicalPlanNode* out) const;
  arrow::Result<ExecutionPlanPtr> from_proto(const proto::PhysicalPlanNode& node) const;

  arrow::Status expr_to_proto(const PhysicalExprPtr& expr, proto::PhysicalExprNode* out) const;
  /// Rebuilds an expression bound to `input_schema`.
  arrow::Result<PhysicalExprPtr> expr_from_proto(const proto::PhysicalExprNode& node,
                                                 const arrow::Schema& input_schema) const;

  arrow::Status partitioning_to_proto(const Partitioning& p, proto::PartitioningNode* out) const;
  arrow::Result<Partitioning> partitioning_from_proto(const proto::PartitioningNode& node,
                                                      const arrow::Schema& input_schema) const;

 private:
  friend class PlanDecoder;
  arrow::Result<ExecutionPlanPtr> from_proto(const proto::PhysicalPlanNode& node, int depth) const;
  // `input_schema` null: bound to a schema this node does not see (a final aggregate's
  // arguments); column indices and types are then not checked.
  arrow::Result<PhysicalExprPtr> expr_from_proto(const proto::PhysicalExprNode& node,
                                                 const arrow::Schema* input_schema,
                                                 int depth) const;

  const FunctionRegistry* functions_;
  const PhysicalExtensionCodec* extension_;
  // Dynamic filters seen so far, by wire id (encode: state → id; decode: id → first filter).
  mutable std::map<const void*, uint64_t> dynamic_filter_ids_;
  mutable std::map<uint64_t, std::shared_ptr<DynamicFilterExpr>> dynamic_filters_;
  // Nesting of the encode in progress (operators, and expressions within one operator).
  mutable int encode_plan_depth_ = 0;
  mutable int encode_expr_depth_ = 0;
};

/// Serializes `plan` to bytes (a quiver.proto.PhysicalPlanNode).
arrow::Result<std::string> SerializePlan(const ExecutionPlanPtr& plan,
                                         const PhysicalExtensionCodec* extension = nullptr);
/// Rebuilds a plan from SerializePlan's bytes, resolving functions in `functions`.
arrow::Result<ExecutionPlanPtr> DeserializePlan(std::string_view bytes,
                                                const FunctionRegistry& functions,
                                                const PhysicalExtensionCodec* extension = nullptr);

/// Arrow values as IPC bytes (plan.proto's ArrowType / schema / ArrowScalar encodings).
arrow::Result<std::string> SerializeSchemaBytes(const arrow::Schema& schema);
arrow::Result<std::shared_ptr<arrow::Schema>> DeserializeSchemaBytes(std::string_view bytes);
arrow::Result<std::string> SerializeDataType(const std::shared_ptr<arrow::DataType>& type);
arrow::Result<std::shared_ptr<arrow::DataType>> DeserializeDataType(std::string_view bytes);
arrow::Result<std::string> SerializeScalar(const std::shared_ptr<arrow::Scalar>& scalar);
arrow::Result<std::shared_ptr<arrow::Scalar>> DeserializeScalar(std::string_view bytes);

}  // namespace quiver
