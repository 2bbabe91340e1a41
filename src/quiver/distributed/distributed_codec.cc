#include <arrow/type.h>
#include <quiver/distributed/distributed_codec.h>
#include <quiver/distributed/network_coalesce_exec.h>
#include <quiver/distributed/network_shuffle_exec.h>
#include <quiver/proto/physical_plan_codec.h>
#include <quiver/proto/plan.pb.h>

namespace quiver {
namespace {

constexpr const char* kShuffle = "NetworkShuffleExec";
constexpr const char* kCoalesce = "NetworkCoalesceExec";

arrow::Status StageToProto(const Stage& stage, const PhysicalExtensionCodec* codec,
                           proto::StageNode* out) {
  out->set_query_id(stage.query_id);
  out->set_stage_id(stage.stage_id);
  for (const auto& url : stage.task_urls) out->add_task_urls(url);
  // A local stage's plan is the node's child, which the plan codec encodes as an input.
  if (stage.is_remote()) {
    PhysicalPlanCodec plans(nullptr, codec);
    ARROW_RETURN_NOT_OK(plans.to_proto(stage.plan, out->mutable_plan()));
  }
  return arrow::Status::OK();
}

arrow::Result<Stage> StageFromProto(const proto::StageNode& node,
                                    std::vector<ExecutionPlanPtr> inputs,
                                    const FunctionRegistry& functions,
                                    const PhysicalExtensionCodec* codec) {
  Stage stage;
  stage.query_id = node.query_id();
  stage.stage_id = node.stage_id();
  stage.task_urls.assign(node.task_urls().begin(), node.task_urls().end());
  for (const auto& url : stage.task_urls) {
    if (url.empty()) return arrow::Status::Invalid("stage ", stage.stage_id, ": empty worker URL");
  }
  if (stage.is_remote()) {
    if (!inputs.empty()) return arrow::Status::Invalid("a remote stage has no inputs");
    if (!node.has_plan()) return arrow::Status::Invalid("stage ", stage.stage_id, " has no plan");
    PhysicalPlanCodec plans(&functions, codec);
    ARROW_ASSIGN_OR_RAISE(stage.plan, plans.from_proto(node.plan()));
  } else {
    if (inputs.size() != 1) {
      return arrow::Status::Invalid("a local stage needs 1 input, got ", inputs.size());
    }
    stage.plan = std::move(inputs[0]);
  }
  return stage;
}

arrow::Status CheckSchema(const arrow::Schema& expected, const arrow::Schema& actual) {
  if (expected.num_fields() != actual.num_fields()) {
    return arrow::Status::Invalid("stage plan has ", actual.num_fields(), " columns, expected ",
                                  expected.num_fields());
  }
  for (int i = 0; i < expected.num_fields(); ++i) {
    if (!expected.field(i)->type()->Equals(*actual.field(i)->type())) {
      return arrow::Status::Invalid("stage plan column ", i, " is ",
                                    actual.field(i)->type()->ToString(), ", expected ",
                                    expected.field(i)->type()->ToString());
    }
  }
  return arrow::Status::OK();
}

template <typename Message>
arrow::Status Parse(std::string_view payload, Message* msg, const char* what) {
  if (!msg->ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return arrow::Status::Invalid("cannot parse ", what);
  }
  return arrow::Status::OK();
}

}  // namespace

arrow::Status DistributedCodec::try_encode(const ExecutionPlanPtr& node, std::string* name,
                                           std::string* payload) const {
  if (auto* shuffle = dynamic_cast<const NetworkShuffleExec*>(node.get())) {
    proto::NetworkShuffleExecNode msg;
    ARROW_RETURN_NOT_OK(StageToProto(shuffle->stage(), this, msg.mutable_stage()));
    PhysicalPlanCodec plans(nullptr, this);
    ARROW_RETURN_NOT_OK(
        plans.partitioning_to_proto(shuffle->partitioning(), msg.mutable_partitioning()));
    ARROW_ASSIGN_OR_RAISE(auto schema, SerializeSchemaBytes(*shuffle->schema()));
    msg.set_schema(std::move(schema));
    *name = kShuffle;
    if (!msg.SerializeToString(payload)) return arrow::Status::IOError("cannot encode ", kShuffle);
    return arrow::Status::OK();
  }
  if (auto* coalesce = dynamic_cast<const NetworkCoalesceExec*>(node.get())) {
    proto::NetworkCoalesceExecNode msg;
    ARROW_RETURN_NOT_OK(StageToProto(coalesce->stage(), this, msg.mutable_stage()));
    msg.set_partitions_per_task(coalesce->partitions_per_task());
    ARROW_ASSIGN_OR_RAISE(auto schema, SerializeSchemaBytes(*coalesce->schema()));
    msg.set_schema(std::move(schema));
    *name = kCoalesce;
    if (!msg.SerializeToString(payload)) return arrow::Status::IOError("cannot encode ", kCoalesce);
    return arrow::Status::OK();
  }
  if (user_) return user_->try_encode(node, name, payload);
  return PhysicalExtensionCodec::try_encode(node, name, payload);
}

arrow::Result<ExecutionPlanPtr> DistributedCodec::try_decode(
    const std::string& name, std::string_view payload, std::vector<ExecutionPlanPtr> inputs,
    const FunctionRegistry& functions) const {
  if (name == kShuffle) {
    proto::NetworkShuffleExecNode msg;
    ARROW_RETURN_NOT_OK(Parse(payload, &msg, kShuffle));
    ARROW_ASSIGN_OR_RAISE(auto schema, DeserializeSchemaBytes(msg.schema()));
    ARROW_ASSIGN_OR_RAISE(auto stage,
                          StageFromProto(msg.stage(), std::move(inputs), functions, this));
    ARROW_RETURN_NOT_OK(CheckSchema(*schema, *stage.plan->schema()));
    PhysicalPlanCodec plans(&functions, this);
    ARROW_ASSIGN_OR_RAISE(auto partitioning,
                          plans.partitioning_from_proto(msg.partitioning(), *schema));
    int produced = stage.plan->output_partition_count();
    if (produced % partitioning.partition_count != 0) {
      return arrow::Status::Invalid(kShuffle, " reads ", partitioning.partition_count,
                                    " partitions per task from a stage of ", produced);
    }
    return std::make_shared<NetworkShuffleExec>(std::move(stage), std::move(partitioning),
                                                std::move(schema));
  }
  if (name == kCoalesce) {
    proto::NetworkCoalesceExecNode msg;
    ARROW_RETURN_NOT_OK(Parse(payload, &msg, kCoalesce));
    ARROW_ASSIGN_OR_RAISE(auto schema, DeserializeSchemaBytes(msg.schema()));
    ARROW_ASSIGN_OR_RAISE(auto stage,
                          StageFromProto(msg.stage(), std::move(inputs), functions, this));
    ARROW_RETURN_NOT_OK(CheckSchema(*schema, *stage.plan->schema()));
    if (msg.partitions_per_task() != stage.plan->output_partition_count()) {
      return arrow::Status::Invalid(kCoalesce, " expects ", msg.partitions_per_task(),
                                    " partitions per task, the stage plan has ",
                                    stage.plan->output_partition_count());
    }
    return std::make_shared<NetworkCoalesceExec>(std::move(stage), msg.partitions_per_task(),
                                                 std::move(schema));
  }
  if (user_) return user_->try_decode(name, payload, std::move(inputs), functions);
  return PhysicalExtensionCodec::try_decode(name, payload, std::move(inputs), functions);
}

arrow::Status DistributedCodec::try_encode_udf(const ScalarFunction& fn,
                                               std::string* payload) const {
  if (user_) return user_->try_encode_udf(fn, payload);
  return PhysicalExtensionCodec::try_encode_udf(fn, payload);
}

arrow::Result<std::shared_ptr<ScalarFunction>> DistributedCodec::try_decode_udf(
    const std::string& name, std::string_view payload) const {
  if (user_) return user_->try_decode_udf(name, payload);
  return PhysicalExtensionCodec::try_decode_udf(name, payload);
}

}  // namespace quiver
