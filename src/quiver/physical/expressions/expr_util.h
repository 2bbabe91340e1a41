#pragma once

#include <arrow/compute/api.h>
#include <arrow/datum.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver::internal {

/// The output type of Arrow compute function `fn` for inputs of `types`, found by calling it
/// on empty arrays: this follows Arrow's own implicit casts and decimal rules exactly.
arrow::Result<std::shared_ptr<arrow::DataType>> ComputeResultType(
    const std::string& fn, const std::vector<std::shared_ptr<arrow::DataType>>& types,
    const arrow::compute::FunctionOptions* options = nullptr);

/// Checks `children` has `n` entries (for with_new_children).
arrow::Status CheckChildCount(const char* expr_name, const std::vector<PhysicalExprPtr>& children,
                              size_t n);

/// `a, b, c` of the expressions' display forms.
std::string JoinExprs(const std::vector<PhysicalExprPtr>& exprs);

}  // namespace quiver::internal
