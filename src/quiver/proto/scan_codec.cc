// Scans on the wire: ParquetExec, CsvExec and MemoryExec (datasource layer). Paths are sent as
// they are: workers must see the same files (shared storage) as the coordinator.
#include <arrow/buffer.h>
#include <arrow/io/memory.h>
#include <arrow/ipc/api.h>
#include <arrow/record_batch.h>
#include <quiver/datasource/csv_exec.h>
#include <quiver/datasource/memory_exec.h>
#include <quiver/datasource/parquet_exec.h>
#include <quiver/proto/physical_plan_codec.h>
#include <quiver/proto/plan.pb.h>
#include <quiver/proto/plan_node_registry.h>

namespace quiver {
namespace {

// A bound on partitions keeps hostile plans from allocating without limit.
constexpr int kMaxScanPartitions = 65536;

template <typename Repeated>
void ProjectionToProto(const std::optional<std::vector<int>>& projection, Repeated* out,
                       bool* has) {
  *has = projection.has_value();
  if (projection) {
    for (int i : *projection) out->Add(i);
  }
}

template <typename Repeated>
arrow::Result<std::optional<std::vector<int>>> ProjectionFromProto(const Repeated& in, bool has,
                                                                   const arrow::Schema& schema,
                                                                   const char* node) {
  if (!has) return std::nullopt;
  std::vector<int> out;
  for (int i : in) {
    if (i < 0 || i >= schema.num_fields()) {
      return arrow::Status::Invalid("bad plan: ", node, " projects column ", i, " of ",
                                    schema.num_fields());
    }
    out.push_back(i);
  }
  return out;
}

arrow::Status CheckPartitionCount(int n, const char* node) {
  if (n < 1 || n > kMaxScanPartitions) {
    return arrow::Status::Invalid("bad plan: ", node, " with ", n, " partitions");
  }
  return arrow::Status::OK();
}

arrow::Result<std::string> BatchToIpc(const arrow::RecordBatch& batch) {
  ARROW_ASSIGN_OR_RAISE(auto sink, arrow::io::BufferOutputStream::Create());
  ARROW_ASSIGN_OR_RAISE(auto writer, arrow::ipc::MakeStreamWriter(sink, batch.schema()));
  ARROW_RETURN_NOT_OK(writer->WriteRecordBatch(batch));
  ARROW_RETURN_NOT_OK(writer->Close());
  ARROW_ASSIGN_OR_RAISE(auto buffer, sink->Finish());
  return buffer->ToString();
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> BatchFromIpc(const std::string& bytes) {
  auto input = std::make_shared<arrow::io::BufferReader>(arrow::Buffer::FromString(bytes));
  ARROW_ASSIGN_OR_RAISE(auto reader, arrow::ipc::RecordBatchStreamReader::Open(input));
  std::shared_ptr<arrow::RecordBatch> batch;
  ARROW_RETURN_NOT_OK(reader->ReadNext(&batch));
  if (!batch) return arrow::Status::Invalid("no batch");
  ARROW_RETURN_NOT_OK(batch->ValidateFull());
  return batch;
}

arrow::Status EncodeParquet(const PhysicalPlanCodec& codec, const ExecutionPlan& plan,
                            proto::PhysicalPlanNode* out) {
  const auto* scan = static_cast<const ParquetExec*>(&plan);
  auto* n = out->mutable_parquet_scan();
  ARROW_ASSIGN_OR_RAISE(auto schema, SerializeSchemaBytes(*scan->file_schema()));
  n->set_file_schema(std::move(schema));
  for (const auto& partition : scan->partitions()) {
    auto* p = n->add_partitions();
    for (const auto& unit : partition) {
      auto* u = p->add_units();
      u->set_path(unit.path);
      u->set_row_group(unit.row_group);
      u->set_num_rows(unit.num_rows);
    }
  }
  bool has = false;
  ProjectionToProto(scan->projection(), n->mutable_projection(), &has);
  n->set_has_projection(has);
  for (const auto& f : scan->pruning_filters()) {
    ARROW_RETURN_NOT_OK(codec.expr_to_proto(f, n->add_pruning_filters()));
  }
  n->set_batch_size(scan->batch_size());
  n->set_total_row_groups(scan->total_row_groups());
  for (const auto& f : scan->dynamic_filters()) {
    ARROW_RETURN_NOT_OK(codec.expr_to_proto(f, n->add_dynamic_filters()));
  }
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> DecodeParquet(const PlanDecoder& d,
                                              const proto::PhysicalPlanNode& node) {
  const auto& n = node.parquet_scan();
  ParquetScanConfig config;
  auto schema = DeserializeSchemaBytes(n.file_schema());
  if (!schema.ok())
    return arrow::Status::Invalid("bad plan: ParquetExec: ", schema.status().message());
  config.file_schema = *schema;
  ARROW_RETURN_NOT_OK(CheckPartitionCount(n.partitions_size(), "ParquetExec"));
  for (const auto& p : n.partitions()) {
    config.partitions.emplace_back();
    for (const auto& u : p.units()) {
      if (u.path().empty() || u.row_group() < 0 || u.num_rows() < 0 || u.byte_size() < 0) {
        return arrow::Status::Invalid("bad plan: ParquetExec unit '", u.path(), "' row group ",
                                      u.row_group());
      }
      config.partitions.back().push_back(
          ParquetScanUnit{u.path(), u.row_group(), u.num_rows(), u.byte_size()});
    }
  }
  ARROW_ASSIGN_OR_RAISE(config.projection, ProjectionFromProto(n.projection(), n.has_projection(),
                                                               *config.file_schema, "ParquetExec"));
  for (const auto& f : n.pruning_filters()) {
    ARROW_ASSIGN_OR_RAISE(auto expr, d.expr(f, config.file_schema.get()));
    config.pruning_filters.push_back(std::move(expr));
  }
  if (n.batch_size() < 1)
    return arrow::Status::Invalid("bad plan: ParquetExec batch size ", n.batch_size());
  config.batch_size = n.batch_size();
  config.total_row_groups = n.total_row_groups();
  if (n.dynamic_filters_size() > 0) {
    // Bound to the scan's output columns.
    arrow::FieldVector fields;
    if (config.projection) {
      for (int f : *config.projection) fields.push_back(config.file_schema->field(f));
    } else {
      fields = config.file_schema->fields();
    }
    auto output = arrow::schema(std::move(fields));
    for (const auto& f : n.dynamic_filters()) {
      ARROW_ASSIGN_OR_RAISE(auto expr, d.expr(f, output.get()));
      config.dynamic_filters.push_back(std::move(expr));
    }
  }
  auto made = ParquetExec::Make(std::move(config));
  if (!made.ok()) return arrow::Status::Invalid("bad plan: ParquetExec: ", made.status().message());
  return *made;
}

arrow::Status EncodeCsv(const PhysicalPlanCodec& codec, const ExecutionPlan& plan,
                        proto::PhysicalPlanNode* out) {
  const auto* scan = static_cast<const CsvExec*>(&plan);
  auto* n = out->mutable_csv_scan();
  ARROW_ASSIGN_OR_RAISE(auto schema, SerializeSchemaBytes(*scan->file_schema()));
  n->set_file_schema(std::move(schema));
  for (const auto& partition : scan->partitions()) {
    auto* p = n->add_partitions();
    for (const auto& file : partition) {
      auto* f = p->add_files();
      f->set_path(file.path);
      f->set_size(file.size);
    }
  }
  bool has = false;
  ProjectionToProto(scan->projection(), n->mutable_projection(), &has);
  n->set_has_projection(has);
  n->set_has_header(scan->options().has_header);
  n->set_delimiter(std::string(1, scan->options().delimiter));
  n->set_file_extension(scan->options().file_extension);
  n->set_batch_size(scan->batch_size());
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> DecodeCsv(const PlanDecoder&, const proto::PhysicalPlanNode& node) {
  const auto& n = node.csv_scan();
  CsvFormatOptions options;
  auto schema = DeserializeSchemaBytes(n.file_schema());
  if (!schema.ok()) return arrow::Status::Invalid("bad plan: CsvExec: ", schema.status().message());
  options.schema = *schema;
  options.has_header = n.has_header();
  if (n.delimiter().size() != 1) {
    return arrow::Status::Invalid("bad plan: CsvExec delimiter '", n.delimiter(), "'");
  }
  options.delimiter = n.delimiter()[0];
  options.file_extension = n.file_extension();
  ARROW_RETURN_NOT_OK(CheckPartitionCount(n.partitions_size(), "CsvExec"));
  CsvExec::Partitions partitions;
  for (const auto& p : n.partitions()) {
    partitions.emplace_back();
    for (const auto& f : p.files()) {
      if (f.path().empty()) return arrow::Status::Invalid("bad plan: CsvExec empty path");
      partitions.back().push_back(CsvFile{f.path(), f.size()});
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto projection, ProjectionFromProto(n.projection(), n.has_projection(),
                                                             *options.schema, "CsvExec"));
  if (n.batch_size() < 1)
    return arrow::Status::Invalid("bad plan: CsvExec batch size ", n.batch_size());
  auto made = CsvExec::Make(std::move(options), std::move(partitions), std::move(projection),
                            n.batch_size());
  if (!made.ok()) return arrow::Status::Invalid("bad plan: CsvExec: ", made.status().message());
  return *made;
}

arrow::Status EncodeMemory(const PhysicalPlanCodec& codec, const ExecutionPlan& plan,
                           proto::PhysicalPlanNode* out) {
  const auto* scan = static_cast<const MemoryExec*>(&plan);
  auto* n = out->mutable_memory_scan();
  ARROW_ASSIGN_OR_RAISE(auto schema, SerializeSchemaBytes(*scan->batch_schema()));
  n->set_schema(std::move(schema));
  for (const auto& partition : scan->partitions()) {
    auto* p = n->add_partitions();
    for (const auto& batch : partition) {
      ARROW_ASSIGN_OR_RAISE(auto bytes, BatchToIpc(*batch));
      p->add_batches(std::move(bytes));
    }
  }
  bool has = false;
  ProjectionToProto(scan->projection(), n->mutable_projection(), &has);
  n->set_has_projection(has);
  return arrow::Status::OK();
}

arrow::Result<ExecutionPlanPtr> DecodeMemory(const PlanDecoder&,
                                             const proto::PhysicalPlanNode& node) {
  const auto& n = node.memory_scan();
  auto schema = DeserializeSchemaBytes(n.schema());
  if (!schema.ok())
    return arrow::Status::Invalid("bad plan: MemoryExec: ", schema.status().message());
  ARROW_RETURN_NOT_OK(CheckPartitionCount(n.partitions_size(), "MemoryExec"));
  MemoryExec::Partitions partitions;
  for (const auto& p : n.partitions()) {
    partitions.emplace_back();
    for (const auto& bytes : p.batches()) {
      auto batch = BatchFromIpc(bytes);
      if (!batch.ok())
        return arrow::Status::Invalid("bad plan: MemoryExec batch: ", batch.status().message());
      if (!(*batch)->schema()->Equals(**schema, false)) {
        return arrow::Status::Invalid("bad plan: MemoryExec batch schema differs from the scan's");
      }
      partitions.back().push_back(*batch);
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto projection, ProjectionFromProto(n.projection(), n.has_projection(),
                                                             **schema, "MemoryExec"));
  auto made = MemoryExec::Make(*schema, std::move(partitions), std::move(projection));
  if (!made.ok()) return arrow::Status::Invalid("bad plan: MemoryExec: ", made.status().message());
  return *made;
}

}  // namespace

void RegisterScanCodecs(PlanNodeRegistry* r) {
  using Node = proto::PhysicalPlanNode;
  r->add<ParquetExec>(Node::kParquetScan, EncodeParquet, DecodeParquet);
  r->add<CsvExec>(Node::kCsvScan, EncodeCsv, DecodeCsv);
  r->add<MemoryExec>(Node::kMemoryScan, EncodeMemory, DecodeMemory);
}

}  // namespace quiver
