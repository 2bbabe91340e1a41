#pragma once

#include <arrow/type_fwd.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief `arg [NOT] [I]LIKE pattern` with SQL wildcards `%` and `_`.
class LikeExpr : public PhysicalExpr {
 public:
  LikeExpr(PhysicalExprPtr arg, std::string pattern, bool negated, bool case_insensitive)
      : arg_(std::move(arg)),
        pattern_(std::move(pattern)),
        negated_(negated),
        case_insensitive_(case_insensitive) {}

  const PhysicalExprPtr& arg() const { return arg_; }
  const std::string& pattern() const { return pattern_; }
  bool negated() const { return negated_; }
  bool case_insensitive() const { return case_insensitive_; }

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
  std::string pattern_;
  bool negated_;
  bool case_insensitive_;
};

}  // namespace quiver
