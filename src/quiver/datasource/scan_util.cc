#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/datasource/scan_util.h>

#include <algorithm>

namespace quiver::scan_util {

arrow::Status CheckProjection(const arrow::Schema& schema,
                              const std::optional<std::vector<int>>& projection,
                              const std::string& what) {
  if (!projection) return arrow::Status::OK();
  for (int index : *projection) {
    if (index < 0 || index >= schema.num_fields()) {
      return arrow::Status::Invalid(what, ": projection index ", index, " out of range for ",
                                    schema.num_fields(), " columns");
    }
  }
  return arrow::Status::OK();
}

std::shared_ptr<arrow::Schema> ProjectSchema(const std::shared_ptr<arrow::Schema>& schema,
                                             const std::optional<std::vector<int>>& projection) {
  if (!projection) return schema;
  arrow::FieldVector fields;
  fields.reserve(projection->size());
  for (int index : *projection) fields.push_back(schema->field(index));
  return arrow::schema(std::move(fields));
}

std::string ProjectionToString(const arrow::Schema& schema,
                               const std::optional<std::vector<int>>& projection) {
  std::string out = "[";
  auto append = [&](int index, bool first) {
    if (!first) out += ", ";
    out += schema.field(index)->name();
  };
  if (projection) {
    for (size_t i = 0; i < projection->size(); ++i) append((*projection)[i], i == 0);
  } else {
    for (int i = 0; i < schema.num_fields(); ++i) append(i, i == 0);
  }
  return out + "]";
}

std::vector<std::vector<int>> SplitContiguous(const std::vector<int64_t>& weights, int k,
                                              bool allow_empty) {
  const int n = static_cast<int>(weights.size());
  k = std::max(k, 1);
  if (!allow_empty) k = std::max(1, std::min(k, n));
  std::vector<std::vector<int>> runs(k);
  // Weights of zero (unknown or empty units) would leave the split undefined; count each unit
  // as at least 1 so that such units still spread out.
  std::vector<int64_t> w(weights.size());
  int64_t total = 0;
  for (int i = 0; i < n; ++i) total += (w[i] = std::max<int64_t>(weights[i], 1));
  int run = 0;
  int64_t before = 0;  // weight of the units placed in runs before `i`
  for (int i = 0; i < n; ++i) {
    // Start a new run when the current one is non-empty and either the midpoint of unit i
    // lies past the current run's share of the total, or the units left are just enough to
    // give each remaining run one.
    if (run < k - 1 && !runs[run].empty()) {
      const int units_left = n - i;
      const int runs_after = k - 1 - run;
      const bool forced = !allow_empty && units_left <= runs_after;
      // before + w/2 > total * (run + 1) / k, in integers
      const bool past_share = static_cast<__int128>(2 * before + w[i]) * k >
                              static_cast<__int128>(2) * total * (run + 1);
      if (forced || past_share) ++run;
    }
    runs[run].push_back(i);
    before += w[i];
  }
  return runs;
}

arrow::Status CheckTask(int task_index, int task_count, const std::string& what) {
  if (task_count < 1 || task_index < 0 || task_index >= task_count) {
    return arrow::Status::Invalid(what, ": task ", task_index, " of ", task_count,
                                  " is out of range");
  }
  return arrow::Status::OK();
}

arrow::Status CheckPartitionIndex(int partition, int count, const std::string& what) {
  if (partition < 0 || partition >= count) {
    return arrow::Status::Invalid(what, ": partition ", partition, " out of range (", count,
                                  " partitions)");
  }
  return arrow::Status::OK();
}

RecordBatchStreamPtr EmptyStream(std::shared_ptr<arrow::Schema> schema) {
  return *arrow::RecordBatchReader::Make({}, std::move(schema));
}

}  // namespace quiver::scan_util
