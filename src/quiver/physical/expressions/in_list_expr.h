#pragma once

#include <arrow/scalar.h>
#include <arrow/type_fwd.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief `arg [NOT] IN (values...)` over a constant value set (SQL null semantics: a null arg
/// gives null).
class InListExpr : public PhysicalExpr {
 public:
  InListExpr(PhysicalExprPtr arg, std::vector<std::shared_ptr<arrow::Scalar>> values, bool negated)
      : arg_(std::move(arg)), values_(std::move(values)), negated_(negated) {}

  const PhysicalExprPtr& arg() const { return arg_; }
  const std::vector<std::shared_ptr<arrow::Scalar>>& values() const { return values_; }
  bool negated() const { return negated_; }

  arrow::Result<std::shared_ptr<arrow::DataType>> data_type(
      const arrow::Schema& input_schema) const override;
  bool nullable(const arrow::Schema& input_schema) const override;
  arrow::Result<arrow::Datum> evaluate(const arrow::RecordBatch& batch) const override;
  std::vector<PhysicalExprPtr> children() const override;
  arrow::Result<PhysicalExprPtr> with_new_children(
      std::vector<PhysicalExprPtr> children) const override;
  std::string to_string() const override;

 private:
  PhysicalExprPtr arg_;
  std::vector<std::shared_ptr<arrow::Scalar>> values_;
  bool negated_;
};

}  // namespace quiver
