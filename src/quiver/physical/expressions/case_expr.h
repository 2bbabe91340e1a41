#pragma once

#include <arrow/type_fwd.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief `CASE [operand] WHEN w THEN t ... [ELSE e] END`.
///
/// With an operand, a branch matches where `operand = w`; without one, where `w` is true
/// (null counts as false). Rows matching no branch take `else_expr`, or null without one.
/// Evaluated a whole batch at a time with a remaining-rows mask.
class CaseExpr : public PhysicalExpr {
 public:
  using WhenThen = std::pair<PhysicalExprPtr, PhysicalExprPtr>;

  CaseExpr(PhysicalExprPtr operand, std::vector<WhenThen> when_then, PhysicalExprPtr else_expr)
      : operand_(std::move(operand)),
        when_then_(std::move(when_then)),
        else_expr_(std::move(else_expr)) {}

  /// May be nullptr.
  const PhysicalExprPtr& operand() const { return operand_; }
  const std::vector<WhenThen>& when_then() const { return when_then_; }
  /// May be nullptr.
  const PhysicalExprPtr& else_expr() const { return else_expr_; }

  arrow::Result<std::shared_ptr<arrow::DataType>> data_type(
      const arrow::Schema& input_schema) const override;
  bool nullable(const arrow::Schema& input_schema) const override;
  arrow::Result<arrow::Datum> evaluate(const arrow::RecordBatch& batch) const override;
  /// Operand (if any), then when0, then0, when1, then1, ..., then else (if any).
  std::vector<PhysicalExprPtr> children() const override;
  arrow::Result<PhysicalExprPtr> with_new_children(
      std::vector<PhysicalExprPtr> children) const override;
  std::string to_string() const override;

 private:
  PhysicalExprPtr operand_;
  std::vector<WhenThen> when_then_;
  PhysicalExprPtr else_expr_;
};

}  // namespace quiver
