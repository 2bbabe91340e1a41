#include <arrow/type.h>
#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/plan_stream.h>
#include <quiver/physical/projection/projection_exec.h>

namespace quiver {
namespace {

class ProjectionStream : public PlanStream {
 public:
  ProjectionStream(std::shared_ptr<arrow::Schema> schema,
                   std::vector<ProjectionExec::NamedExpr> exprs, RecordBatchStreamPtr input,
                   TaskContextPtr ctx)
      : PlanStream(std::move(schema), std::move(ctx)),
        exprs_(std::move(exprs)),
        input_(std::move(input)) {}

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override {
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(input_->ReadNext(&batch));
    if (!batch) return arrow::Status::OK();
    std::vector<std::shared_ptr<arrow::Array>> columns;
    columns.reserve(exprs_.size());
    for (const auto& [expr, name] : exprs_) {
      ARROW_ASSIGN_OR_RAISE(auto column, EvaluateToArray(*expr, *batch));
      columns.push_back(std::move(column));
    }
    *out = arrow::RecordBatch::Make(schema(), batch->num_rows(), std::move(columns));
    return arrow::Status::OK();
  }
  arrow::Status CloseInputs() override { return input_->Close(); }

 private:
  std::vector<ProjectionExec::NamedExpr> exprs_;
  RecordBatchStreamPtr input_;
};

arrow::Result<std::shared_ptr<arrow::Schema>> ProjectedSchema(
    const std::vector<ProjectionExec::NamedExpr>& exprs, const ExecutionPlanPtr& input) {
  if (!input) return arrow::Status::Invalid("ProjectionExec without input");
  auto in = input->schema();
  arrow::FieldVector fields;
  for (const auto& [expr, name] : exprs) {
    if (!expr) return arrow::Status::Invalid("ProjectionExec: null expression for ", name);
    ARROW_ASSIGN_OR_RAISE(auto type, expr->data_type(*in));
    fields.push_back(arrow::field(name, type, expr->nullable(*in)));
  }
  return arrow::schema(std::move(fields));
}

}  // namespace

ProjectionExec::ProjectionExec(std::vector<NamedExpr> exprs, ExecutionPlanPtr input)
    : exprs_(std::move(exprs)), input_(std::move(input)) {
  auto schema = ProjectedSchema(exprs_, input_);
  if (schema.ok()) {
    schema_ = *schema;
  } else {
    schema_status_ = schema.status();
    arrow::FieldVector fields;
    for (const auto& e : exprs_) fields.push_back(arrow::field(e.second, arrow::null()));
    schema_ = arrow::schema(std::move(fields));
  }
}

arrow::Result<std::shared_ptr<ProjectionExec>> ProjectionExec::Make(std::vector<NamedExpr> exprs,
                                                                    ExecutionPlanPtr input) {
  auto plan = std::make_shared<ProjectionExec>(std::move(exprs), std::move(input));
  ARROW_RETURN_NOT_OK(plan->schema_status_);
  return plan;
}

namespace {
// Maps an input column expression to the output column that passes it through, if any.
PhysicalExprPtr MapThrough(const PhysicalExprPtr& e,
                           const std::vector<ProjectionExec::NamedExpr>& exprs) {
  auto* col = dynamic_cast<const ColumnExpr*>(e.get());
  if (!col) return nullptr;
  for (size_t i = 0; i < exprs.size(); ++i) {
    auto* out = dynamic_cast<const ColumnExpr*>(exprs[i].first.get());
    if (out && out->index() == col->index()) {
      return std::make_shared<ColumnExpr>(exprs[i].second, static_cast<int>(i));
    }
  }
  return nullptr;
}
}  // namespace

Partitioning ProjectionExec::output_partitioning() const {
  Partitioning in = input_->output_partitioning();
  if (in.kind != Partitioning::Kind::kHash) return in;
  std::vector<PhysicalExprPtr> mapped;
  for (const auto& e : in.exprs) {
    auto m = MapThrough(e, exprs_);
    if (!m) return Partitioning::Unknown(in.partition_count);
    mapped.push_back(std::move(m));
  }
  return Partitioning::Hash(std::move(mapped), in.partition_count);
}

std::optional<LexOrdering> ProjectionExec::output_ordering() const {
  auto in = input_->output_ordering();
  if (!in) return std::nullopt;
  LexOrdering out;
  for (const auto& key : *in) {
    auto m = MapThrough(key.expr, exprs_);
    if (!m) break;  // a prefix of the ordering still holds
    out.push_back({m, key.descending, key.nulls_first});
  }
  if (out.empty()) return std::nullopt;
  return out;
}

arrow::Result<ExecutionPlanPtr> ProjectionExec::try_push_dynamic_filter(
    const PhysicalExprPtr& filter) const {
  std::vector<int> mapping;
  for (const auto& [expr, name] : exprs_) {
    auto* column = dynamic_cast<const ColumnExpr*>(expr.get());
    mapping.push_back(column ? column->index() : -1);
  }
  auto remapped = RemapColumns(filter, mapping, *input_->schema());
  if (!remapped.ok()) return nullptr;  // it uses a computed column
  ARROW_ASSIGN_OR_RAISE(auto input, input_->try_push_dynamic_filter(*remapped));
  if (!input) return nullptr;
  return with_new_children({std::move(input)});
}

Statistics ProjectionExec::statistics() const {
  Statistics in = input_->statistics();
  // Bytes follow the share of columns kept (a fair guess without per-column sizes).
  const int in_fields = input_->schema()->num_fields();
  if (in.total_byte_size && in_fields > 0) {
    in.total_byte_size = *in.total_byte_size * static_cast<int64_t>(exprs_.size()) / in_fields;
    in.exact = false;
  }
  // A column passed through keeps what is known of it; a computed one is unknown.
  std::vector<ColumnStatistics> columns;
  if (static_cast<int>(in.columns.size()) == in_fields) {
    for (const auto& e : exprs_) {
      auto* column = dynamic_cast<const ColumnExpr*>(e.first.get());
      columns.push_back(column && column->index() < in_fields ? in.columns[column->index()]
                                                              : ColumnStatistics{});
    }
  }
  in.columns = std::move(columns);
  return in;
}

arrow::Result<ExecutionPlanPtr> ProjectionExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  ARROW_RETURN_NOT_OK(CheckOneChild(name(), children));
  return std::make_shared<ProjectionExec>(exprs_, children[0]);
}

arrow::Result<RecordBatchStreamPtr> ProjectionExec::execute(int partition,
                                                            const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(schema_status_);
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  ARROW_ASSIGN_OR_RAISE(auto input, input_->execute(partition, ctx));
  return std::make_shared<ProjectionStream>(schema_, exprs_, std::move(input), ctx);
}

std::string ProjectionExec::to_string() const {
  std::string out = "ProjectionExec: expr=[";
  for (size_t i = 0; i < exprs_.size(); ++i) {
    if (i > 0) out += ", ";
    out += exprs_[i].first->to_string() + " as " + exprs_[i].second;
  }
  return out + "]";
}

}  // namespace quiver
