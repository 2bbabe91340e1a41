#pragma once

#include <arrow/datum.h>
#include <arrow/result.h>
#include <arrow/status.h>
#include <arrow/type_fwd.h>
#include <quiver/functions/scalar_function.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace quiver {

/// \brief Vectorized per-group state of one aggregate inside a hash aggregation.
///
/// The aggregate operator assigns each input row a dense group id (0..total_groups-1) and hands
/// whole batches to the accumulator with the ids. Aggregation can be split across operators and
/// machines: a partial aggregate emits `state()` columns, a final aggregate feeds them to
/// `merge()` and emits `finish()`. Arrays passed in are not retained beyond the call unless
/// copied.
class GroupsAccumulator {
 public:
  virtual ~GroupsAccumulator() = default;
  /// Adds raw input rows. `args` are the evaluated argument columns (length num_rows);
  /// `group_ids[i]` is row i's group; `total_groups` is the number of groups seen so far.
  virtual arrow::Status update(const std::vector<arrow::Datum>& args, const uint32_t* group_ids,
                               int64_t num_rows, uint32_t total_groups) = 0;
  /// Adds partial states produced by `state()` of other accumulators of the same function.
  virtual arrow::Status merge(const std::vector<std::shared_ptr<arrow::Array>>& states,
                              const uint32_t* group_ids, int64_t num_rows,
                              uint32_t total_groups) = 0;
  /// Partial state, one array per state field, `total_groups` rows each.
  virtual arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> state(
      uint32_t total_groups) = 0;
  /// Final values, `total_groups` rows.
  virtual arrow::Result<std::shared_ptr<arrow::Array>> finish(uint32_t total_groups) = 0;
};

/// Name of the built-in aggregate behind correlated scalar subqueries that do not aggregate
/// themselves: a group's only value, an error for a second row.
inline constexpr const char* kScalarSubqueryValue = "__scalar_subquery_value";

/// \brief An aggregate function (`sum`, `count`, a user's UDAF): types plus an accumulator
/// factory. `distinct` is passed for `agg(DISTINCT x)`; functions that cannot honour it return
/// NotImplemented.
class AggregateFunction {
 public:
  virtual ~AggregateFunction() = default;
  virtual const std::string& name() const = 0;
  virtual arrow::Result<std::shared_ptr<arrow::DataType>> return_type(
      const DataTypeVector& arg_types) const = 0;
  /// Types of the partial state columns, in `state()` order.
  virtual arrow::Result<DataTypeVector> state_types(const DataTypeVector& arg_types,
                                                    bool distinct) const = 0;
  virtual arrow::Result<std::unique_ptr<GroupsAccumulator>> create_accumulator(
      const DataTypeVector& arg_types, bool distinct) const = 0;
};

/// The `__scalar_subquery_value` aggregate (also registered with the built-ins).
std::shared_ptr<AggregateFunction> MakeScalarSubqueryValueFunction();

}  // namespace quiver
