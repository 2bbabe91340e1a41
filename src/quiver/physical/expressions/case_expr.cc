#include <arrow/array.h>
#include <arrow/array/util.h>
#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/case_expr.h>
#include <quiver/physical/expressions/expr_util.h>

namespace quiver {
namespace {

namespace cp = arrow::compute;

arrow::Result<std::shared_ptr<arrow::Array>> ToArray(const arrow::Datum& d, int64_t n) {
  if (d.is_scalar()) return arrow::MakeArrayFromScalar(*d.scalar(), n);
  return d.make_array();
}

arrow::Result<arrow::Datum> CastTo(const arrow::Datum& d,
                                   const std::shared_ptr<arrow::DataType>& type) {
  if (d.type()->Equals(*type)) return d;
  return cp::Cast(d, type);
}

int64_t CountTrue(const arrow::Array& mask) {
  return static_cast<const arrow::BooleanArray&>(mask).true_count();
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::DataType>> CaseExpr::data_type(
    const arrow::Schema& input_schema) const {
  if (when_then_.empty()) return arrow::Status::Invalid("CASE without WHEN branches");
  std::shared_ptr<arrow::DataType> type;
  auto consider = [&](const PhysicalExprPtr& e) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(auto t, e->data_type(input_schema));
    if (!type || type->id() == arrow::Type::NA) {
      type = t;
    } else if (t->id() != arrow::Type::NA && !t->Equals(*type) && !cp::CanCast(*t, *type)) {
      return arrow::Status::TypeError("CASE branches have incompatible types ", type->ToString(),
                                      " and ", t->ToString(), " in ", to_string());
    }
    return arrow::Status::OK();
  };
  for (const auto& [when, then] : when_then_) {
    ARROW_RETURN_NOT_OK(when->data_type(input_schema).status());
    ARROW_RETURN_NOT_OK(consider(then));
  }
  if (else_expr_) ARROW_RETURN_NOT_OK(consider(else_expr_));
  if (operand_) ARROW_RETURN_NOT_OK(operand_->data_type(input_schema).status());
  return type;
}

bool CaseExpr::nullable(const arrow::Schema& input_schema) const {
  if (!else_expr_) return true;
  for (const auto& wt : when_then_) {
    if (wt.second->nullable(input_schema)) return true;
  }
  return else_expr_->nullable(input_schema);
}

// Branch by branch over a "rows still unmatched" mask; each THEN is evaluated on the whole
// batch when it can be (one kernel call) and otherwise only on the rows that take it, so a
// branch that would fail on rows it does not cover (e.g. a division by zero guarded by the
// WHEN) does not fail the query. Results are scattered with replace_with_mask.
arrow::Result<arrow::Datum> CaseExpr::evaluate(const arrow::RecordBatch& batch) const {
  const int64_t n = batch.num_rows();
  ARROW_ASSIGN_OR_RAISE(auto type, data_type(*batch.schema()));
  ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Array> result, arrow::MakeArrayOfNull(type, n));
  if (n == 0) return result;
  ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Array> remaining,
                        arrow::MakeArrayFromScalar(arrow::BooleanScalar(true), n));
  int64_t remaining_count = n;
  arrow::Datum operand_value;
  if (operand_) {
    ARROW_ASSIGN_OR_RAISE(operand_value, operand_->evaluate(batch));
  }

  auto apply = [&](const PhysicalExprPtr& expr,
                   const std::shared_ptr<arrow::Array>& take) -> arrow::Status {
    int64_t count = CountTrue(*take);
    if (count == 0) return arrow::Status::OK();
    std::shared_ptr<arrow::Array> values;
    auto full = expr->evaluate(batch);
    if (full.ok()) {
      ARROW_ASSIGN_OR_RAISE(auto casted, CastTo(*full, type));
      if (casted.is_scalar()) {
        ARROW_ASSIGN_OR_RAISE(values, arrow::MakeArrayFromScalar(*casted.scalar(), count));
      } else if (count == n) {
        values = casted.make_array();
      } else {
        ARROW_ASSIGN_OR_RAISE(auto filtered, cp::Filter(casted, take));
        values = filtered.make_array();
      }
    } else {
      std::vector<std::shared_ptr<arrow::Array>> columns;
      for (const auto& column : batch.columns()) {
        ARROW_ASSIGN_OR_RAISE(auto filtered, cp::Filter(column, take));
        columns.push_back(filtered.make_array());
      }
      auto sub = arrow::RecordBatch::Make(batch.schema(), count, std::move(columns));
      ARROW_ASSIGN_OR_RAISE(auto v, expr->evaluate(*sub));
      ARROW_ASSIGN_OR_RAISE(auto casted, CastTo(v, type));
      ARROW_ASSIGN_OR_RAISE(values, ToArray(casted, count));
    }
    ARROW_ASSIGN_OR_RAISE(auto replaced,
                          cp::CallFunction("replace_with_mask", {result, take, values}));
    result = replaced.make_array();
    ARROW_ASSIGN_OR_RAISE(auto rest, cp::CallFunction("and_not", {remaining, take}));
    remaining = rest.make_array();
    remaining_count -= count;
    return arrow::Status::OK();
  };

  for (const auto& [when, then] : when_then_) {
    if (remaining_count == 0) break;
    ARROW_ASSIGN_OR_RAISE(auto cond, when->evaluate(batch));
    if (operand_) {
      ARROW_ASSIGN_OR_RAISE(cond, cp::CallFunction("equal", {operand_value, cond}));
    }
    if (!cond.type()->Equals(*arrow::boolean())) {
      return arrow::Status::TypeError("CASE WHEN condition is ", cond.type()->ToString(),
                                      ", expected boolean, in ", to_string());
    }
    ARROW_ASSIGN_OR_RAISE(auto cond_array, ToArray(cond, n));
    ARROW_ASSIGN_OR_RAISE(auto no_nulls,
                          cp::CallFunction("coalesce", {cond_array, arrow::Datum(false)}));
    ARROW_ASSIGN_OR_RAISE(auto take, cp::CallFunction("and", {no_nulls, remaining}));
    ARROW_RETURN_NOT_OK(apply(then, take.make_array()));
  }
  if (else_expr_ && remaining_count > 0) {
    ARROW_RETURN_NOT_OK(apply(else_expr_, remaining));
  }
  return result;
}

std::vector<PhysicalExprPtr> CaseExpr::children() const {
  std::vector<PhysicalExprPtr> out;
  if (operand_) out.push_back(operand_);
  for (const auto& [w, t] : when_then_) {
    out.push_back(w);
    out.push_back(t);
  }
  if (else_expr_) out.push_back(else_expr_);
  return out;
}

arrow::Result<PhysicalExprPtr> CaseExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount(
      "CaseExpr", children, when_then_.size() * 2 + (operand_ ? 1 : 0) + (else_expr_ ? 1 : 0)));
  size_t i = 0;
  PhysicalExprPtr operand = operand_ ? children[i++] : nullptr;
  std::vector<WhenThen> wt;
  for (size_t k = 0; k < when_then_.size(); ++k, i += 2)
    wt.emplace_back(children[i], children[i + 1]);
  PhysicalExprPtr else_expr = else_expr_ ? children[i] : nullptr;
  return std::make_shared<CaseExpr>(std::move(operand), std::move(wt), std::move(else_expr));
}

std::string CaseExpr::to_string() const {
  std::string out = "CASE";
  if (operand_) out += " " + operand_->to_string();
  for (const auto& [w, t] : when_then_) {
    out += " WHEN " + w->to_string() + " THEN " + t->to_string();
  }
  if (else_expr_) out += " ELSE " + else_expr_->to_string();
  return out + " END";
}

}  // namespace quiver
