#pragma once

#include <arrow/util/endian.h>
#include <quiver/common/pool_vector.h>
#include <quiver/functions/aggregate_function.h>
#include <quiver/functions/typed_values.h>

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace quiver::internal {

/// Adds b to a; integers fail on overflow rather than wrap.
template <typename T>
inline bool AddInto(T* a, T b) {
  if constexpr (std::is_integral_v<T>) {
    return !__builtin_add_overflow(*a, b, a);
  } else {
    *a += b;
    return true;
  }
}

/// \brief Per-group running sum plus a "saw a value" flag (a group of only nulls sums to
/// null). Shared by sum and avg. `InType` is the raw input, `OutType` the sum's type
/// (int64, uint64, float64 or decimal128(38, s)).
template <typename InType, typename OutType>
class SumState {
 public:
  using AccType = typename ValueReader<OutType>::CType;

  void Resize(uint32_t n) {
    sums_.resize(n, AccType{});
    seen_.resize(n, 0);
  }

  template <typename ReadType>
  arrow::Status Add(const arrow::ArrayData& data, const uint32_t* group_ids) {
    if constexpr (std::is_same_v<ReadType, arrow::Decimal128Type> &&
                  std::is_same_v<OutType, arrow::Decimal128Type>) {
      return AddDecimal128(data, group_ids);
    }
    ValueReader<ReadType> values(data);
    AccType* sums = sums_.data();
    uint8_t* seen = seen_.data();
    bool ok = true;
    ForEachValid(data, [&](int64_t i) {
      const uint32_t g = group_ids[i];
      ok &= AddInto<AccType>(&sums[g], static_cast<AccType>(values[i]));
      seen[g] = 1;
    });
    if (!ok) return arrow::Status::Invalid("integer overflow in sum");
    return arrow::Status::OK();
  }

  arrow::Status Update(const arrow::Datum& arg, const uint32_t* group_ids, int64_t num_rows) {
    ARROW_ASSIGN_OR_RAISE(auto data, AsArrayData(arg, num_rows));
    return Add<InType>(*data, group_ids);
  }

  arrow::Status Merge(const arrow::Array& state, const uint32_t* group_ids) {
    return Add<OutType>(*state.data(), group_ids);
  }

  arrow::Result<std::shared_ptr<arrow::Array>> Build(const std::shared_ptr<arrow::DataType>& type,
                                                     uint32_t n) {
    Resize(n);
    return BuildArray<OutType>(type, sums_.data(), seen_.data(), n);
  }

  const PoolVector<AccType>& sums() const { return sums_; }
  const PoolVector<uint8_t>& seen() const { return seen_; }

 private:
  /// Decimal128 sums as native __int128 adds (Decimal128's out-of-line operator+= costs a
  /// call per row) that fail on 128-bit overflow instead of wrapping.
  arrow::Status AddDecimal128(const arrow::ArrayData& data, const uint32_t* group_ids) {
    static_assert(sizeof(AccType) == sizeof(__int128) && ARROW_LITTLE_ENDIAN);
    const uint8_t* bytes = data.buffers.size() > 1 && data.buffers[1]
                               ? data.buffers[1]->data() + data.offset * 16
                               : nullptr;
    auto* sums = reinterpret_cast<uint8_t*>(sums_.data());
    uint8_t* seen = seen_.data();
    bool ok = true;
    ForEachValid(data, [&](int64_t i) {
      const uint32_t g = group_ids[i];
      // Little-endian Decimal128 is (low word, high word): the layout of __int128.
      __int128 sum, value;
      std::memcpy(&sum, sums + g * 16, 16);
      std::memcpy(&value, bytes + i * 16, 16);
      ok &= !__builtin_add_overflow(sum, value, &sum);
      std::memcpy(sums + g * 16, &sum, 16);
      seen[g] = 1;
    });
    if (!ok) return arrow::Status::Invalid("decimal overflow in sum");
    return arrow::Status::OK();
  }

  PoolVector<AccType> sums_;
  PoolVector<uint8_t> seen_;
};

/// \brief sum(x). State: [sum].
template <typename InType, typename OutType>
class SumAccumulator : public GroupsAccumulator {
 public:
  explicit SumAccumulator(std::shared_ptr<arrow::DataType> out_type)
      : out_type_(std::move(out_type)) {}

  arrow::Status update(const std::vector<arrow::Datum>& args, const uint32_t* group_ids,
                       int64_t num_rows, uint32_t total_groups) override {
    state_.Resize(total_groups);
    return state_.Update(args.at(0), group_ids, num_rows);
  }
  arrow::Status merge(const std::vector<std::shared_ptr<arrow::Array>>& states,
                      const uint32_t* group_ids, int64_t num_rows, uint32_t total_groups) override {
    state_.Resize(total_groups);
    return state_.Merge(*states.at(0), group_ids);
  }
  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> state(uint32_t total_groups) override {
    ARROW_ASSIGN_OR_RAISE(auto a, finish(total_groups));
    return std::vector<std::shared_ptr<arrow::Array>>{a};
  }
  arrow::Result<std::shared_ptr<arrow::Array>> finish(uint32_t total_groups) override {
    return state_.Build(out_type_, total_groups);
  }

 private:
  std::shared_ptr<arrow::DataType> out_type_;
  SumState<InType, OutType> state_;
};

/// \brief avg(x) as float64. State: [sum (sum's type), count int64]. A decimal sum is
/// converted to double once per group at the end, so no precision is lost while summing.
template <typename InType, typename OutType>
class AvgAccumulator : public GroupsAccumulator {
 public:
  AvgAccumulator(std::shared_ptr<arrow::DataType> sum_type, int32_t scale)
      : sum_type_(std::move(sum_type)), scale_(scale) {
    for (int32_t i = 0; i < scale_; ++i) pow10_ *= 10.0;
  }

  arrow::Status update(const std::vector<arrow::Datum>& args, const uint32_t* group_ids,
                       int64_t num_rows, uint32_t total_groups) override {
    Resize(total_groups);
    ARROW_ASSIGN_OR_RAISE(auto data, AsArrayData(args.at(0), num_rows));
    ARROW_RETURN_NOT_OK(sum_.template Add<InType>(*data, group_ids));
    int64_t* counts = counts_.data();
    ForEachValid(*data, [&](int64_t i) { ++counts[group_ids[i]]; });
    return arrow::Status::OK();
  }
  arrow::Status merge(const std::vector<std::shared_ptr<arrow::Array>>& states,
                      const uint32_t* group_ids, int64_t num_rows, uint32_t total_groups) override {
    Resize(total_groups);
    ARROW_RETURN_NOT_OK(sum_.Merge(*states.at(0), group_ids));
    const auto& cdata = *states.at(1)->data();
    ValueReader<arrow::Int64Type> c(cdata);
    int64_t* counts = counts_.data();
    ForEachValid(cdata, [&](int64_t i) { counts[group_ids[i]] += c[i]; });
    return arrow::Status::OK();
  }
  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> state(uint32_t total_groups) override {
    Resize(total_groups);
    ARROW_ASSIGN_OR_RAISE(auto sums, sum_.Build(sum_type_, total_groups));
    ARROW_ASSIGN_OR_RAISE(auto counts, BuildArray<arrow::Int64Type>(arrow::int64(), counts_.data(),
                                                                    nullptr, total_groups));
    return std::vector<std::shared_ptr<arrow::Array>>{sums, counts};
  }
  arrow::Result<std::shared_ptr<arrow::Array>> finish(uint32_t total_groups) override {
    Resize(total_groups);
    std::vector<double> out(total_groups, 0.0);
    std::vector<uint8_t> valid(total_groups, 0);
    const auto& sums = sum_.sums();
    for (uint32_t g = 0; g < total_groups; ++g) {
      if (counts_[g] == 0) continue;
      valid[g] = 1;
      if constexpr (std::is_same_v<OutType, arrow::Decimal128Type>) {
        // unscaled / (count * 10^scale): one rounding when both are exact doubles, so
        // avg(8.40 over 3 rows) is 2.8, not 8.4 (already rounded) / 3.
        out[g] = sums[g].ToDouble(0) / (static_cast<double>(counts_[g]) * pow10_);
      } else {
        out[g] = static_cast<double>(sums[g]) / static_cast<double>(counts_[g]);
      }
    }
    return BuildArray<arrow::DoubleType>(arrow::float64(), out.data(), valid.data(), total_groups);
  }

 private:
  void Resize(uint32_t n) {
    sum_.Resize(n);
    counts_.resize(n, 0);
  }
  std::shared_ptr<arrow::DataType> sum_type_;
  int32_t scale_;
  double pow10_ = 1.0;
  SumState<InType, OutType> sum_;
  PoolVector<int64_t> counts_;
};

}  // namespace quiver::internal
