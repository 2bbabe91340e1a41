#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <arrow/util/bit_util.h>
#include <arrow/util/bitmap_ops.h>
#include <parquet/metadata.h>
#include <quiver/datasource/scan_util.h>

#include <algorithm>
#include <cstring>
#include <limits>

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

arrow::Result<std::shared_ptr<arrow::Array>> DecodeStringDictionary(const arrow::Array& array,
                                                                    arrow::MemoryPool* pool) {
  if (array.type_id() != arrow::Type::DICTIONARY) return nullptr;
  const auto& dict_array = static_cast<const arrow::DictionaryArray&>(array);
  const auto& dict_type = static_cast<const arrow::DictionaryType&>(*array.type());
  if (dict_type.index_type()->id() != arrow::Type::INT32 ||
      dict_type.value_type()->id() != arrow::Type::STRING) {
    return nullptr;
  }
  const auto& dictionary = static_cast<const arrow::StringArray&>(*dict_array.dictionary());
  const arrow::ArrayData& indices = *array.data();
  const int64_t n = indices.length;
  const int32_t* idx = indices.GetValues<int32_t>(1);
  const uint8_t* validity =
      indices.GetNullCount() > 0 && indices.buffers[0] ? indices.buffers[0]->data() : nullptr;
  const int32_t dict_length = static_cast<int32_t>(dictionary.length());
  const int32_t* dict_offsets = dictionary.raw_value_offsets();
  const uint8_t* dict_data = dictionary.value_data() ? dictionary.value_data()->data() : nullptr;
  auto valid = [&](int64_t i) {
    return validity == nullptr || arrow::bit_util::GetBit(validity, indices.offset + i);
  };
  // Pass 1: offsets (int32 like utf8; fails rather than overflows past 2 GiB).
  ARROW_ASSIGN_OR_RAISE(auto offsets, arrow::AllocateBuffer((n + 1) * sizeof(int32_t), pool));
  auto* out_offsets = reinterpret_cast<int32_t*>(offsets->mutable_data());
  int64_t total = 0;
  out_offsets[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (valid(i)) {
      const int32_t k = idx[i];
      if (k < 0 || k >= dict_length) {
        return arrow::Status::Invalid("dictionary index ", k, " out of range [0, ", dict_length,
                                      ")");
      }
      total += dict_offsets[k + 1] - dict_offsets[k];
      if (total > std::numeric_limits<int32_t>::max()) {
        return arrow::Status::CapacityError("decoded strings exceed 2 GiB");
      }
    }
    out_offsets[i + 1] = static_cast<int32_t>(total);
  }
  // Pass 2: the bytes.
  ARROW_ASSIGN_OR_RAISE(auto data, arrow::AllocateBuffer(total, pool));
  uint8_t* out_data = data->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    const int32_t len = out_offsets[i + 1] - out_offsets[i];
    if (len == 1) {
      out_data[out_offsets[i]] = dict_data[dict_offsets[idx[i]]];  // flags: no memcpy call
    } else if (len > 0) {
      std::memcpy(out_data + out_offsets[i], dict_data + dict_offsets[idx[i]], len);
    }
  }
  std::shared_ptr<arrow::Buffer> out_validity;
  if (validity != nullptr) {
    ARROW_ASSIGN_OR_RAISE(out_validity,
                          arrow::internal::CopyBitmap(pool, validity, indices.offset, n));
  }
  return arrow::MakeArray(arrow::ArrayData::Make(
      arrow::utf8(), n, {std::move(out_validity), std::move(offsets), std::move(data)},
      validity != nullptr ? indices.GetNullCount() : 0));
}

RecordBatchStreamPtr EmptyStream(std::shared_ptr<arrow::Schema> schema) {
  return *arrow::RecordBatchReader::Make({}, std::move(schema));
}

bool AllDataPagesDictionaryEncoded(const parquet::ColumnChunkMetaData& chunk) {
  if (!chunk.has_dictionary_page() || chunk.encoding_stats().empty()) return false;
  for (const auto& stats : chunk.encoding_stats()) {
    const bool data_page = stats.page_type == parquet::PageType::DATA_PAGE ||
                           stats.page_type == parquet::PageType::DATA_PAGE_V2;
    const bool dictionary_encoded = stats.encoding == parquet::Encoding::RLE_DICTIONARY ||
                                    stats.encoding == parquet::Encoding::PLAIN_DICTIONARY;
    if (data_page && !dictionary_encoded && stats.count > 0) return false;
  }
  return true;
}

}  // namespace quiver::scan_util
