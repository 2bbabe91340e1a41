#pragma once

// Test support (header-only, used by *_test.cc of proto, distributed and worker): a codec for
// physical/testing's BatchSourceExec, so tests can send in-memory leaves to workers through
// the PhysicalExtensionCodec mechanism. The payload is a MemoryExecNode (IPC batches), plus
// the failure point and message of a failing source.

#include <arrow/io/memory.h>
#include <arrow/ipc/api.h>
#include <quiver/physical/testing/batch_source_exec.h>
#include <quiver/proto/physical_extension_codec.h>
#include <quiver/proto/physical_plan_codec.h>
#include <quiver/proto/plan.pb.h>

namespace quiver::testing {

/// A BatchSourceExec that fails with `message` after `fail_after` batches of each partition.
class FailingSourceExec : public BatchSourceExec {
 public:
  FailingSourceExec(std::shared_ptr<arrow::Schema> schema, Partitions partitions, int n,
                    std::string message)
      : BatchSourceExec(std::move(schema), std::move(partitions)),
        fail_after_n_(n),
        message_(std::move(message)) {
    fail_after(fail_after_n_, arrow::Status::ExecutionError(message_));
  }
  int fail_after_n() const { return fail_after_n_; }
  const std::string& message() const { return message_; }

 private:
  int fail_after_n_;
  std::string message_;
};

class BatchSourceCodec : public PhysicalExtensionCodec {
 public:
  arrow::Status try_encode(const ExecutionPlanPtr& node, std::string* name,
                           std::string* payload) const override {
    auto* source = dynamic_cast<const BatchSourceExec*>(node.get());
    if (!source) return PhysicalExtensionCodec::try_encode(node, name, payload);
    proto::MemoryExecNode msg;
    ARROW_ASSIGN_OR_RAISE(auto schema, SerializeSchemaBytes(*source->schema()));
    msg.set_schema(schema);
    for (int p = 0; p < source->output_partition_count(); ++p) {
      auto* part = msg.add_partitions();
      ARROW_ASSIGN_OR_RAISE(auto stream, source->execute(p, nullptr));
      std::shared_ptr<arrow::RecordBatch> batch;
      while (true) {
        auto st = stream->ReadNext(&batch);
        if (!st.ok() || !batch) break;
        ARROW_ASSIGN_OR_RAISE(auto sink, arrow::io::BufferOutputStream::Create());
        ARROW_ASSIGN_OR_RAISE(auto writer, arrow::ipc::MakeStreamWriter(sink, batch->schema()));
        ARROW_RETURN_NOT_OK(writer->WriteRecordBatch(*batch));
        ARROW_RETURN_NOT_OK(writer->Close());
        ARROW_ASSIGN_OR_RAISE(auto buffer, sink->Finish());
        part->add_batches(buffer->ToString());
      }
    }
    *name = "BatchSourceExec";
    if (auto* failing = dynamic_cast<const FailingSourceExec*>(node.get())) {
      *name =
          "FailingSourceExec:" + std::to_string(failing->fail_after_n()) + ":" + failing->message();
    }
    *payload = msg.SerializeAsString();
    return arrow::Status::OK();
  }

  arrow::Result<ExecutionPlanPtr> try_decode(const std::string& name, std::string_view payload,
                                             std::vector<ExecutionPlanPtr> inputs,
                                             const FunctionRegistry& functions) const override {
    bool failing = name.rfind("FailingSourceExec:", 0) == 0;
    if (name != "BatchSourceExec" && !failing) {
      return PhysicalExtensionCodec::try_decode(name, payload, std::move(inputs), functions);
    }
    proto::MemoryExecNode msg;
    if (!msg.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
      return arrow::Status::Invalid("bad BatchSourceExec payload");
    }
    ARROW_ASSIGN_OR_RAISE(auto schema, DeserializeSchemaBytes(msg.schema()));
    BatchSourceExec::Partitions partitions;
    for (const auto& part : msg.partitions()) {
      partitions.emplace_back();
      for (const auto& bytes : part.batches()) {
        auto input = std::make_shared<arrow::io::BufferReader>(arrow::Buffer::FromString(bytes));
        ARROW_ASSIGN_OR_RAISE(auto reader, arrow::ipc::RecordBatchStreamReader::Open(input));
        std::shared_ptr<arrow::RecordBatch> batch;
        ARROW_RETURN_NOT_OK(reader->ReadNext(&batch));
        if (!batch) return arrow::Status::Invalid("empty batch payload");
        partitions.back().push_back(batch);
      }
    }
    if (failing) {
      auto rest = name.substr(std::string("FailingSourceExec:").size());
      auto colon = rest.find(':');
      int n = std::stoi(rest.substr(0, colon));
      return std::make_shared<FailingSourceExec>(schema, std::move(partitions), n,
                                                 rest.substr(colon + 1));
    }
    return std::make_shared<BatchSourceExec>(schema, std::move(partitions));
  }
};

}  // namespace quiver::testing
