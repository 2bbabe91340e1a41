#pragma once

#include <quiver/common/pool_vector.h>
#include <quiver/functions/aggregate_function.h>
#include <quiver/functions/typed_values.h>

#include <cstdint>
#include <vector>

namespace quiver::internal {

/// \brief count(x) per group: non-null x values; count(*) (no argument, or a literal) counts
/// rows. State: [count int64].
class CountAccumulator : public GroupsAccumulator {
 public:
  arrow::Status update(const std::vector<arrow::Datum>& args, const uint32_t* group_ids,
                       int64_t num_rows, uint32_t total_groups) override {
    counts_.resize(total_groups, 0);
    int64_t* counts = counts_.data();
    bool all_rows = args.empty();
    if (!all_rows && args[0].is_scalar()) {
      if (!args[0].scalar()->is_valid) return arrow::Status::OK();
      all_rows = true;
    }
    if (all_rows) {
      for (int64_t i = 0; i < num_rows; ++i) ++counts[group_ids[i]];
      return arrow::Status::OK();
    }
    ARROW_ASSIGN_OR_RAISE(auto data, AsArrayData(args[0], num_rows));
    ForEachValid(*data, [&](int64_t i) { ++counts[group_ids[i]]; });
    return arrow::Status::OK();
  }

  arrow::Status merge(const std::vector<std::shared_ptr<arrow::Array>>& states,
                      const uint32_t* group_ids, int64_t num_rows, uint32_t total_groups) override {
    counts_.resize(total_groups, 0);
    const auto& data = *states.at(0)->data();
    ValueReader<arrow::Int64Type> values(data);
    int64_t* counts = counts_.data();
    ForEachValid(data, [&](int64_t i) { counts[group_ids[i]] += values[i]; });
    return arrow::Status::OK();
  }

  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> state(uint32_t total_groups) override {
    ARROW_ASSIGN_OR_RAISE(auto a, finish(total_groups));
    return std::vector<std::shared_ptr<arrow::Array>>{a};
  }

  arrow::Result<std::shared_ptr<arrow::Array>> finish(uint32_t total_groups) override {
    counts_.resize(total_groups, 0);
    return BuildArray<arrow::Int64Type>(arrow::int64(), counts_.data(), nullptr, total_groups);
  }

 private:
  PoolVector<int64_t> counts_;
};

}  // namespace quiver::internal
