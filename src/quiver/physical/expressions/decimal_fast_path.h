#pragma once

// Typed loops for the decimal128 arithmetic of TPC-H-like expressions, where Arrow's kernels
// pay an out-of-line 128-bit multiply, rescale casts and a status per row. Each fast path
// computes exact results in __int128 and answers nothing (std::nullopt) whenever it cannot
// prove its result is the one Arrow's kernel would give: the caller then runs Arrow's kernel.

#include <arrow/datum.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/common/operators.h>

#include <memory>
#include <optional>

namespace quiver::internal {

/// `left op right` for op +, - or * when both operands are decimal128 or integer (at least
/// one a decimal128 array, the other an array of the same length or a non-null scalar) and
/// every non-null operand value fits in 64 bits. The result type is Arrow's (add/subtract:
/// scale max(s1, s2), precision max(p1 - s1, p2 - s2) + scale + 1; multiply: scale s1 + s2,
/// precision p1 + p2 + 1; an integer counts as decimal(digits, 0)). Falls back (nullopt) when
/// that type would exceed precision 38 or a result would not fit its precision.
arrow::Result<std::optional<arrow::Datum>> TryDecimalArithmetic(BinaryOperator op,
                                                                const arrow::Datum& left,
                                                                const arrow::Datum& right);

/// `left op right` for a comparison op, on the same operands as TryDecimalArithmetic (at
/// least one side a decimal128, the other decimal128 or integer): both sides are brought to
/// the larger scale exactly in __int128, as Arrow's kernels compare them. Nullopt when an
/// operand value does not fit in 64 bits or a scale difference exceeds 18 digits.
arrow::Result<std::optional<arrow::Datum>> TryDecimalCompare(BinaryOperator op,
                                                             const arrow::Datum& left,
                                                             const arrow::Datum& right);

/// `CAST(value AS type)` from decimal128(p1, s) to decimal128(p2, s) (same scale) as a
/// zero-copy relabelling, after checking every non-null value fits precision p2. Nullopt for
/// anything else, or when a value does not fit (Arrow's cast then reports it).
std::optional<arrow::Datum> TryDecimalRelabel(const arrow::Datum& value,
                                              const std::shared_ptr<arrow::DataType>& type);

}  // namespace quiver::internal
