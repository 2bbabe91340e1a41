#pragma once

#include <arrow/type_fwd.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief Column `index` of the input batch; `name` is for display (`name@index`).
class ColumnExpr : public PhysicalExpr {
 public:
  ColumnExpr(std::string name, int index) : name_(std::move(name)), index_(index) {}

  const std::string& name() const { return name_; }
  int index() const { return index_; }

  arrow::Result<std::shared_ptr<arrow::DataType>> data_type(
      const arrow::Schema& input_schema) const override;
  bool nullable(const arrow::Schema& input_schema) const override;
  arrow::Result<arrow::Datum> evaluate(const arrow::RecordBatch& batch) const override;
  std::vector<PhysicalExprPtr> children() const override;
  arrow::Result<PhysicalExprPtr> with_new_children(
      std::vector<PhysicalExprPtr> children) const override;
  std::string to_string() const override;

 private:
  std::string name_;
  int index_;
};

}  // namespace quiver
