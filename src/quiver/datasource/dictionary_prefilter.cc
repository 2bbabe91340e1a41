#include <arrow/array.h>
#include <arrow/array/concatenate.h>
#include <arrow/array/util.h>
#include <arrow/buffer.h>
#include <arrow/compute/api_vector.h>
#include <arrow/compute/cast.h>
#include <arrow/util/bit_util.h>
#include <arrow/util/bitmap_generate.h>
#include <quiver/datasource/dictionary_prefilter.h>
#include <quiver/physical/expressions/column_expr.h>

#include <algorithm>

namespace quiver {
namespace {

void CollectColumns(const PhysicalExprPtr& expr, std::vector<int>* out) {
  if (auto* column = dynamic_cast<const ColumnExpr*>(expr.get())) {
    if (std::find(out->begin(), out->end(), column->index()) == out->end()) {
      out->push_back(column->index());
    }
    return;
  }
  for (const auto& child : expr->children()) CollectColumns(child, out);
}

// Whether each value of `values` (a one-column batch) passes `predicate`: NULL fails.
arrow::Result<std::vector<uint8_t>> Passes(const PhysicalExpr& predicate,
                                           const std::shared_ptr<arrow::Schema>& schema,
                                           std::shared_ptr<arrow::Array> values) {
  const int64_t n = values->length();
  auto batch = arrow::RecordBatch::Make(schema, n, {std::move(values)});
  ARROW_ASSIGN_OR_RAISE(auto result, EvaluateToArray(predicate, *batch));
  if (result->type_id() != arrow::Type::BOOL) {
    return arrow::Status::Invalid("scan predicate ", predicate.to_string(), " is not boolean");
  }
  const auto& mask = static_cast<const arrow::BooleanArray&>(*result);
  std::vector<uint8_t> out(n);
  for (int64_t i = 0; i < n; ++i) out[i] = mask.IsValid(i) && mask.Value(i);
  return out;
}

}  // namespace

DictionaryPrefilter::DictionaryPrefilter(const std::vector<PhysicalExprPtr>& predicates,
                                         const arrow::Schema& file_schema,
                                         const std::vector<int>& fields) {
  for (const auto& predicate : predicates) {
    std::vector<int> used;
    CollectColumns(predicate, &used);
    if (used.size() != 1 || used[0] < 0 || used[0] >= file_schema.num_fields()) continue;
    const auto& field = file_schema.field(used[0]);
    if (field->type()->id() != arrow::Type::STRING &&
        field->type()->id() != arrow::Type::LARGE_STRING) {
      continue;
    }
    auto position = std::find(fields.begin(), fields.end(), used[0]);
    if (position == fields.end()) continue;
    ColumnPredicate column;
    column.batch_column = static_cast<int>(position - fields.begin());
    column.schema = arrow::schema({field});
    std::vector<int> mapping(file_schema.num_fields(), -1);
    mapping[used[0]] = 0;
    auto bound = RemapColumns(predicate, mapping, *column.schema);
    if (!bound.ok()) continue;
    column.predicate = *std::move(bound);
    columns_.push_back(std::move(column));
  }
}

arrow::Status DictionaryPrefilter::EvaluateDictionary(
    ColumnPredicate* column, const std::shared_ptr<arrow::Array>& dictionary,
    arrow::compute::ExecContext* ctx) {
  const auto& type = column->schema->field(0)->type();
  std::shared_ptr<arrow::Array> values = dictionary;
  if (!values->type()->Equals(*type)) {
    ARROW_ASSIGN_OR_RAISE(
        values, arrow::compute::Cast(*values, type, arrow::compute::CastOptions::Safe(), ctx));
  }
  // One extra entry, a NULL, answers for the rows whose index is NULL (`x IS NULL` keeps them).
  ARROW_ASSIGN_OR_RAISE(auto null_value, arrow::MakeArrayOfNull(type, 1, ctx->memory_pool()));
  ARROW_ASSIGN_OR_RAISE(auto with_null,
                        arrow::Concatenate({values, null_value}, ctx->memory_pool()));
  ARROW_ASSIGN_OR_RAISE(column->entry_passes, Passes(*column->predicate, column->schema,
                                                     std::move(with_null)));
  column->dictionary = dictionary->data();
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> DictionaryPrefilter::Apply(
    const std::shared_ptr<arrow::RecordBatch>& batch, arrow::compute::ExecContext* ctx) {
  const int64_t n = batch->num_rows();
  bool applied = false;
  for (auto& column : columns_) {
    const auto& array = batch->column(column.batch_column);
    if (array->type_id() != arrow::Type::DICTIONARY) continue;
    const auto& encoded = static_cast<const arrow::DictionaryArray&>(*array);
    if (encoded.indices()->type_id() != arrow::Type::INT32) continue;
    const std::shared_ptr<arrow::Array>& dictionary = encoded.dictionary();
    const int64_t entries = dictionary->length();
    if (column.dictionary != dictionary->data()) {
      // More entries than rows: evaluating the dictionary would cost more than it saves.
      if (entries > n) continue;
      ARROW_RETURN_NOT_OK(EvaluateDictionary(&column, dictionary, ctx));
    }
    if (!applied) keep_.assign(n, 1);
    applied = true;
    const int32_t* indices = encoded.indices()->data()->GetValues<int32_t>(1);
    const uint8_t* passes = column.entry_passes.data();
    const uint8_t null_passes = passes[entries];
    const uint8_t* validity = encoded.null_bitmap_data();
    const int64_t offset = encoded.offset();
    uint8_t* keep = keep_.data();
    bool in_range = true;
    if (validity == nullptr) {
      for (int64_t i = 0; i < n; ++i) {
        const uint32_t k = static_cast<uint32_t>(indices[i]);
        in_range &= k < static_cast<uint64_t>(entries);
        keep[i] &= passes[std::min<uint64_t>(k, entries)];
      }
    } else {
      for (int64_t i = 0; i < n; ++i) {
        if (arrow::bit_util::GetBit(validity, offset + i)) {
          const uint32_t k = static_cast<uint32_t>(indices[i]);
          in_range &= k < static_cast<uint64_t>(entries);
          keep[i] &= passes[std::min<uint64_t>(k, entries)];
        } else {
          keep[i] &= null_passes;
        }
      }
    }
    if (!in_range) {
      return arrow::Status::Invalid("dictionary index out of range in column '",
                                    column.schema->field(0)->name(), "'");
    }
  }
  if (!applied) return batch;
  int64_t kept = 0;
  for (int64_t i = 0; i < n; ++i) kept += keep_[i];
  if (kept == n) return batch;
  if (kept == 0) return batch->Slice(0, 0);
  ARROW_ASSIGN_OR_RAISE(auto bitmap, arrow::AllocateBitmap(n, ctx->memory_pool()));
  int64_t i = 0;
  arrow::internal::GenerateBitsUnrolled(bitmap->mutable_data(), 0, n,
                                        [&]() { return keep_[i++] != 0; });
  auto mask = std::make_shared<arrow::BooleanArray>(n, std::move(bitmap));
  arrow::ArrayVector columns;
  arrow::FieldVector fields;
  for (int c = 0; c < batch->num_columns(); ++c) {
    std::shared_ptr<arrow::Array> column = batch->column(c);
    // Arrow's filter has no view kernels: views become the offset types the scan converts
    // them to anyway.
    if (column->type_id() == arrow::Type::STRING_VIEW ||
        column->type_id() == arrow::Type::BINARY_VIEW) {
      auto target = column->type_id() == arrow::Type::STRING_VIEW ? arrow::utf8() : arrow::binary();
      ARROW_ASSIGN_OR_RAISE(
          column, arrow::compute::Cast(*column, target, arrow::compute::CastOptions::Safe(), ctx));
    }
    ARROW_ASSIGN_OR_RAISE(auto filtered,
                          arrow::compute::Filter(column, mask,
                                                 arrow::compute::FilterOptions::Defaults(), ctx));
    columns.push_back(filtered.make_array());
    fields.push_back(batch->schema()->field(c)->WithType(columns.back()->type()));
  }
  return arrow::RecordBatch::Make(arrow::schema(std::move(fields)), kept, std::move(columns));
}

}  // namespace quiver
