#pragma once

#include <arrow/scalar.h>
#include <arrow/type_fwd.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief A constant; evaluates to a scalar standing for every row.
class LiteralExpr : public PhysicalExpr {
 public:
  explicit LiteralExpr(std::shared_ptr<arrow::Scalar> value) : value_(std::move(value)) {}

  const std::shared_ptr<arrow::Scalar>& value() const { return value_; }

  arrow::Result<std::shared_ptr<arrow::DataType>> data_type(
      const arrow::Schema& input_schema) const override;
  bool nullable(const arrow::Schema& input_schema) const override;
  arrow::Result<arrow::Datum> evaluate(const arrow::RecordBatch& batch) const override;
  std::vector<PhysicalExprPtr> children() const override;
  arrow::Result<PhysicalExprPtr> with_new_children(
      std::vector<PhysicalExprPtr> children) const override;
  std::string to_string() const override;

 private:
  std::shared_ptr<arrow::Scalar> value_;
};

}  // namespace quiver
