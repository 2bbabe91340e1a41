#pragma once

#include <quiver/common/pool_vector.h>
#include <quiver/functions/aggregate_function.h>
#include <quiver/functions/typed_values.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace quiver::internal {

/// `a < b` in SQL's total order of floats, NaN above every number (PostgreSQL, DuckDB and
/// DataFusion agree, and ORDER BY sorts NaN after numbers): so min skips NaN unless every value
/// is NaN, and max is NaN as soon as one value is, whatever the order rows arrive in.
template <typename T>
inline bool TotalLess(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
  }
  return a < b;
}

/// \brief min(x) / max(x) of a fixed-width type (numbers, decimals, dates, timestamps).
/// State: [value]. Floats follow TotalLess (NaN is the largest value).
template <typename ArrowType, bool kIsMax>
class MinMaxAccumulator : public GroupsAccumulator {
 public:
  using CType = typename ValueReader<ArrowType>::CType;
  explicit MinMaxAccumulator(std::shared_ptr<arrow::DataType> type) : type_(std::move(type)) {}

  arrow::Status update(const std::vector<arrow::Datum>& args, const uint32_t* group_ids,
                       int64_t num_rows, uint32_t total_groups) override {
    ARROW_ASSIGN_OR_RAISE(auto data, AsArrayData(args.at(0), num_rows));
    return Fold(*data, group_ids, total_groups);
  }
  arrow::Status merge(const std::vector<std::shared_ptr<arrow::Array>>& states,
                      const uint32_t* group_ids, int64_t num_rows, uint32_t total_groups) override {
    return Fold(*states.at(0)->data(), group_ids, total_groups);
  }
  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> state(uint32_t total_groups) override {
    ARROW_ASSIGN_OR_RAISE(auto a, finish(total_groups));
    return std::vector<std::shared_ptr<arrow::Array>>{a};
  }
  arrow::Result<std::shared_ptr<arrow::Array>> finish(uint32_t total_groups) override {
    Resize(total_groups);
    return BuildArray<ArrowType>(type_, values_.data(), seen_.data(), total_groups);
  }

 private:
  void Resize(uint32_t n) {
    values_.resize(n, CType{});
    seen_.resize(n, 0);
  }
  arrow::Status Fold(const arrow::ArrayData& data, const uint32_t* group_ids, uint32_t n) {
    Resize(n);
    ValueReader<ArrowType> in(data);
    CType* values = values_.data();
    uint8_t* seen = seen_.data();
    ForEachValid(data, [&](int64_t i) {
      const uint32_t g = group_ids[i];
      const CType v = in[i];
      if (!seen[g]) {
        values[g] = v;
        seen[g] = 1;
      } else if (kIsMax ? TotalLess(values[g], v) : TotalLess(v, values[g])) {
        values[g] = v;
      }
    });
    return arrow::Status::OK();
  }

  std::shared_ptr<arrow::DataType> type_;
  PoolVector<CType> values_;
  PoolVector<uint8_t> seen_;
};

/// \brief min/max of utf8 or binary (byte-wise order). State: [value].
template <typename ArrowType, bool kIsMax>
class MinMaxStringAccumulator : public GroupsAccumulator {
 public:
  using ArrayType = typename arrow::TypeTraits<ArrowType>::ArrayType;
  using BuilderType = typename arrow::TypeTraits<ArrowType>::BuilderType;
  explicit MinMaxStringAccumulator(std::shared_ptr<arrow::DataType> type)
      : type_(std::move(type)) {}

  arrow::Status update(const std::vector<arrow::Datum>& args, const uint32_t* group_ids,
                       int64_t num_rows, uint32_t total_groups) override {
    ARROW_ASSIGN_OR_RAISE(auto data, AsArrayData(args.at(0), num_rows));
    return Fold(data, group_ids, total_groups);
  }
  arrow::Status merge(const std::vector<std::shared_ptr<arrow::Array>>& states,
                      const uint32_t* group_ids, int64_t num_rows, uint32_t total_groups) override {
    return Fold(states.at(0)->data(), group_ids, total_groups);
  }
  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> state(uint32_t total_groups) override {
    ARROW_ASSIGN_OR_RAISE(auto a, finish(total_groups));
    return std::vector<std::shared_ptr<arrow::Array>>{a};
  }
  arrow::Result<std::shared_ptr<arrow::Array>> finish(uint32_t total_groups) override {
    Resize(total_groups);
    BuilderType builder(type_, arrow::default_memory_pool());
    ARROW_RETURN_NOT_OK(builder.Reserve(total_groups));
    for (uint32_t g = 0; g < total_groups; ++g) {
      if (seen_[g]) {
        ARROW_RETURN_NOT_OK(builder.Append(values_[g]));
      } else {
        ARROW_RETURN_NOT_OK(builder.AppendNull());
      }
    }
    std::shared_ptr<arrow::Array> out;
    ARROW_RETURN_NOT_OK(builder.Finish(&out));
    return out;
  }

 private:
  void Resize(uint32_t n) {
    values_.resize(n);
    seen_.resize(n, 0);
  }
  arrow::Status Fold(const std::shared_ptr<arrow::ArrayData>& data, const uint32_t* group_ids,
                     uint32_t n) {
    Resize(n);
    ArrayType array(data);
    ForEachValid(*data, [&](int64_t i) {
      const uint32_t g = group_ids[i];
      std::string_view v = array.GetView(i);
      if (!seen_[g]) {
        values_[g].assign(v);
        seen_[g] = 1;
      } else if (kIsMax ? (std::string_view(values_[g]) < v) : (v < std::string_view(values_[g]))) {
        values_[g].assign(v);
      }
    });
    return arrow::Status::OK();
  }

  std::shared_ptr<arrow::DataType> type_;
  std::vector<std::string> values_;
  std::vector<uint8_t> seen_;
};

}  // namespace quiver::internal
