#include <arrow/array.h>
#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/filter/filter_exec.h>
#include <quiver/physical/plan_stream.h>

#include <algorithm>

namespace quiver {
namespace {

// Without column statistics every conjunct keeps a fifth of the rows and an equality a tenth
// (as optimizer/cardinality.cc, and close to DuckDB's and DataFusion's defaults), so a scan
// filtered by a two-sided range counts as smaller than one filtered by a single comparison.
double DefaultSelectivity(const PhysicalExpr& predicate) {
  if (auto* binary = dynamic_cast<const BinaryExpr*>(&predicate)) {
    if (binary->op() == BinaryOperator::kAnd) {
      return DefaultSelectivity(*binary->left()) * DefaultSelectivity(*binary->right());
    }
    if (binary->op() == BinaryOperator::kEq) return 0.1;
  }
  return 0.2;
}

class FilterStream : public PlanStream {
 public:
  FilterStream(PhysicalExprPtr predicate, RecordBatchStreamPtr input, TaskContextPtr ctx)
      : PlanStream(input->schema(), std::move(ctx)),
        predicate_(std::move(predicate)),
        input_(std::move(input)) {}

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override {
    while (true) {
      std::shared_ptr<arrow::RecordBatch> batch;
      ARROW_RETURN_NOT_OK(input_->ReadNext(&batch));
      if (!batch) return arrow::Status::OK();
      if (batch->num_rows() == 0) continue;
      ARROW_ASSIGN_OR_RAISE(auto mask, predicate_->evaluate(*batch));
      if (!mask.type()->Equals(*arrow::boolean())) {
        return arrow::Status::TypeError("filter predicate ", predicate_->to_string(), " is ",
                                        mask.type()->ToString(), ", expected boolean");
      }
      if (mask.is_scalar()) {
        const auto& s = mask.scalar_as<arrow::BooleanScalar>();
        if (s.is_valid && s.value) {
          *out = std::move(batch);
          return arrow::Status::OK();
        }
        continue;
      }
      auto array = std::static_pointer_cast<arrow::BooleanArray>(mask.make_array());
      const int64_t kept = array->true_count();
      if (kept == 0) continue;
      if (kept == batch->num_rows()) {
        *out = std::move(batch);  // every row passes: no copy
        return arrow::Status::OK();
      }
      ARROW_ASSIGN_OR_RAISE(auto filtered, arrow::compute::Filter(batch, mask));
      *out = filtered.record_batch();
      return arrow::Status::OK();
    }
  }
  arrow::Status CloseInputs() override { return input_->Close(); }

 private:
  PhysicalExprPtr predicate_;
  RecordBatchStreamPtr input_;
};

}  // namespace

Statistics FilterExec::statistics() const {
  return input_->statistics().scaled(std::max(DefaultSelectivity(*predicate_), 0.001));
}

FilterExec::FilterExec(PhysicalExprPtr predicate, ExecutionPlanPtr input)
    : predicate_(std::move(predicate)), input_(std::move(input)) {}

arrow::Result<std::shared_ptr<FilterExec>> FilterExec::Make(PhysicalExprPtr predicate,
                                                            ExecutionPlanPtr input) {
  if (!predicate || !input) return arrow::Status::Invalid("FilterExec needs a predicate and input");
  ARROW_ASSIGN_OR_RAISE(auto type, predicate->data_type(*input->schema()));
  if (type->id() != arrow::Type::BOOL) {
    return arrow::Status::TypeError("filter predicate ", predicate->to_string(), " is ",
                                    type->ToString(), ", expected boolean");
  }
  return std::make_shared<FilterExec>(std::move(predicate), std::move(input));
}

std::shared_ptr<arrow::Schema> FilterExec::schema() const { return SchemaOf(input_); }

Partitioning FilterExec::output_partitioning() const { return input_->output_partitioning(); }

std::optional<LexOrdering> FilterExec::output_ordering() const { return input_->output_ordering(); }

arrow::Result<ExecutionPlanPtr> FilterExec::try_push_dynamic_filter(
    const PhysicalExprPtr& filter) const {
  // Same columns below: the input takes it as it is.
  ARROW_ASSIGN_OR_RAISE(auto input, input_->try_push_dynamic_filter(filter));
  if (!input) return nullptr;
  return with_new_children({std::move(input)});
}

arrow::Result<ExecutionPlanPtr> FilterExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  ARROW_RETURN_NOT_OK(CheckOneChild(name(), children));
  return std::make_shared<FilterExec>(predicate_, children[0]);
}

arrow::Result<RecordBatchStreamPtr> FilterExec::execute(int partition,
                                                        const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  ARROW_ASSIGN_OR_RAISE(auto input, input_->execute(partition, ctx));
  return std::make_shared<FilterStream>(predicate_, std::move(input), ctx);
}

std::string FilterExec::to_string() const { return "FilterExec: " + predicate_->to_string(); }

}  // namespace quiver
