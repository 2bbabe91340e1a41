#pragma once

#include <arrow/compute/ordering.h>
#include <arrow/datum.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver {

class PhysicalExpr;
using PhysicalExprPtr = std::shared_ptr<PhysicalExpr>;

/// \brief An expression bound to an input schema, evaluated a whole batch at a time.
///
/// Implementations call Arrow compute kernels (or tight typed loops) on columns; there is no
/// per-row dispatch. `evaluate` returns an array of `batch.num_rows()` or a scalar that stands
/// for every row. Concrete kinds live in physical/expressions/.
class PhysicalExpr {
 public:
  virtual ~PhysicalExpr() = default;
  /// Result type given the input schema the expression was bound to.
  virtual arrow::Result<std::shared_ptr<arrow::DataType>> data_type(
      const arrow::Schema& input_schema) const = 0;
  virtual bool nullable(const arrow::Schema& input_schema) const { return true; }
  virtual arrow::Result<arrow::Datum> evaluate(const arrow::RecordBatch& batch) const = 0;
  virtual std::vector<PhysicalExprPtr> children() const = 0;
  virtual arrow::Result<PhysicalExprPtr> with_new_children(
      std::vector<PhysicalExprPtr> children) const = 0;
  /// Display form used by EXPLAIN, e.g. `l_quantity@4 < 24`.
  virtual std::string to_string() const = 0;
};

/// Evaluates `expr` and always returns an array of batch.num_rows() (scalars are broadcast).
arrow::Result<std::shared_ptr<arrow::Array>> EvaluateToArray(const PhysicalExpr& expr,
                                                             const arrow::RecordBatch& batch);

/// `expr` with each column reference `i` turned into column `mapping[i]` of `schema` (named as
/// there): an expression over a projection's output rewritten over its input.
arrow::Result<PhysicalExprPtr> RemapColumns(const PhysicalExprPtr& expr,
                                            const std::vector<int>& mapping,
                                            const arrow::Schema& schema);

/// \brief One ORDER BY key of a physical sort.
struct PhysicalSortExpr {
  PhysicalExprPtr expr;
  bool descending = false;
  bool nulls_first = false;
  std::string to_string() const;
};
using LexOrdering = std::vector<PhysicalSortExpr>;

}  // namespace quiver
