#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/cast_expr.h>
#include <quiver/physical/expressions/decimal_fast_path.h>
#include <quiver/physical/expressions/expr_util.h>

#include <optional>

namespace quiver {
namespace {

// How to round before casting `from` to `to` when the cast drops fractional digits, where
// Arrow's safe cast would refuse to truncate. As in PostgreSQL and DuckDB: decimals round
// half away from zero (CAST(2.5 AS INT) = 3), floating point half to even (rint: 2.5 → 2).
std::optional<arrow::compute::RoundOptions> Rounding(const arrow::DataType& from,
                                                     const arrow::DataType& to) {
  using arrow::compute::RoundMode;
  using arrow::compute::RoundOptions;
  if (arrow::is_floating(from.id()) && arrow::is_integer(to.id())) {
    return RoundOptions(0, RoundMode::HALF_TO_EVEN);
  }
  if (arrow::is_decimal(from.id()) && arrow::is_integer(to.id())) {
    return RoundOptions(0, RoundMode::HALF_TOWARDS_INFINITY);
  }
  if (arrow::is_decimal(from.id()) && arrow::is_decimal(to.id())) {
    const int32_t from_scale = static_cast<const arrow::DecimalType&>(from).scale();
    const int32_t to_scale = static_cast<const arrow::DecimalType&>(to).scale();
    if (to_scale < from_scale) return RoundOptions(to_scale, RoundMode::HALF_TOWARDS_INFINITY);
  }
  return std::nullopt;
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::DataType>> CastExpr::data_type(
    const arrow::Schema& input_schema) const {
  ARROW_ASSIGN_OR_RAISE(auto from, arg_->data_type(input_schema));
  if (!arrow::compute::CanCast(*from, *type_)) {
    return arrow::Status::TypeError("cannot cast ", from->ToString(), " to ", type_->ToString(),
                                    " in ", to_string());
  }
  return type_;
}

bool CastExpr::nullable(const arrow::Schema& input_schema) const {
  return arg_->nullable(input_schema);
}

arrow::Result<arrow::Datum> CastExpr::evaluate(const arrow::RecordBatch& batch) const {
  ARROW_ASSIGN_OR_RAISE(auto v, arg_->evaluate(batch));
  if (v.type()->Equals(*type_)) return v;
  if (auto options = Rounding(*v.type(), *type_)) {
    auto rounded = arrow::compute::CallFunction("round", {v}, &*options);
    if (!rounded.ok()) {
      return rounded.status().WithMessage(rounded.status().message(), " (in ", to_string(), ")");
    }
    v = std::move(*rounded);
  }
  if (arrow::is_integer(v.type()->id()) && type_->id() == arrow::Type::DECIMAL128) {
    // Arrow wants the target to hold any value of the integer type (precision 19 + scale for
    // int64); go through the widest decimal so that only values that do not fit are errors.
    const int32_t scale = static_cast<const arrow::DecimalType&>(*type_).scale();
    auto wide =
        arrow::compute::Cast(v, arrow::decimal128(38, scale), arrow::compute::CastOptions::Safe());
    if (!wide.ok()) {
      return wide.status().WithMessage(wide.status().message(), " (in ", to_string(), ")");
    }
    v = std::move(*wide);
  }
  // Same scale, other precision: a relabelling once the values are checked to fit.
  if (auto relabelled = internal::TryDecimalRelabel(v, type_)) return *std::move(relabelled);
  auto out = arrow::compute::Cast(v, type_, arrow::compute::CastOptions::Safe());
  if (!out.ok()) return out.status().WithMessage(out.status().message(), " (in ", to_string(), ")");
  return out;
}

std::vector<PhysicalExprPtr> CastExpr::children() const { return {arg_}; }

arrow::Result<PhysicalExprPtr> CastExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount("CastExpr", children, 1));
  return std::make_shared<CastExpr>(children[0], type_);
}

std::string CastExpr::to_string() const {
  return "CAST(" + arg_->to_string() + " AS " + type_->ToString() + ")";
}

}  // namespace quiver
