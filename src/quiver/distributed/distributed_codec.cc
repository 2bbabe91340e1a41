#include <arrow/type.h>
#include <quiver/distributed/broadcast_exec.h>
#include <quiver/distributed/distributed_codec.h>
#include <quiver/distributed/network_broadcast_exec.h>
#include <quiver/distributed/network_coalesce_exec.h>
#include <quiver/distributed/network_shuffle_exec.h>
#include <quiver/proto/bounded_parse.h>
#include <quiver/proto/physical_plan_codec.h>
#include <quiver/proto/plan.pb.h>

namespace quiver {
namespace {

constexpr const char* kShuffle = "NetworkShuffleExec";
constexpr const char* kCoalesce = "NetworkCoalesceExec";
constexpr const char* kBroadcast = "NetworkBroadcastExec";
constexpr const char* kBroadcastHead = "BroadcastExec";
// Bounds that keep a hostile plan from asking for absurd fan-out.
constexpr int kMaxPartitions = 1 << 20;
constexpr int kMaxConsumers = 4096;

void StageToProto(const Stage& stage, proto::StageNode* out) {
  out->set_query_id(stage.query_id);
  out->set_stage_id(stage.stage_id);
  for (const auto& url : stage.task_urls) out->add_task_urls(url);
  out->set_partitions_per_task(stage.partitions_per_task);
}

// A remote stage is read by name and has no inputs; a local one's plan is the node's input.
arrow::Result<Stage> StageFromProto(const proto::StageNode& node,
                                    std::vector<ExecutionPlanPtr> inputs) {
  Stage stage;
  stage.query_id = node.query_id();
  stage.stage_id = node.stage_id();
  stage.task_urls.assign(node.task_urls().begin(), node.task_urls().end());
  stage.partitions_per_task = node.partitions_per_task();
  for (const auto& url : stage.task_urls) {
    if (url.empty()) return arrow::Status::Invalid("stage ", stage.stage_id, ": empty worker URL");
  }
  if (stage.is_remote()) {
    if (!inputs.empty()) return arrow::Status::Invalid("a remote stage has no inputs");
    if (stage.query_id.empty()) return arrow::Status::Invalid("a remote stage needs a query id");
    if (stage.partitions_per_task < 1 || stage.partitions_per_task > kMaxPartitions) {
      return arrow::Status::Invalid("stage ", stage.stage_id, " with ", stage.partitions_per_task,
                                    " partitions per task");
    }
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
  if (!ParseBoundedProto(payload, msg)) {
    return arrow::Status::Invalid("cannot parse ", what);
  }
  return arrow::Status::OK();
}

template <typename Message>
arrow::Status Write(const Message& msg, const char* name, std::string* out_name,
                    std::string* payload) {
  *out_name = name;
  if (!msg.SerializeToString(payload)) return arrow::Status::IOError("cannot encode ", name);
  return arrow::Status::OK();
}

}  // namespace

arrow::Status DistributedCodec::try_encode(const ExecutionPlanPtr& node, std::string* name,
                                           std::string* payload) const {
  if (auto* shuffle = dynamic_cast<const NetworkShuffleExec*>(node.get())) {
    proto::NetworkShuffleExecNode msg;
    StageToProto(shuffle->stage(), msg.mutable_stage());
    PhysicalPlanCodec plans(nullptr, this);
    ARROW_RETURN_NOT_OK(
        plans.partitioning_to_proto(shuffle->partitioning(), msg.mutable_partitioning()));
    ARROW_ASSIGN_OR_RAISE(auto schema, SerializeSchemaBytes(*shuffle->schema()));
    msg.set_schema(std::move(schema));
    return Write(msg, kShuffle, name, payload);
  }
  if (auto* coalesce = dynamic_cast<const NetworkCoalesceExec*>(node.get())) {
    proto::NetworkCoalesceExecNode msg;
    StageToProto(coalesce->stage(), msg.mutable_stage());
    ARROW_ASSIGN_OR_RAISE(auto schema, SerializeSchemaBytes(*coalesce->schema()));
    msg.set_schema(std::move(schema));
    return Write(msg, kCoalesce, name, payload);
  }
  if (auto* broadcast = dynamic_cast<const NetworkBroadcastExec*>(node.get())) {
    proto::NetworkBroadcastExecNode msg;
    StageToProto(broadcast->stage(), msg.mutable_stage());
    msg.set_partitions_per_consumer(broadcast->partitions_per_consumer());
    ARROW_ASSIGN_OR_RAISE(auto schema, SerializeSchemaBytes(*broadcast->schema()));
    msg.set_schema(std::move(schema));
    return Write(msg, kBroadcast, name, payload);
  }
  if (auto* head = dynamic_cast<const BroadcastExec*>(node.get())) {
    proto::BroadcastExecNode msg;
    msg.set_consumers(head->consumers());
    return Write(msg, kBroadcastHead, name, payload);
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
    ARROW_ASSIGN_OR_RAISE(auto stage, StageFromProto(msg.stage(), std::move(inputs)));
    if (stage.plan) ARROW_RETURN_NOT_OK(CheckSchema(*schema, *stage.plan->schema()));
    PhysicalPlanCodec plans(&functions, this);
    ARROW_ASSIGN_OR_RAISE(auto partitioning,
                          plans.partitioning_from_proto(msg.partitioning(), *schema));
    const int produced =
        stage.plan ? stage.plan->output_partition_count() : stage.partitions_per_task;
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
    ARROW_ASSIGN_OR_RAISE(auto stage, StageFromProto(msg.stage(), std::move(inputs)));
    if (stage.plan) ARROW_RETURN_NOT_OK(CheckSchema(*schema, *stage.plan->schema()));
    if (stage.is_remote() &&
        static_cast<int64_t>(stage.task_count()) * stage.partitions_per_task > kMaxPartitions) {
      return arrow::Status::Invalid(kCoalesce, " over too many partitions");
    }
    return std::make_shared<NetworkCoalesceExec>(std::move(stage), std::move(schema));
  }
  if (name == kBroadcast) {
    proto::NetworkBroadcastExecNode msg;
    ARROW_RETURN_NOT_OK(Parse(payload, &msg, kBroadcast));
    ARROW_ASSIGN_OR_RAISE(auto schema, DeserializeSchemaBytes(msg.schema()));
    ARROW_ASSIGN_OR_RAISE(auto stage, StageFromProto(msg.stage(), std::move(inputs)));
    if (stage.plan) ARROW_RETURN_NOT_OK(CheckSchema(*schema, *stage.plan->schema()));
    const int per_consumer = msg.partitions_per_consumer();
    const int produced =
        stage.plan ? stage.plan->output_partition_count() : stage.partitions_per_task;
    if (per_consumer < 1 || per_consumer > kMaxPartitions || produced % per_consumer != 0) {
      return arrow::Status::Invalid(kBroadcast, " reads ", per_consumer,
                                    " partitions per consumer from a stage of ", produced);
    }
    return std::make_shared<NetworkBroadcastExec>(std::move(stage), per_consumer,
                                                  std::move(schema));
  }
  if (name == kBroadcastHead) {
    proto::BroadcastExecNode msg;
    ARROW_RETURN_NOT_OK(Parse(payload, &msg, kBroadcastHead));
    if (inputs.size() != 1 || !inputs[0]) {
      return arrow::Status::Invalid(kBroadcastHead, " needs 1 input");
    }
    if (msg.consumers() < 1 || msg.consumers() > kMaxConsumers ||
        static_cast<int64_t>(msg.consumers()) * inputs[0]->output_partition_count() >
            kMaxPartitions) {
      return arrow::Status::Invalid(kBroadcastHead, " for ", msg.consumers(), " consumers");
    }
    return std::make_shared<BroadcastExec>(std::move(inputs[0]), msg.consumers());
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
