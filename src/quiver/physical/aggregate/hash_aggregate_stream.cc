#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/compute/api_scalar.h>
#include <arrow/compute/api_vector.h>
#include <arrow/compute/exec.h>
#include <arrow/type.h>
#include <arrow/util/byte_size.h>
#include <quiver/physical/aggregate/hash_aggregate_stream.h>
#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/sort/sort_util.h>
#include <quiver/physical/sort/sorted_merge.h>
#include <quiver/physical/sort/sorted_runs.h>
#include <quiver/runtime/disk_manager.h>
#include <quiver/runtime/spill_file.h>

#include <cmath>

namespace quiver {
namespace {

namespace cp = arrow::compute;

// Folds `batch` into `accumulators` (one per aggregate) at the group `ids` of its rows.
arrow::Status UpdateAccumulators(
    const std::vector<AggregateExpr>& aggregates,
    const std::vector<std::unique_ptr<GroupsAccumulator>>& accumulators,
    const arrow::RecordBatch& batch, const uint32_t* ids, uint32_t total_groups) {
  for (size_t a = 0; a < aggregates.size(); ++a) {
    std::vector<arrow::Datum> args;
    args.reserve(aggregates[a].args.size());
    for (const auto& arg : aggregates[a].args) {
      ARROW_ASSIGN_OR_RAISE(auto v, arg->evaluate(batch));
      args.push_back(std::move(v));
    }
    ARROW_RETURN_NOT_OK(accumulators[a]->update(args, ids, batch.num_rows(), total_groups));
  }
  return arrow::Status::OK();
}

// Hash table slot, group id and bookkeeping per group, and per accumulator state; rough on
// purpose: the figure only has to grow with the groups for the limit to bite in time.
constexpr int64_t kTableBytesPerGroup = 24;
constexpr int64_t kStateBytesPerAggregate = 24;

// Key types a spilled run can be sorted and compared on.
bool OrderableKey(const arrow::DataType& type) {
  return arrow::is_primitive(type.id()) || arrow::is_base_binary_like(type.id()) ||
         arrow::is_decimal(type.id()) || type.id() == arrow::Type::FIXED_SIZE_BINARY;
}

// Why a Single / Final aggregate cannot spill, or empty when it can.
std::string NoSpillReason(AggregateMode mode,
                          const std::vector<HashAggregateExec::NamedExpr>& group_by,
                          const std::vector<AggregateExpr>& aggregates,
                          const std::shared_ptr<arrow::Schema>& input, const TaskContextPtr& ctx) {
  if (mode == AggregateMode::kPartial) return "partial aggregates emit early instead";
  if (group_by.empty()) return "no group keys";
  if (!ctx || !ctx->disk_manager()) return "spilling is off";
  for (const auto& agg : aggregates) {
    if (agg.distinct) return agg.name + " is DISTINCT and has no partial state";
    if (!agg.fn->state_types(agg.arg_types, agg.distinct).ok()) {
      return agg.name + " has no partial state";
    }
  }
  for (const auto& [expr, name] : group_by) {
    auto type = expr->data_type(*input);
    if (!type.ok() || !OrderableKey(**type)) {
      return "group key " + name + " has no sort order for spilled runs";
    }
  }
  return "";
}

// The first row of the suffix of `batch` whose first `num_keys` columns equal the last row's
// (NULL equal to NULL and NaN to NaN, as groups are). `batch` is sorted on those columns, so
// that suffix is the last key's rows.
arrow::Result<int64_t> StartOfLastKey(const arrow::RecordBatch& batch, int num_keys) {
  const int64_t n = batch.num_rows();
  if (n == 0) return 0;
  arrow::Datum same;
  for (int k = 0; k < num_keys; ++k) {
    const auto& column = batch.column(k);
    ARROW_ASSIGN_OR_RAISE(auto last, column->GetScalar(n - 1));
    arrow::Datum eq;
    bool nan = false;
    if (last->is_valid && last->type->id() == arrow::Type::DOUBLE) {
      nan = std::isnan(static_cast<const arrow::DoubleScalar&>(*last).value);
    } else if (last->is_valid && last->type->id() == arrow::Type::FLOAT) {
      nan = std::isnan(static_cast<const arrow::FloatScalar&>(*last).value);
    }
    if (!last->is_valid) {
      ARROW_ASSIGN_OR_RAISE(eq, cp::CallFunction("is_null", {column}));
    } else if (nan) {
      ARROW_ASSIGN_OR_RAISE(eq, cp::CallFunction("is_nan", {column}));
    } else {
      ARROW_ASSIGN_OR_RAISE(eq, cp::CallFunction("equal", {column, arrow::Datum(last)}));
    }
    if (k == 0) {
      same = std::move(eq);
    } else {
      ARROW_ASSIGN_OR_RAISE(same, cp::CallFunction("and", {same, eq}));
    }
  }
  const auto& flags = static_cast<const arrow::BooleanArray&>(*same.make_array());
  int64_t start = n;
  while (start > 0 && flags.IsValid(start - 1) && flags.Value(start - 1)) --start;
  return start;
}

}  // namespace

HashAggregateStream::HashAggregateStream(const HashAggregateExec& plan,
                                         std::vector<int> state_counts, RecordBatchStreamPtr input,
                                         int partition, TaskContextPtr ctx, PartialSkip skip)
    : PlanStream(plan.schema(), ctx),
      mode_(plan.mode()),
      group_by_(plan.group_by()),
      aggregates_(plan.aggregates()),
      state_counts_(std::move(state_counts)),
      input_(std::move(input)) {
  no_spill_reason_ = NoSpillReason(mode_, group_by_, aggregates_, input_->schema(), ctx);
  if (mode_ == AggregateMode::kPartial && !group_by_.empty()) skip_ = skip;
  if (ctx) {
    // A Partial aggregate gives way by emitting early, so it can always yield memory.
    const bool yields = mode_ == AggregateMode::kPartial || no_spill_reason_.empty();
    reservation_ = ctx->reserve("HashAggregateExec", partition, yields ? Spill::kYes : Spill::kNo);
  }
}

HashAggregateStream::~HashAggregateStream() = default;

arrow::Status HashAggregateStream::CloseInputs() {
  merge_.reset();
  spills_.clear();  // removes the spill files
  carry_.reset();
  reservation_.Free();
  return input_->Close();
}

arrow::Status HashAggregateStream::ReserveGroups(uint32_t groups) {
  const int64_t var_per_group = var_key_rows_ > 0 ? var_key_bytes_ / var_key_rows_ : 0;
  return reservation_.TryResize(static_cast<int64_t>(groups) *
                                (fixed_bytes_per_group_ + var_per_group));
}

arrow::Status HashAggregateStream::Init() {
  auto in_schema = input_->schema();
  arrow::FieldVector spill_fields;
  for (const auto& [expr, name] : group_by_) {
    ARROW_ASSIGN_OR_RAISE(auto t, expr->data_type(*in_schema));
    spill_fields.push_back(arrow::field(name, t));
    key_types_.emplace_back(std::move(t));
    const int width = key_types_.back().type->byte_width();
    fixed_bytes_per_group_ += width > 0 ? width : 8;  // offsets of variable-width keys
  }
  fixed_bytes_per_group_ +=
      kTableBytesPerGroup + kStateBytesPerAggregate * static_cast<int64_t>(aggregates_.size());
  if (no_spill_reason_.empty()) {
    for (const auto& agg : aggregates_) {
      ARROW_ASSIGN_OR_RAISE(auto states, agg.fn->state_types(agg.arg_types, agg.distinct));
      spill_state_counts_.push_back(static_cast<int>(states.size()));
      for (size_t i = 0; i < states.size(); ++i) {
        spill_fields.push_back(arrow::field(agg.name + "[" + std::to_string(i) + "]", states[i]));
      }
    }
    spill_schema_ = arrow::schema(std::move(spill_fields));
  }
  return ResetGroups();
}

arrow::Status HashAggregateStream::ResetGroups() {
  packed_grouper_.reset();
  grouper_.reset();
  arrow_to_acc_.clear();
  acc_to_arrow_.clear();
  if (!group_by_.empty()) {
    std::vector<std::shared_ptr<arrow::DataType>> types;
    for (const auto& t : key_types_) types.push_back(t.GetSharedPtr());
    if (PackedKeyGrouper::Supports(types)) {
      packed_grouper_ = std::make_unique<PackedKeyGrouper>(std::move(types));
    } else {
      ARROW_ASSIGN_OR_RAISE(grouper_, cp::Grouper::Make(key_types_));
    }
  }
  accumulators_.clear();
  for (const auto& agg : aggregates_) {
    ARROW_ASSIGN_OR_RAISE(auto acc, agg.fn->create_accumulator(agg.arg_types, agg.distinct));
    accumulators_.push_back(std::move(acc));
  }
  return arrow::Status::OK();
}

arrow::Status HashAggregateStream::AssignGroups(std::vector<arrow::Datum> keys, int64_t n,
                                                const uint32_t** ids, uint32_t* total_groups) {
  if (packed_grouper_) {
    std::vector<std::shared_ptr<arrow::ArrayData>> key_data;
    for (const auto& key : keys) key_data.push_back(key.array());
    ARROW_ASSIGN_OR_RAISE(bool fits, packed_grouper_->Consume(key_data, n, &packed_ids_));
    if (fits) {
      *ids = packed_ids_.data();
      *total_groups = packed_grouper_->num_groups();
      return arrow::Status::OK();
    }
    ARROW_RETURN_NOT_OK(SwitchToArrowGrouper());  // this batch goes to Arrow's
  }
  if (!grouper_) {
    if (static_cast<int64_t>(zero_ids_.size()) < n) zero_ids_.assign(n, 0);
    *ids = zero_ids_.data();
    *total_groups = 1;
    return arrow::Status::OK();
  }
  cp::ExecBatch key_batch(std::move(keys), n);
  ARROW_ASSIGN_OR_RAISE(auto ids_datum, grouper_->Consume(cp::ExecSpan(key_batch)));
  // The grouper's ids live in remapped_ids_ from here on, so they outlive this call.
  const uint32_t* got = ids_datum.array()->GetValues<uint32_t>(1);
  remapped_ids_.resize(static_cast<size_t>(n));
  const uint32_t switched = static_cast<uint32_t>(arrow_to_acc_.size());
  if (switched == 0) {
    std::copy(got, got + n, remapped_ids_.begin());
  } else {
    for (int64_t i = 0; i < n; ++i) {
      remapped_ids_[i] = got[i] < switched ? arrow_to_acc_[got[i]] : got[i];
    }
  }
  *ids = remapped_ids_.data();
  *total_groups = grouper_->num_groups();
  return arrow::Status::OK();
}

arrow::Status HashAggregateStream::MergeStates(const arrow::RecordBatch& batch, int first_column,
                                               const std::vector<int>& counts, const uint32_t* ids,
                                               uint32_t total_groups) {
  int column = first_column;
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    std::vector<std::shared_ptr<arrow::Array>> states;
    for (int s = 0; s < counts[a]; ++s, ++column) {
      if (column >= batch.num_columns()) {
        return arrow::Status::Invalid("final aggregate input has too few state columns");
      }
      states.push_back(batch.column(column));
    }
    ARROW_RETURN_NOT_OK(accumulators_[a]->merge(states, ids, batch.num_rows(), total_groups));
  }
  return arrow::Status::OK();
}

arrow::Status HashAggregateStream::DecideSkipPartial(uint32_t total_groups) {
  skip_decided_ = true;
  if (static_cast<double>(total_groups) < skip_.ratio * static_cast<double>(rows_seen_)) {
    return arrow::Status::OK();
  }
  skipping_ = true;
  ARROW_ASSIGN_OR_RAISE(output_, BuildGroups(/*as_states=*/true));
  output_offset_ = 0;
  reservation_.Free();
  return ResetGroups();  // stays empty: the end of the input emits no further group
}

arrow::Status HashAggregateStream::PassThrough(const arrow::RecordBatch& batch,
                                               std::vector<arrow::Datum> keys) {
  const int64_t n = batch.num_rows();
  if (static_cast<int64_t>(identity_ids_.size()) < n) {
    identity_ids_.resize(static_cast<size_t>(n));
    for (size_t i = 0; i < identity_ids_.size(); ++i) identity_ids_[i] = static_cast<uint32_t>(i);
  }
  const auto groups = static_cast<uint32_t>(n);
  // Fresh accumulators for this batch alone: row i is group i.
  std::vector<std::unique_ptr<GroupsAccumulator>> accumulators;
  for (const auto& agg : aggregates_) {
    ARROW_ASSIGN_OR_RAISE(auto acc, agg.fn->create_accumulator(agg.arg_types, agg.distinct));
    accumulators.push_back(std::move(acc));
  }
  ARROW_RETURN_NOT_OK(
      UpdateAccumulators(aggregates_, accumulators, batch, identity_ids_.data(), groups));
  std::vector<std::shared_ptr<arrow::Array>> columns;
  for (auto& key : keys) columns.push_back(key.make_array());
  for (auto& acc : accumulators) {
    ARROW_ASSIGN_OR_RAISE(auto parts, acc->state(groups));
    for (auto& part : parts) columns.push_back(std::move(part));
  }
  output_ = arrow::RecordBatch::Make(schema(), n, std::move(columns));
  ARROW_RETURN_NOT_OK(output_->Validate());
  output_offset_ = 0;
  return arrow::Status::OK();
}

arrow::Status HashAggregateStream::Consume(const arrow::RecordBatch& batch) {
  const int64_t n = batch.num_rows();
  std::vector<arrow::Datum> keys;
  for (const auto& [expr, name] : group_by_) {
    ARROW_ASSIGN_OR_RAISE(auto key, EvaluateToArray(*expr, batch));
    const auto& data = *key->data();
    if (arrow::is_base_binary_like(data.type->id()) && data.buffers.size() > 2 && data.buffers[2]) {
      var_key_bytes_ += data.buffers[2]->size();
      var_key_rows_ += n;
    }
    keys.emplace_back(std::move(key));
  }
  if (skipping_) return PassThrough(batch, std::move(keys));
  const uint32_t* ids = nullptr;
  uint32_t total_groups = 1;
  ARROW_RETURN_NOT_OK(AssignGroups(std::move(keys), n, &ids, &total_groups));

  if (mode_ == AggregateMode::kFinal) {
    ARROW_RETURN_NOT_OK(
        MergeStates(batch, static_cast<int>(group_by_.size()), state_counts_, ids, total_groups));
  } else {
    ARROW_RETURN_NOT_OK(UpdateAccumulators(aggregates_, accumulators_, batch, ids, total_groups));
  }
  if (group_by_.empty()) return arrow::Status::OK();
  rows_seen_ += n;
  if (skip_.probe_rows > 0 && !skip_decided_ && rows_seen_ >= skip_.probe_rows) {
    ARROW_RETURN_NOT_OK(DecideSkipPartial(total_groups));
    if (skipping_) return arrow::Status::OK();
  }

  // The batch is folded in; if the groups no longer fit, give their memory back now.
  arrow::Status reserved = ReserveGroups(total_groups);
  if (reserved.ok() || !IsMemoryLimitExceeded(reserved)) return reserved;
  if (mode_ == AggregateMode::kPartial) {
    ARROW_ASSIGN_OR_RAISE(output_, BuildGroups(/*as_states=*/true));
    output_offset_ = 0;
    reservation_.Free();
    return ResetGroups();
  }
  if (!no_spill_reason_.empty()) {
    return reserved.WithMessage(reserved.message(), " at ", total_groups,
                                " groups (hash aggregation cannot spill: ", no_spill_reason_, ")");
  }
  return Spill();
}

arrow::Status HashAggregateStream::SwitchToArrowGrouper() {
  ARROW_ASSIGN_OR_RAISE(grouper_, cp::Grouper::Make(key_types_));
  const uint32_t groups = packed_grouper_->num_groups();
  if (groups > 0) {
    // The accumulators hold the groups at their packed-grouper ids. Arrow's Grouper numbers
    // the same keys 0..groups-1 too, but not always in the order given (its hash table
    // assigns ids in its own order within a minibatch), so keep both directions of the map.
    ARROW_ASSIGN_OR_RAISE(auto uniques, packed_grouper_->uniques());
    std::vector<arrow::Datum> values(uniques.begin(), uniques.end());
    cp::ExecBatch batch(std::move(values), groups);
    ARROW_ASSIGN_OR_RAISE(auto ids, grouper_->Consume(cp::ExecSpan(batch)));
    const uint32_t* got = ids.array()->GetValues<uint32_t>(1);
    arrow_to_acc_.assign(groups, groups);
    acc_to_arrow_.assign(got, got + groups);
    bool identity = true;
    for (uint32_t g = 0; g < groups; ++g) {
      if (got[g] >= groups || arrow_to_acc_[got[g]] != groups) {
        return arrow::Status::UnknownError("grouper switch: group ", g, " got id ", got[g]);
      }
      arrow_to_acc_[got[g]] = g;
      identity = identity && got[g] == g;
    }
    if (identity) {
      arrow_to_acc_.clear();
      acc_to_arrow_.clear();
    }
  }
  packed_grouper_.reset();
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> HashAggregateStream::BuildGroups(
    bool as_states) {
  std::vector<std::shared_ptr<arrow::Array>> columns;
  uint32_t total_groups = 1;
  if (packed_grouper_) {
    total_groups = packed_grouper_->num_groups();
    ARROW_ASSIGN_OR_RAISE(auto uniques, packed_grouper_->uniques());
    for (auto& u : uniques) columns.push_back(std::move(u));
  } else if (grouper_) {
    total_groups = grouper_->num_groups();
    ARROW_ASSIGN_OR_RAISE(auto uniques, grouper_->GetUniques());
    std::shared_ptr<arrow::Array> order;  // the keys in accumulator order, when they differ
    if (!acc_to_arrow_.empty()) {
      arrow::UInt32Builder builder;
      ARROW_RETURN_NOT_OK(builder.Reserve(total_groups));
      ARROW_RETURN_NOT_OK(
          builder.AppendValues(acc_to_arrow_.data(), static_cast<int64_t>(acc_to_arrow_.size())));
      for (uint32_t g = static_cast<uint32_t>(acc_to_arrow_.size()); g < total_groups; ++g) {
        builder.UnsafeAppend(g);
      }
      ARROW_ASSIGN_OR_RAISE(order, builder.Finish());
    }
    for (const auto& v : uniques.values) {
      if (!order) {
        columns.push_back(v.make_array());
        continue;
      }
      ARROW_ASSIGN_OR_RAISE(auto taken, cp::Take(*v.make_array(), *order));
      columns.push_back(std::move(taken));
    }
  }
  const bool states = as_states || mode_ == AggregateMode::kPartial;
  for (auto& acc : accumulators_) {
    if (states) {
      ARROW_ASSIGN_OR_RAISE(auto parts, acc->state(total_groups));
      for (auto& s : parts) columns.push_back(std::move(s));
    } else {
      ARROW_ASSIGN_OR_RAISE(auto out, acc->finish(total_groups));
      columns.push_back(std::move(out));
    }
  }
  auto out_schema = as_states && mode_ != AggregateMode::kPartial ? spill_schema_ : schema();
  if (static_cast<int>(columns.size()) != out_schema->num_fields()) {
    return arrow::Status::Invalid("HashAggregateExec produced ", columns.size(),
                                  " columns for a schema of ", out_schema->num_fields());
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i]->length() != total_groups) {
      return arrow::Status::Invalid("aggregate column ", out_schema->field(i)->name(), " has ",
                                    columns[i]->length(), " rows, expected ", total_groups);
    }
    if (!columns[i]->type()->Equals(*out_schema->field(i)->type())) {
      return arrow::Status::TypeError("aggregate column ", out_schema->field(i)->name(), " is ",
                                      columns[i]->type()->ToString(), ", planned as ",
                                      out_schema->field(i)->type()->ToString());
    }
  }
  return arrow::RecordBatch::Make(out_schema, total_groups, std::move(columns));
}

namespace {
LexOrdering KeyOrdering(const arrow::Schema& schema, int num_keys) {
  LexOrdering ordering;
  for (int k = 0; k < num_keys; ++k) {
    ordering.push_back({std::make_shared<ColumnExpr>(schema.field(k)->name(), k), false, false});
  }
  return ordering;
}
}  // namespace

arrow::Status HashAggregateStream::Spill() {
  ARROW_ASSIGN_OR_RAISE(auto run, BuildGroups(/*as_states=*/true));
  ARROW_RETURN_NOT_OK(ResetGroups());  // the run holds the groups now
  ARROW_ASSIGN_OR_RAISE(
      auto file, WriteSortedRun(ctx()->disk_manager(), "aggregate", spill_schema_, {std::move(run)},
                                KeyOrdering(*spill_schema_, static_cast<int>(group_by_.size())),
                                BatchSizeOf(ctx())));
  spills_.push_back(std::move(file));
  reservation_.Free();
  return arrow::Status::OK();
}

arrow::Status HashAggregateStream::StartMerge() {
  const int num_keys = static_cast<int>(group_by_.size());
  const LexOrdering ordering = KeyOrdering(*spill_schema_, num_keys);
  ARROW_ASSIGN_OR_RAISE(auto rest, BuildGroups(/*as_states=*/true));
  ARROW_ASSIGN_OR_RAISE(auto in_memory,
                        SortBatches(spill_schema_, {std::move(rest)}, ordering, {}));
  reservation_.Shrink(reservation_.size() - arrow::util::TotalBufferSize(*in_memory));
  ARROW_ASSIGN_OR_RAISE(merge_, MergeSortedRuns(spill_schema_, ordering, spills_,
                                                std::move(in_memory), BatchSizeOf(ctx())));
  // The merge folds from empty groups, one merged batch at a time.
  return ResetGroups();
}

arrow::Status HashAggregateStream::NextMerged(std::shared_ptr<arrow::RecordBatch>* out) {
  const int num_keys = static_cast<int>(group_by_.size());
  while (true) {
    std::shared_ptr<arrow::RecordBatch> merged;
    ARROW_RETURN_NOT_OK(merge_->Next(BatchSizeOf(ctx()), &merged));
    std::shared_ptr<arrow::RecordBatch> rows;  // the rows whose groups are complete
    if (!merged) {
      if (!carry_) return arrow::Status::OK();
      rows = std::move(carry_);
    } else {
      if (carry_) {
        ARROW_ASSIGN_OR_RAISE(merged, arrow::ConcatenateRecordBatches({carry_, merged}));
      }
      // The last key may continue in the next merged batch: hold its rows back (at most one
      // row per run, since every run holds each key once).
      ARROW_ASSIGN_OR_RAISE(const int64_t cut, StartOfLastKey(*merged, num_keys));
      carry_ = cut < merged->num_rows() ? merged->Slice(cut) : nullptr;
      if (cut == 0) continue;
      rows = merged->Slice(0, cut);
    }
    std::vector<arrow::Datum> keys;
    for (int k = 0; k < num_keys; ++k) keys.emplace_back(rows->column(k));
    const uint32_t* ids = nullptr;
    uint32_t total_groups = 0;
    ARROW_RETURN_NOT_OK(AssignGroups(std::move(keys), rows->num_rows(), &ids, &total_groups));
    ARROW_RETURN_NOT_OK(MergeStates(*rows, num_keys, spill_state_counts_, ids, total_groups));
    ARROW_ASSIGN_OR_RAISE(*out, BuildGroups(/*as_states=*/false));
    return ResetGroups();
  }
}

arrow::Status HashAggregateStream::Next(std::shared_ptr<arrow::RecordBatch>* out) {
  if (!initialized_) {
    initialized_ = true;
    ARROW_RETURN_NOT_OK(Init());
  }
  const int64_t batch_size = BatchSizeOf(ctx());
  while (true) {
    if (output_ && output_offset_ < output_->num_rows()) {
      const int64_t len = std::min(batch_size, output_->num_rows() - output_offset_);
      *out = (output_offset_ == 0 && len == output_->num_rows())
                 ? output_
                 : output_->Slice(output_offset_, len);
      output_offset_ += len;
      return arrow::Status::OK();
    }
    output_.reset();
    if (merge_) return NextMerged(out);
    if (input_done_) return arrow::Status::OK();
    if (ctx() && ctx()->is_cancelled()) return arrow::Status::Cancelled("query cancelled");
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(input_->ReadNext(&batch));
    if (batch) {
      if (batch->num_rows() > 0) ARROW_RETURN_NOT_OK(Consume(*batch));
      continue;
    }
    input_done_ = true;
    ARROW_RETURN_NOT_OK(input_->Close());
    if (!spills_.empty()) {
      ARROW_RETURN_NOT_OK(StartMerge());
      continue;
    }
    // (A Partial aggregate that emitted early may hold no group now: an empty batch.)
    ARROW_ASSIGN_OR_RAISE(output_, BuildGroups(/*as_states=*/false));
    output_offset_ = 0;
    accumulators_.clear();
    grouper_.reset();
    packed_grouper_.reset();
  }
}

}  // namespace quiver
