// Arrow types, schemas and scalars as IPC bytes, for plan.proto. Reading validates everything:
// the bytes come from the network.
#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/io/memory.h>
#include <arrow/ipc/api.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/proto/physical_plan_codec.h>

namespace quiver {

arrow::Result<std::string> SerializeSchemaBytes(const arrow::Schema& schema) {
  ARROW_ASSIGN_OR_RAISE(auto buffer, arrow::ipc::SerializeSchema(schema));
  return buffer->ToString();
}

arrow::Result<std::shared_ptr<arrow::Schema>> DeserializeSchemaBytes(std::string_view bytes) {
  if (bytes.empty()) return arrow::Status::Invalid("missing schema");
  arrow::io::BufferReader reader(std::make_shared<arrow::Buffer>(
      reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size())));
  arrow::ipc::DictionaryMemo memo;
  auto schema = arrow::ipc::ReadSchema(&reader, &memo);
  if (!schema.ok()) return arrow::Status::Invalid("bad schema bytes: ", schema.status().message());
  return *schema;
}

arrow::Result<std::string> SerializeDataType(const std::shared_ptr<arrow::DataType>& type) {
  if (!type) return arrow::Status::Invalid("cannot serialize a null data type");
  return SerializeSchemaBytes(*arrow::schema({arrow::field("t", type)}));
}

arrow::Result<std::shared_ptr<arrow::DataType>> DeserializeDataType(std::string_view bytes) {
  auto schema = DeserializeSchemaBytes(bytes);
  if (!schema.ok()) return arrow::Status::Invalid("bad data type: ", schema.status().message());
  if ((*schema)->num_fields() != 1) {
    return arrow::Status::Invalid("bad data type: expected 1 field, got ", (*schema)->num_fields());
  }
  return (*schema)->field(0)->type();
}

arrow::Result<std::string> SerializeScalar(const std::shared_ptr<arrow::Scalar>& scalar) {
  if (!scalar) return arrow::Status::Invalid("cannot serialize a null scalar");
  ARROW_ASSIGN_OR_RAISE(auto array, arrow::MakeArrayFromScalar(*scalar, 1));
  auto batch =
      arrow::RecordBatch::Make(arrow::schema({arrow::field("v", scalar->type)}), 1, {array});
  ARROW_ASSIGN_OR_RAISE(auto sink, arrow::io::BufferOutputStream::Create());
  ARROW_ASSIGN_OR_RAISE(auto writer, arrow::ipc::MakeStreamWriter(sink, batch->schema()));
  ARROW_RETURN_NOT_OK(writer->WriteRecordBatch(*batch));
  ARROW_RETURN_NOT_OK(writer->Close());
  ARROW_ASSIGN_OR_RAISE(auto buffer, sink->Finish());
  return buffer->ToString();
}

namespace {

arrow::Result<std::shared_ptr<arrow::Scalar>> ReadScalar(std::string_view bytes) {
  auto input = std::make_shared<arrow::io::BufferReader>(std::make_shared<arrow::Buffer>(
      reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size())));
  ARROW_ASSIGN_OR_RAISE(auto reader, arrow::ipc::RecordBatchStreamReader::Open(input));
  std::shared_ptr<arrow::RecordBatch> batch;
  ARROW_RETURN_NOT_OK(reader->ReadNext(&batch));
  if (!batch || batch->num_columns() != 1 || batch->num_rows() != 1) {
    return arrow::Status::Invalid("expected one column of one row");
  }
  ARROW_RETURN_NOT_OK(batch->ValidateFull());
  return batch->column(0)->GetScalar(0);
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::Scalar>> DeserializeScalar(std::string_view bytes) {
  if (bytes.empty()) return arrow::Status::Invalid("missing scalar");
  auto scalar = ReadScalar(bytes);
  if (!scalar.ok()) return arrow::Status::Invalid("bad scalar bytes: ", scalar.status().message());
  return *scalar;
}

}  // namespace quiver
