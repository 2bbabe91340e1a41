#pragma once

#include <arrow/type_fwd.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief `CAST(arg AS type)` with Arrow's safe cast rules (overflow and bad strings are errors).
class CastExpr : public PhysicalExpr {
 public:
  CastExpr(PhysicalExprPtr arg, std::shared_ptr<arrow::DataType> type)
      : arg_(std::move(arg)), type_(std::move(type)) {}

  const PhysicalExprPtr& arg() const { return arg_; }
  const std::shared_ptr<arrow::DataType>& type() const { return type_; }

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
  std::shared_ptr<arrow::DataType> type_;
};

}  // namespace quiver
