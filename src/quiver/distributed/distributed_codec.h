#pragma once

#include <quiver/proto/physical_extension_codec.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

/// \brief The extension codec used for distributed plans: encodes the network nodes
/// (NetworkShuffleExec, NetworkCoalesceExec, with the plan of the stage they read) and hands
/// every other node and function payload to the session's own codec, if any.
class DistributedCodec : public PhysicalExtensionCodec {
 public:
  explicit DistributedCodec(std::shared_ptr<PhysicalExtensionCodec> user = nullptr)
      : user_(std::move(user)) {}

  arrow::Status try_encode(const ExecutionPlanPtr& node, std::string* name,
                           std::string* payload) const override;
  arrow::Result<ExecutionPlanPtr> try_decode(const std::string& name, std::string_view payload,
                                             std::vector<ExecutionPlanPtr> inputs,
                                             const FunctionRegistry& functions) const override;
  arrow::Status try_encode_udf(const ScalarFunction& fn, std::string* payload) const override;
  arrow::Result<std::shared_ptr<ScalarFunction>> try_decode_udf(
      const std::string& name, std::string_view payload) const override;

 private:
  std::shared_ptr<PhysicalExtensionCodec> user_;
};

}  // namespace quiver
