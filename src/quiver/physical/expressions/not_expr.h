#pragma once

#include <arrow/type_fwd.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief Boolean NOT (null stays null).
class NotExpr : public PhysicalExpr {
 public:
  explicit NotExpr(PhysicalExprPtr arg) : arg_(std::move(arg)) {}

  const PhysicalExprPtr& arg() const { return arg_; }

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
};

}  // namespace quiver
