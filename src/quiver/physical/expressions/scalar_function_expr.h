#pragma once

#include <arrow/type_fwd.h>
#include <quiver/functions/scalar_function.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief A call of a registered ScalarFunction (built-in or UDF) on evaluated arguments.
class ScalarFunctionExpr : public PhysicalExpr {
 public:
  ScalarFunctionExpr(std::shared_ptr<ScalarFunction> fn, std::vector<PhysicalExprPtr> args,
                     std::shared_ptr<arrow::DataType> return_type)
      : fn_(std::move(fn)), args_(std::move(args)), return_type_(std::move(return_type)) {}

  const std::shared_ptr<ScalarFunction>& fn() const { return fn_; }
  const std::vector<PhysicalExprPtr>& args() const { return args_; }
  const std::shared_ptr<arrow::DataType>& return_type() const { return return_type_; }

  arrow::Result<std::shared_ptr<arrow::DataType>> data_type(
      const arrow::Schema& input_schema) const override;
  arrow::Result<arrow::Datum> evaluate(const arrow::RecordBatch& batch) const override;
  std::vector<PhysicalExprPtr> children() const override;
  arrow::Result<PhysicalExprPtr> with_new_children(
      std::vector<PhysicalExprPtr> children) const override;
  std::string to_string() const override;

 private:
  std::shared_ptr<ScalarFunction> fn_;
  std::vector<PhysicalExprPtr> args_;
  std::shared_ptr<arrow::DataType> return_type_;
};

}  // namespace quiver
