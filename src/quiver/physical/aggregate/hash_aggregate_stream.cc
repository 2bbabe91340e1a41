#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/compute/api_vector.h>
#include <arrow/compute/exec.h>
#include <arrow/type.h>
#include <quiver/physical/aggregate/hash_aggregate_stream.h>

namespace quiver {

HashAggregateStream::HashAggregateStream(const HashAggregateExec& plan,
                                         std::vector<int> state_counts, RecordBatchStreamPtr input,
                                         int partition, TaskContextPtr ctx)
    : PlanStream(plan.schema(), ctx),
      mode_(plan.mode()),
      group_by_(plan.group_by()),
      aggregates_(plan.aggregates()),
      state_counts_(std::move(state_counts)),
      input_(std::move(input)),
      reservation_(ctx ? ctx->reserve("HashAggregateExec", partition) : MemoryReservation()) {}

namespace {
// Hash table slot, group id and bookkeeping per group, and per accumulator state; rough on
// purpose: the figure only has to grow with the groups for the limit to bite in time.
constexpr int64_t kTableBytesPerGroup = 24;
constexpr int64_t kStateBytesPerAggregate = 24;
}  // namespace

arrow::Status HashAggregateStream::ReserveGroups(uint32_t groups) {
  const int64_t var_per_group = var_key_rows_ > 0 ? var_key_bytes_ / var_key_rows_ : 0;
  arrow::Status st = reservation_.TryResize(static_cast<int64_t>(groups) *
                                            (fixed_bytes_per_group_ + var_per_group));
  if (IsMemoryLimitExceeded(st)) {
    return st.WithMessage(st.message(), " at ", groups,
                          " groups (hash aggregation does not spill yet)");
  }
  return st;
}

arrow::Status HashAggregateStream::Init() {
  if (!group_by_.empty()) {
    std::vector<std::shared_ptr<arrow::DataType>> types;
    auto in_schema = input_->schema();
    for (const auto& [expr, name] : group_by_) {
      ARROW_ASSIGN_OR_RAISE(auto t, expr->data_type(*in_schema));
      types.push_back(t);
      key_types_.emplace_back(std::move(t));
      const int width = key_types_.back().type->byte_width();
      fixed_bytes_per_group_ += width > 0 ? width : 8;  // offsets of variable-width keys
    }
    if (SmallKeyGrouper::Supports(types)) {
      small_grouper_ = std::make_unique<SmallKeyGrouper>(std::move(types));
    } else {
      ARROW_ASSIGN_OR_RAISE(grouper_, arrow::compute::Grouper::Make(key_types_));
    }
  }
  for (const auto& agg : aggregates_) {
    ARROW_ASSIGN_OR_RAISE(auto acc, agg.fn->create_accumulator(agg.arg_types, agg.distinct));
    accumulators_.push_back(std::move(acc));
  }
  fixed_bytes_per_group_ +=
      kTableBytesPerGroup + kStateBytesPerAggregate * static_cast<int64_t>(aggregates_.size());
  return arrow::Status::OK();
}

arrow::Status HashAggregateStream::Consume(const arrow::RecordBatch& batch) {
  const int64_t n = batch.num_rows();
  const uint32_t* ids = nullptr;
  uint32_t total_groups = 1;
  arrow::Datum ids_datum;  // keeps the grouper's ids alive for this batch
  std::vector<arrow::Datum> keys;
  for (const auto& [expr, name] : group_by_) {
    ARROW_ASSIGN_OR_RAISE(auto key, EvaluateToArray(*expr, batch));
    const auto& data = *key->data();
    if (arrow::is_base_binary_like(data.type->id()) && data.buffers.size() > 2 &&
        data.buffers[2]) {
      var_key_bytes_ += data.buffers[2]->size();
      var_key_rows_ += n;
    }
    keys.emplace_back(std::move(key));
  }
  if (small_grouper_) {
    std::vector<std::shared_ptr<arrow::ArrayData>> key_data;
    for (const auto& key : keys) key_data.push_back(key.array());
    ARROW_ASSIGN_OR_RAISE(bool fits, small_grouper_->Consume(key_data, n, &small_ids_));
    if (!fits) ARROW_RETURN_NOT_OK(SwitchToArrowGrouper());  // this batch goes to Arrow's
  }
  if (small_grouper_) {
    ids = small_ids_.data();
    total_groups = small_grouper_->num_groups();
  } else if (grouper_) {
    arrow::compute::ExecBatch key_batch(std::move(keys), n);
    ARROW_ASSIGN_OR_RAISE(ids_datum, grouper_->Consume(arrow::compute::ExecSpan(key_batch)));
    ids = ids_datum.array()->GetValues<uint32_t>(1);
    total_groups = grouper_->num_groups();
    if (!arrow_to_acc_.empty()) {
      const uint32_t switched = static_cast<uint32_t>(arrow_to_acc_.size());
      remapped_ids_.resize(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) {
        remapped_ids_[i] = ids[i] < switched ? arrow_to_acc_[ids[i]] : ids[i];
      }
      ids = remapped_ids_.data();
    }
  } else {
    if (static_cast<int64_t>(zero_ids_.size()) < n) zero_ids_.assign(n, 0);
    ids = zero_ids_.data();
  }

  if (!group_by_.empty()) ARROW_RETURN_NOT_OK(ReserveGroups(total_groups));

  int state_column = static_cast<int>(group_by_.size());
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    const auto& agg = aggregates_[a];
    if (mode_ == AggregateMode::kFinal) {
      std::vector<std::shared_ptr<arrow::Array>> states;
      for (int s = 0; s < state_counts_[a]; ++s, ++state_column) {
        if (state_column >= batch.num_columns()) {
          return arrow::Status::Invalid("final aggregate input has too few state columns");
        }
        states.push_back(batch.column(state_column));
      }
      ARROW_RETURN_NOT_OK(accumulators_[a]->merge(states, ids, n, total_groups));
    } else {
      std::vector<arrow::Datum> args;
      args.reserve(agg.args.size());
      for (const auto& arg : agg.args) {
        ARROW_ASSIGN_OR_RAISE(auto v, arg->evaluate(batch));
        args.push_back(std::move(v));
      }
      ARROW_RETURN_NOT_OK(accumulators_[a]->update(args, ids, n, total_groups));
    }
  }
  return arrow::Status::OK();
}

arrow::Status HashAggregateStream::SwitchToArrowGrouper() {
  ARROW_ASSIGN_OR_RAISE(grouper_, arrow::compute::Grouper::Make(key_types_));
  const uint32_t groups = small_grouper_->num_groups();
  if (groups > 0) {
    // The accumulators hold the groups at their small-grouper ids. Arrow's Grouper numbers
    // the same keys 0..groups-1 too, but not always in the order given (its hash table
    // assigns ids in its own order within a minibatch), so keep both directions of the map.
    ARROW_ASSIGN_OR_RAISE(auto uniques, small_grouper_->uniques());
    std::vector<arrow::Datum> values(uniques.begin(), uniques.end());
    arrow::compute::ExecBatch batch(std::move(values), groups);
    ARROW_ASSIGN_OR_RAISE(auto ids, grouper_->Consume(arrow::compute::ExecSpan(batch)));
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
  small_grouper_.reset();
  return arrow::Status::OK();
}

arrow::Status HashAggregateStream::BuildOutput() {
  std::vector<std::shared_ptr<arrow::Array>> columns;
  uint32_t total_groups = 1;
  if (small_grouper_) {
    total_groups = small_grouper_->num_groups();
    ARROW_ASSIGN_OR_RAISE(auto uniques, small_grouper_->uniques());
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
      ARROW_ASSIGN_OR_RAISE(auto taken, arrow::compute::Take(*v.make_array(), *order));
      columns.push_back(std::move(taken));
    }
  }
  for (auto& acc : accumulators_) {
    if (mode_ == AggregateMode::kPartial) {
      ARROW_ASSIGN_OR_RAISE(auto states, acc->state(total_groups));
      for (auto& s : states) columns.push_back(std::move(s));
    } else {
      ARROW_ASSIGN_OR_RAISE(auto out, acc->finish(total_groups));
      columns.push_back(std::move(out));
    }
  }
  auto out_schema = schema();
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
  output_ = arrow::RecordBatch::Make(out_schema, total_groups, std::move(columns));
  return arrow::Status::OK();
}

arrow::Status HashAggregateStream::Next(std::shared_ptr<arrow::RecordBatch>* out) {
  if (!consumed_) {
    consumed_ = true;
    ARROW_RETURN_NOT_OK(Init());
    while (true) {
      if (ctx() && ctx()->is_cancelled()) return arrow::Status::Cancelled("query cancelled");
      std::shared_ptr<arrow::RecordBatch> batch;
      ARROW_RETURN_NOT_OK(input_->ReadNext(&batch));
      if (!batch) break;
      if (batch->num_rows() == 0) continue;
      ARROW_RETURN_NOT_OK(Consume(*batch));
    }
    ARROW_RETURN_NOT_OK(input_->Close());
    ARROW_RETURN_NOT_OK(BuildOutput());
    accumulators_.clear();
    grouper_.reset();
    small_grouper_.reset();
  }
  if (!output_ || output_offset_ >= output_->num_rows()) {
    output_.reset();
    return arrow::Status::OK();
  }
  const int64_t batch_size = ctx() ? std::max<int64_t>(1, ctx()->config().batch_size) : 8192;
  const int64_t len = std::min(batch_size, output_->num_rows() - output_offset_);
  *out = (output_offset_ == 0 && len == output_->num_rows()) ? output_
                                                             : output_->Slice(output_offset_, len);
  output_offset_ += len;
  return arrow::Status::OK();
}

}  // namespace quiver
