#pragma once

#include <arrow/result.h>
#include <arrow/status.h>
#include <quiver/functions/aggregate_function.h>
#include <quiver/functions/function_registry.h>
#include <quiver/functions/scalar_function.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

/// \brief Teaches the plan codec a session's own plan nodes and function payloads.
///
/// The built-in codec (PhysicalPlanCodec) knows quiver's operators, expressions and scans. A
/// node it does not know is handed to `try_encode`, which names it and writes its bytes; on the
/// worker `try_decode` rebuilds it from that name, those bytes and its already-decoded inputs.
/// Functions travel by name and are looked up in the decoding session's FunctionRegistry; a
/// codec may also attach a payload to a function (its state) and rebuild it from that payload.
///
/// Register the same codec on the coordinator and on every worker (SessionStateBuilder::
/// with_physical_extension_codec). Every method must treat its input bytes as untrusted:
/// return Invalid on garbage, never crash.
class PhysicalExtensionCodec {
 public:
  virtual ~PhysicalExtensionCodec() = default;

  /// Encodes `node` (whose children the caller encodes itself) into `name` and `payload`.
  /// NotImplemented when this codec does not handle the node.
  virtual arrow::Status try_encode(const ExecutionPlanPtr& node, std::string* name,
                                   std::string* payload) const {
    return arrow::Status::NotImplemented("no extension codec for plan node '", node->name(), "'");
  }

  /// Rebuilds a node encoded by try_encode. NotImplemented when `name` is not this codec's.
  virtual arrow::Result<ExecutionPlanPtr> try_decode(const std::string& name,
                                                     std::string_view payload,
                                                     std::vector<ExecutionPlanPtr> inputs,
                                                     const FunctionRegistry& functions) const {
    return arrow::Status::NotImplemented("no extension codec for plan node '", name, "'");
  }

  /// Optional state of a scalar function. Leave `payload` untouched (or return NotImplemented)
  /// to send the function by name only.
  virtual arrow::Status try_encode_udf(const ScalarFunction& fn, std::string* payload) const {
    return arrow::Status::NotImplemented("no payload for '", fn.name(), "'");
  }

  /// Rebuilds a scalar function from its name and the payload try_encode_udf wrote. Also asked,
  /// with an empty payload, for functions the decoding registry does not know.
  virtual arrow::Result<std::shared_ptr<ScalarFunction>> try_decode_udf(
      const std::string& name, std::string_view payload) const {
    return arrow::Status::NotImplemented("no extension codec for scalar function '", name, "'");
  }
};

using PhysicalExtensionCodecPtr = std::shared_ptr<PhysicalExtensionCodec>;

}  // namespace quiver
