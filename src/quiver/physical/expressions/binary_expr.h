#pragma once

#include <arrow/type_fwd.h>
#include <quiver/common/operators.h>
#include <quiver/physical/physical_expr.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// The dates DATE ± INTERVAL may give, as days since 1970-01-01: years -32767 to 32767 (what
/// Arrow can print; beyond is an error, as an overflow is in DuckDB).
inline constexpr int64_t kMinDateDays = -12687428;  // -32767-01-01
inline constexpr int64_t kMaxDateDays = 11248737;   // 32767-12-31

/// \brief `left op right`: checked arithmetic (decimals follow Arrow's rules; division by zero
/// is an error), comparisons, and Kleene AND/OR.
class BinaryExpr : public PhysicalExpr {
 public:
  BinaryExpr(BinaryOperator op, PhysicalExprPtr left, PhysicalExprPtr right)
      : op_(std::move(op)), left_(std::move(left)), right_(std::move(right)) {}

  BinaryOperator op() const { return op_; }
  const PhysicalExprPtr& left() const { return left_; }
  const PhysicalExprPtr& right() const { return right_; }

  arrow::Result<std::shared_ptr<arrow::DataType>> data_type(
      const arrow::Schema& input_schema) const override;
  bool nullable(const arrow::Schema& input_schema) const override;
  arrow::Result<arrow::Datum> evaluate(const arrow::RecordBatch& batch) const override;
  std::vector<PhysicalExprPtr> children() const override;
  arrow::Result<PhysicalExprPtr> with_new_children(
      std::vector<PhysicalExprPtr> children) const override;
  std::string to_string() const override;

 private:
  BinaryOperator op_;
  PhysicalExprPtr left_;
  PhysicalExprPtr right_;
};

}  // namespace quiver
