#pragma once

#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/common/join_type.h>
#include <quiver/physical/partitioning.h>
#include <quiver/physical/physical_expr.h>

#include <memory>

namespace quiver {

/// \brief The output schema of a `join_type` join of `left` and `right`.
///
/// Inner/Left/Right/Full: left fields then right fields, where the fields of a side that may be
/// NULL-extended (the right of a Left join, the left of a Right join, both of a Full join)
/// become nullable. LeftSemi/LeftAnti: left fields; RightSemi/RightAnti: right fields;
/// LeftMark: left fields plus a nullable boolean "mark"; RightMark: right fields plus "mark".
std::shared_ptr<arrow::Schema> JoinOutputSchema(const arrow::Schema& left,
                                                const arrow::Schema& right, JoinType join_type);

/// `expr` with every column index raised by `offset` (a right-side expression rebound to a
/// join output whose right columns follow `offset` left columns).
arrow::Result<PhysicalExprPtr> ShiftColumns(const PhysicalExprPtr& expr, int offset);

/// `partitioning` with its hash keys shifted by `offset` (see ShiftColumns); Unknown
/// partitioning of the same count when a key cannot be rewritten (never wrong, only weaker).
Partitioning ShiftPartitioning(const Partitioning& partitioning, int offset);

}  // namespace quiver
