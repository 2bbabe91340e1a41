#include <arrow/type.h>
#include <quiver/physical/plan_stream.h>
#include <quiver/physical/union/union_exec.h>

namespace quiver {
namespace {

/// One input partition's batches under the union's schema (same columns; only field names
/// and nullability may differ).
class UnionStream : public PlanStream {
 public:
  UnionStream(std::shared_ptr<arrow::Schema> schema, RecordBatchStreamPtr input, TaskContextPtr ctx)
      : PlanStream(std::move(schema), std::move(ctx)), input_(std::move(input)) {}

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override {
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(input_->ReadNext(&batch));
    if (!batch) return arrow::Status::OK();
    *out = arrow::RecordBatch::Make(schema(), batch->num_rows(), batch->columns());
    return arrow::Status::OK();
  }
  arrow::Status CloseInputs() override { return input_->Close(); }

 private:
  RecordBatchStreamPtr input_;
};

}  // namespace

arrow::Result<std::shared_ptr<UnionExec>> UnionExec::Make(std::vector<ExecutionPlanPtr> inputs) {
  if (inputs.empty()) return arrow::Status::Invalid("UnionExec needs at least one input");
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i]) return arrow::Status::Invalid("UnionExec: input ", i, " is null");
  }
  const auto first = inputs[0]->schema();
  std::vector<bool> nullable(first->num_fields());
  for (int f = 0; f < first->num_fields(); ++f) nullable[f] = first->field(f)->nullable();
  for (size_t i = 1; i < inputs.size(); ++i) {
    const auto s = inputs[i]->schema();
    if (s->num_fields() != first->num_fields()) {
      return arrow::Status::Invalid("UnionExec: input ", i, " has ", s->num_fields(),
                                    " columns, input 0 has ", first->num_fields());
    }
    for (int f = 0; f < s->num_fields(); ++f) {
      if (!s->field(f)->type()->Equals(*first->field(f)->type())) {
        return arrow::Status::Invalid("UnionExec: column ", f, " of input ", i, " is ",
                                      s->field(f)->type()->ToString(), ", of input 0 ",
                                      first->field(f)->type()->ToString());
      }
      nullable[f] = nullable[f] || s->field(f)->nullable();
    }
  }
  arrow::FieldVector fields;
  for (int f = 0; f < first->num_fields(); ++f) {
    fields.push_back(first->field(f)->WithNullable(nullable[f]));
  }
  return std::shared_ptr<UnionExec>(
      new UnionExec(std::move(inputs), arrow::schema(std::move(fields), first->metadata())));
}

Partitioning UnionExec::output_partitioning() const {
  int n = 0;
  for (const auto& input : inputs_) n += input->output_partition_count();
  return Partitioning::Unknown(n);
}

std::vector<bool> UnionExec::maintains_input_order() const {
  return std::vector<bool>(inputs_.size(), true);
}

Statistics UnionExec::statistics() const {
  Statistics out;
  out.num_rows = 0;
  out.total_byte_size = 0;
  out.exact = true;
  for (const auto& input : inputs_) {
    const Statistics s = input->statistics();
    if (out.num_rows && s.num_rows) {
      *out.num_rows += *s.num_rows;
    } else {
      out.num_rows.reset();
    }
    if (out.total_byte_size && s.total_byte_size) {
      *out.total_byte_size += *s.total_byte_size;
    } else {
      out.total_byte_size.reset();
    }
    out.exact = out.exact && s.exact;
  }
  if (!out.num_rows) out.exact = false;
  return out;
}

arrow::Result<ExecutionPlanPtr> UnionExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  if (children.size() != inputs_.size()) {
    return arrow::Status::Invalid("UnionExec expects ", inputs_.size(), " children, got ",
                                  children.size());
  }
  return Make(std::move(children));
}

arrow::Result<RecordBatchStreamPtr> UnionExec::execute(int partition,
                                                       const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  int local = partition;
  for (const auto& input : inputs_) {
    const int n = input->output_partition_count();
    if (local < n) {
      ARROW_ASSIGN_OR_RAISE(auto stream, input->execute(local, ctx));
      return std::make_shared<UnionStream>(schema_, std::move(stream), ctx);
    }
    local -= n;
  }
  return arrow::Status::Invalid("UnionExec: partition ", partition, " out of range");
}

}  // namespace quiver
