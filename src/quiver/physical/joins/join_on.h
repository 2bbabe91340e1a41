#pragma once

#include <arrow/status.h>
#include <arrow/type_fwd.h>
#include <quiver/common/join_type.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quiver {

/// Equi-join keys: (left key bound to the left schema, right key bound to the right schema).
using JoinOn = std::vector<std::pair<PhysicalExprPtr, PhysicalExprPtr>>;

/// Which input of a join a column comes from.
enum class JoinSide { kLeft, kRight };

/// Column `index` of the `side` input.
struct ColumnIndex {
  int index;
  JoinSide side;
};

/// \brief A non-equi condition evaluated on candidate pairs: `expression` is bound to
/// `schema`, whose field i is column `column_indices[i].index` of the left or right input.
/// A pair matches only when the expression is true (NULL counts as false).
struct JoinFilter {
  PhysicalExprPtr expression;
  std::vector<ColumnIndex> column_indices;
  std::shared_ptr<arrow::Schema> schema;

  /// e.g. `l_shipdate@1 < o_orderdate@0` (the expression over the filter schema).
  std::string to_string() const;
};

/// How a hash join spreads its build side over output partitions.
enum class PartitionMode {
  /// Both inputs hash-partitioned on their keys; output partition i joins left partition i
  /// with right partition i.
  kPartitioned,
  /// The left input (one partition) is collected once and shared by every output partition,
  /// one per right partition.
  kCollectLeft,
};

/// "Partitioned" / "CollectLeft".
std::string_view PartitionModeName(PartitionMode mode);

/// `[(l_orderkey@0, o_orderkey@0), ...]`
std::string JoinOnToString(const JoinOn& on);

/// Checks `filter` against the join inputs: its schema has one field per column index, each
/// index is in range and typed like the input column it names, and the expression is boolean.
arrow::Status ValidateJoinFilter(const JoinFilter& filter, const arrow::Schema& left,
                                 const arrow::Schema& right);

}  // namespace quiver
