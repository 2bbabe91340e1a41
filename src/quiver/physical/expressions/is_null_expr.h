#pragma once

#include <arrow/type_fwd.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief `arg IS NULL`, or `arg IS NOT NULL` when negated; never null itself.
class IsNullExpr : public PhysicalExpr {
 public:
  IsNullExpr(PhysicalExprPtr arg, bool negated) : arg_(std::move(arg)), negated_(negated) {}

  const PhysicalExprPtr& arg() const { return arg_; }
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
  bool negated_;
};

}  // namespace quiver
