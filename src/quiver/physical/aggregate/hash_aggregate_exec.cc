#include <arrow/type.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/aggregate/hash_aggregate_stream.h>
#include <quiver/physical/plan_stream.h>

namespace quiver {
namespace {

// DataFusion's skip_partial_aggregation_probe_rows_threshold and _ratio_threshold.
constexpr const char* kSkipProbeRowsKey = "quiver.skip_partial_aggregation_probe_rows";
constexpr const char* kSkipRatioKey = "quiver.skip_partial_aggregation_ratio";
constexpr int64_t kDefaultSkipProbeRows = 100000;

struct AggregateSchema {
  std::shared_ptr<arrow::Schema> schema;
  std::vector<int> state_counts;
};

arrow::Result<AggregateSchema> ComputeSchema(
    AggregateMode mode, const std::vector<HashAggregateExec::NamedExpr>& group_by,
    const std::vector<AggregateExpr>& aggregates, const ExecutionPlanPtr& input) {
  if (!input) return arrow::Status::Invalid("HashAggregateExec without input");
  auto in = input->schema();
  AggregateSchema out;
  arrow::FieldVector fields;
  for (const auto& [expr, name] : group_by) {
    if (!expr) return arrow::Status::Invalid("HashAggregateExec: null group expression ", name);
    ARROW_ASSIGN_OR_RAISE(auto type, expr->data_type(*in));
    fields.push_back(arrow::field(name, type, expr->nullable(*in)));
  }
  for (const auto& agg : aggregates) {
    if (!agg.fn) return arrow::Status::Invalid("aggregate ", agg.name, " has no function");
    if (mode == AggregateMode::kSingle) {
      out.state_counts.push_back(0);
    } else {
      if (agg.distinct) {
        return arrow::Status::NotImplemented(agg.to_string(),
                                             ": DISTINCT aggregates run in Single mode, not ",
                                             AggregateModeName(mode));
      }
      ARROW_ASSIGN_OR_RAISE(auto states, agg.fn->state_types(agg.arg_types, agg.distinct));
      out.state_counts.push_back(static_cast<int>(states.size()));
      if (mode == AggregateMode::kPartial) {
        for (size_t i = 0; i < states.size(); ++i) {
          fields.push_back(arrow::field(agg.name + "[" + std::to_string(i) + "]", states[i]));
        }
      }
    }
    if (mode != AggregateMode::kPartial) {
      ARROW_ASSIGN_OR_RAISE(auto type, agg.fn->return_type(agg.arg_types));
      fields.push_back(arrow::field(agg.name, type));
    }
  }
  if (mode == AggregateMode::kFinal) {
    int expected = static_cast<int>(group_by.size());
    for (int c : out.state_counts) expected += c;
    if (in->num_fields() != expected) {
      return arrow::Status::Invalid("final aggregate expects ", expected,
                                    " input columns (groups then states), got ", in->num_fields());
    }
  }
  out.schema = arrow::schema(std::move(fields));
  return out;
}

}  // namespace

HashAggregateExec::HashAggregateExec(AggregateMode mode, std::vector<NamedExpr> group_by,
                                     std::vector<AggregateExpr> aggregates, ExecutionPlanPtr input)
    : mode_(mode),
      group_by_(std::move(group_by)),
      aggregates_(std::move(aggregates)),
      input_(std::move(input)) {
  auto computed = ComputeSchema(mode_, group_by_, aggregates_, input_);
  if (computed.ok()) {
    schema_ = computed->schema;
  } else {
    schema_status_ = computed.status();
    schema_ = arrow::schema({});
  }
}

arrow::Result<std::shared_ptr<HashAggregateExec>> HashAggregateExec::Make(
    AggregateMode mode, std::vector<NamedExpr> group_by, std::vector<AggregateExpr> aggregates,
    ExecutionPlanPtr input) {
  auto plan = std::make_shared<HashAggregateExec>(mode, std::move(group_by), std::move(aggregates),
                                                  std::move(input));
  ARROW_RETURN_NOT_OK(plan->schema_status_);
  return plan;
}

Partitioning HashAggregateExec::output_partitioning() const {
  Partitioning in = input_->output_partitioning();
  // A final aggregate's group columns are its input's first columns, at the same positions,
  // so hash partitioning on them still holds for the output.
  if (mode_ == AggregateMode::kFinal && in.kind == Partitioning::Kind::kHash) return in;
  return Partitioning::Unknown(in.partition_count);
}

std::vector<Distribution> HashAggregateExec::required_input_distribution() const {
  if (mode_ == AggregateMode::kPartial) return {Distribution::Unspecified()};
  if (group_by_.empty()) return {Distribution::SinglePartition()};
  std::vector<PhysicalExprPtr> keys;
  for (const auto& g : group_by_) keys.push_back(g.first);
  return {Distribution::HashPartitioned(std::move(keys))};
}

Statistics HashAggregateExec::statistics() const {
  if (group_by_.empty()) {
    Statistics one;
    one.num_rows = mode_ == AggregateMode::kPartial ? input_->output_partition_count() : 1;
    one.exact = mode_ != AggregateMode::kPartial;
    return one;
  }
  // Without distinct counts, assume grouping keeps a tenth of the rows (DuckDB and DataFusion
  // make similar guesses); never exact. Its columns are not the input's.
  Statistics out = input_->statistics().scaled(0.1);
  out.columns.clear();
  return out;
}

arrow::Result<ExecutionPlanPtr> HashAggregateExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  ARROW_RETURN_NOT_OK(CheckOneChild(name(), children));
  return std::make_shared<HashAggregateExec>(mode_, group_by_, aggregates_, children[0]);
}

arrow::Result<RecordBatchStreamPtr> HashAggregateExec::execute(int partition,
                                                               const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(schema_status_);
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  ARROW_ASSIGN_OR_RAISE(auto computed, ComputeSchema(mode_, group_by_, aggregates_, input_));
  HashAggregateStream::PartialSkip skip;
  skip.probe_rows = kDefaultSkipProbeRows;
  if (ctx) {
    ARROW_ASSIGN_OR_RAISE(skip.probe_rows,
                          ctx->config().extension_count(kSkipProbeRowsKey, skip.probe_rows));
    ARROW_ASSIGN_OR_RAISE(skip.ratio, ctx->config().extension_fraction(kSkipRatioKey, skip.ratio));
  }
  ARROW_ASSIGN_OR_RAISE(auto input, input_->execute(partition, ctx));
  return std::make_shared<HashAggregateStream>(*this, std::move(computed.state_counts),
                                               std::move(input), partition, ctx, skip);
}

std::string HashAggregateExec::to_string() const {
  std::string out = "HashAggregateExec: mode=";
  out += AggregateModeName(mode_);
  out += ", gby=[";
  for (size_t i = 0; i < group_by_.size(); ++i) {
    if (i > 0) out += ", ";
    out += group_by_[i].first->to_string() + " as " + group_by_[i].second;
  }
  out += "], aggr=[";
  for (size_t i = 0; i < aggregates_.size(); ++i) {
    if (i > 0) out += ", ";
    out += aggregates_[i].name;
  }
  return out + "]";
}

}  // namespace quiver
