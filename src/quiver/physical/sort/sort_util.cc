#include <arrow/compute/api.h>
#include <arrow/table.h>
#include <arrow/type.h>
#include <quiver/physical/sort/normalized_sort.h>
#include <quiver/physical/sort/sort_util.h>

namespace quiver {

arrow::Result<std::shared_ptr<arrow::RecordBatch>> SortBatches(
    const std::shared_ptr<arrow::Schema>& schema,
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches, const LexOrdering& ordering,
    std::optional<int64_t> fetch) {
  std::shared_ptr<arrow::RecordBatch> combined;
  if (batches.size() == 1) {
    combined = batches[0];
  } else {
    ARROW_ASSIGN_OR_RAISE(auto table, arrow::Table::FromRecordBatches(schema, batches));
    ARROW_ASSIGN_OR_RAISE(combined, table->CombineChunksToBatch());
  }
  batches.clear();
  if (combined->num_rows() == 0) return combined;
  arrow::FieldVector key_fields;
  std::vector<std::shared_ptr<arrow::Array>> key_columns;
  std::vector<arrow::compute::SortKey> sort_keys;
  for (size_t i = 0; i < ordering.size(); ++i) {
    ARROW_ASSIGN_OR_RAISE(auto key, EvaluateToArray(*ordering[i].expr, *combined));
    key_fields.push_back(arrow::field("k" + std::to_string(i), key->type()));
    key_columns.push_back(std::move(key));
    sort_keys.emplace_back(arrow::FieldRef(static_cast<int>(i)),
                           ordering[i].descending ? arrow::compute::SortOrder::Descending
                                                  : arrow::compute::SortOrder::Ascending,
                           ordering[i].nulls_first ? arrow::compute::NullPlacement::AtStart
                                                   : arrow::compute::NullPlacement::AtEnd);
  }
  auto key_batch = arrow::RecordBatch::Make(arrow::schema(key_fields), combined->num_rows(),
                                            std::move(key_columns));
  // Normalized keys for the types they encode; Arrow's kernel for the rest (e.g. dictionary
  // keys, which the merge cannot compare either).
  ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Array> indices,
                        NormalizedSortIndices(key_batch->columns(), ordering));
  if (!indices) {
    ARROW_ASSIGN_OR_RAISE(indices, arrow::compute::SortIndices(
                                       arrow::Datum(key_batch),
                                       arrow::compute::SortOptions(sort_keys)));
  }
  if (fetch && *fetch < indices->length()) indices = indices->Slice(0, *fetch);
  ARROW_ASSIGN_OR_RAISE(auto sorted, arrow::compute::Take(combined, indices));
  return sorted.record_batch();
}

std::string OrderingToString(const LexOrdering& ordering) {
  std::string out;
  for (size_t i = 0; i < ordering.size(); ++i) {
    if (i > 0) out += ", ";
    out += ordering[i].to_string();
  }
  return out;
}

}  // namespace quiver
