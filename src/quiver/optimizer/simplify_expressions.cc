#include <arrow/record_batch.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/logical/create_physical_expr.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/type_coercion.h>
#include <quiver/optimizer/simplify_expressions.h>


namespace quiver {
namespace {

bool IsLiteral(const LogicalExprPtr& e) { return e->is(LogicalExprKind::kLiteral); }

bool IsBoolLiteral(const LogicalExprPtr& e, bool value) {
  if (!IsLiteral(e) || !e->value()->is_valid || e->value()->type->id() != arrow::Type::BOOL) {
    return false;
  }
  return static_cast<const arrow::BooleanScalar&>(*e->value()).value == value;
}

// Civil-calendar conversions (proleptic Gregorian), days relative to 1970-01-01.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

unsigned DaysInMonth(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// days + months (clamped to the month's last day) + extra days.
int64_t AddToDays(int64_t days, int64_t months, int64_t extra_days) {
  if (months != 0) {
    int64_t y;
    unsigned m, d;
    CivilFromDays(days, &y, &m, &d);
    int64_t total = y * 12 + (m - 1) + months;
    int64_t ny = total >= 0 ? total / 12 : (total - 11) / 12;
    unsigned nm = static_cast<unsigned>(total - ny * 12) + 1;
    d = std::min(d, DaysInMonth(ny, nm));
    days = DaysFromCivil(ny, nm, d);
  }
  return days + extra_days;
}

// DATE/TIMESTAMP literal ± INTERVAL literal, or nullptr when not applicable.
std::shared_ptr<arrow::Scalar> FoldDateInterval(const LogicalExpr& e) {
  if (!e.is(LogicalExprKind::kBinary)) return nullptr;
  if (e.op() != BinaryOperator::kPlus && e.op() != BinaryOperator::kMinus) return nullptr;
  LogicalExprPtr date = e.left(), interval = e.right();
  if (e.op() == BinaryOperator::kPlus && IsLiteral(date) &&
      date->value()->type->id() == arrow::Type::INTERVAL_MONTH_DAY_NANO) {
    std::swap(date, interval);
  }
  if (!IsLiteral(date) || !IsLiteral(interval)) return nullptr;
  if (interval->value()->type->id() != arrow::Type::INTERVAL_MONTH_DAY_NANO) return nullptr;
  if (!date->value()->is_valid || !interval->value()->is_valid) {
    return arrow::MakeNullScalar(date->value()->type);
  }
  auto iv = static_cast<const arrow::MonthDayNanoIntervalScalar&>(*interval->value()).value;
  int64_t sign = e.op() == BinaryOperator::kMinus ? -1 : 1;
  switch (date->value()->type->id()) {
    case arrow::Type::DATE32: {
      if (iv.nanoseconds != 0) return nullptr;  // would need a timestamp
      int64_t days = static_cast<const arrow::Date32Scalar&>(*date->value()).value;
      int64_t out = AddToDays(days, sign * iv.months, sign * iv.days);
      // Out of DATE's range: left unfolded, so the kernel reports it when the query runs.
      if (out < kMinDateDays || out > kMaxDateDays) return nullptr;
      return std::make_shared<arrow::Date32Scalar>(static_cast<int32_t>(out));
    }
    case arrow::Type::TIMESTAMP: {
      const auto& ts = static_cast<const arrow::TimestampScalar&>(*date->value());
      const auto& type = static_cast<const arrow::TimestampType&>(*ts.type);
      int64_t per_second = 1;
      switch (type.unit()) {
        case arrow::TimeUnit::SECOND:
          per_second = 1;
          break;
        case arrow::TimeUnit::MILLI:
          per_second = 1000;
          break;
        case arrow::TimeUnit::MICRO:
          per_second = 1000000;
          break;
        case arrow::TimeUnit::NANO:
          per_second = 1000000000;
          break;
      }
      int64_t per_day = per_second * 86400;
      int64_t days = ts.value >= 0 ? ts.value / per_day : (ts.value - per_day + 1) / per_day;
      int64_t rest = ts.value - days * per_day;
      int64_t new_days = AddToDays(days, sign * iv.months, sign * iv.days);
      int64_t nanos_in_unit = 1000000000 / per_second;
      int64_t value = 0;
      if (__builtin_mul_overflow(new_days, per_day, &value) ||
          __builtin_add_overflow(value, rest + sign * (iv.nanoseconds / nanos_in_unit), &value)) {
        return nullptr;  // out of range: left to the kernel, which reports it
      }
      return std::make_shared<arrow::TimestampScalar>(value, ts.type);
    }
    default:
      return nullptr;
  }
}

bool Foldable(const LogicalExpr& e) {
  switch (e.kind()) {
    case LogicalExprKind::kColumn:
    case LogicalExprKind::kLiteral:
    case LogicalExprKind::kAlias:
    case LogicalExprKind::kAggregateFunction:
    case LogicalExprKind::kOuterColumn:
    case LogicalExprKind::kScalarSubquery:
    case LogicalExprKind::kExists:
    case LogicalExprKind::kInSubquery:
      return false;
    case LogicalExprKind::kScalarFunction:
      if (e.args().empty()) return false;  // now(), random(): not constants
      break;
    default:
      break;
  }
  for (const auto& c : e.children()) {
    if (!IsLiteral(c)) return false;
  }
  return true;
}

// Evaluates a literal-only expression on a one-row batch; nullptr when it cannot (the error,
// if real, surfaces at execution).
std::shared_ptr<arrow::Scalar> Evaluate(const LogicalExpr& e) {
  LogicalSchema empty;
  auto physical = CreatePhysicalExpr(e, empty);
  if (!physical.ok()) return nullptr;
  auto batch = arrow::RecordBatch::Make(arrow::schema({}), 1, arrow::ArrayVector{});
  auto result = (*physical)->evaluate(*batch);
  if (!result.ok()) return nullptr;
  if (result->is_scalar()) return result->scalar();
  if (result->is_array() && result->length() == 1) {
    auto scalar = result->make_array()->GetScalar(0);
    if (scalar.ok()) return *scalar;
  }
  return nullptr;
}

void SplitDisjunction(const LogicalExprPtr& e, std::vector<LogicalExprPtr>* out) {
  if (e->is(LogicalExprKind::kBinary) && e->op() == BinaryOperator::kOr) {
    SplitDisjunction(e->left(), out);
    SplitDisjunction(e->right(), out);
  } else {
    out->push_back(e);
  }
}

// (A AND B) OR (A AND C) → A AND (B OR C): a conjunct every disjunct has is pulled out, so an
// equality shared by all branches (TPC-H Q19's join key) can become a join key. A disjunct
// left with nothing makes the OR true: A OR (A AND B) → A.
LogicalExprPtr FactorDisjunction(const LogicalExprPtr& e) {
  std::vector<LogicalExprPtr> disjuncts;
  SplitDisjunction(e, &disjuncts);
  std::vector<std::vector<LogicalExprPtr>> parts;
  for (const auto& d : disjuncts) parts.push_back(SplitConjunction(d));
  std::vector<LogicalExprPtr> common;
  for (const auto& c : parts[0]) {
    bool everywhere = !ContainsExpr(common, *c);
    for (size_t i = 1; i < parts.size() && everywhere; ++i) everywhere = ContainsExpr(parts[i], *c);
    if (everywhere) common.push_back(c);
  }
  if (common.empty()) return nullptr;
  LogicalExprPtr rest;
  bool always = false;
  for (const auto& p : parts) {
    std::vector<LogicalExprPtr> remaining;
    for (const auto& c : p) {
      if (!ContainsExpr(common, *c)) remaining.push_back(c);
    }
    if (remaining.empty()) {
      always = true;
      break;
    }
    auto conj = Conjunction(remaining);
    rest = rest ? LogicalExpr::Binary(rest, BinaryOperator::kOr, conj) : conj;
  }
  std::vector<LogicalExprPtr> out = common;
  if (!always) out.push_back(rest);
  return Conjunction(out);
}

arrow::Result<LogicalExprPtr> SimplifyNode(const LogicalExprPtr& e, const LogicalSchema& schema) {
  if (e->is(LogicalExprKind::kBinary)) {
    const auto& l = e->left();
    const auto& r = e->right();
    if (e->op() == BinaryOperator::kAnd) {
      if (IsBoolLiteral(l, true)) return r;
      if (IsBoolLiteral(r, true)) return l;
      if (IsBoolLiteral(l, false) || IsBoolLiteral(r, false)) {
        return LogicalExpr::Lit(std::make_shared<arrow::BooleanScalar>(false));
      }
    } else if (e->op() == BinaryOperator::kOr) {
      if (IsBoolLiteral(l, false)) return r;
      if (IsBoolLiteral(r, false)) return l;
      if (IsBoolLiteral(l, true) || IsBoolLiteral(r, true)) {
        return LogicalExpr::Lit(std::make_shared<arrow::BooleanScalar>(true));
      }
      if (auto factored = FactorDisjunction(e)) return factored;
    }
    if (auto folded = FoldDateInterval(*e)) return LogicalExpr::Lit(folded);
    if (IsComparison(e->op()) && IsLiteral(l) != IsLiteral(r)) {
      // CAST(x AS wider) op literal → x op literal' when the literal fits x's type exactly:
      // a widening cast keeps the order, and x is then compared without a cast per row.
      const auto& lit = IsLiteral(l) ? l : r;
      const auto& other = IsLiteral(l) ? r : l;
      if (other->is(LogicalExprKind::kCast) && lit->value()->is_valid) {
        auto inner_type = other->arg()->data_type(schema);
        const auto& wide = other->cast_type();
        const bool widening =
            inner_type.ok() &&
            ((arrow::is_decimal((*inner_type)->id()) && arrow::is_decimal(wide->id()) &&
              static_cast<const arrow::DecimalType&>(**inner_type).scale() <=
                  static_cast<const arrow::DecimalType&>(*wide).scale() &&
              static_cast<const arrow::DecimalType&>(**inner_type).precision() -
                      static_cast<const arrow::DecimalType&>(**inner_type).scale() <=
                  static_cast<const arrow::DecimalType&>(*wide).precision() -
                      static_cast<const arrow::DecimalType&>(*wide).scale()) ||
             (arrow::is_integer((*inner_type)->id()) && arrow::is_integer(wide->id()) &&
              arrow::bit_width((*inner_type)->id()) <= arrow::bit_width(wide->id()) &&
              arrow::is_signed_integer((*inner_type)->id()) ==
                  arrow::is_signed_integer(wide->id())));
        if (widening) {
          if (auto narrowed = ExactLiteralCast(*lit->value(), *inner_type)) {
            auto new_lit = LogicalExpr::Lit(narrowed);
            return IsLiteral(l) ? LogicalExpr::Binary(new_lit, e->op(), other->arg())
                                : LogicalExpr::Binary(other->arg(), e->op(), new_lit);
          }
        }
      }
    }
    if (IsComparison(e->op()) && IsLiteral(l) != IsLiteral(r)) {
      // After folding, a literal may still have another type than the column it meets.
      const auto& lit = IsLiteral(l) ? l : r;
      const auto& other = IsLiteral(l) ? r : l;
      auto other_type = other->data_type(schema);
      if (other_type.ok() && !(*other_type)->Equals(*lit->value()->type)) {
        if (auto cast = ExactLiteralCast(*lit->value(), *other_type)) {
          auto new_lit = LogicalExpr::Lit(cast);
          return IsLiteral(l) ? LogicalExpr::Binary(new_lit, e->op(), r)
                              : LogicalExpr::Binary(l, e->op(), new_lit);
        }
      }
    }
  }
  if (e->is(LogicalExprKind::kNot) && e->arg()->is(LogicalExprKind::kNot)) {
    return e->arg()->arg();
  }
  if (e->is(LogicalExprKind::kCast) && !IsLiteral(e->arg())) {
    auto t = e->arg()->data_type(schema);
    if (t.ok() && (*t)->Equals(*e->cast_type())) return e->arg();
  }
  if (Foldable(*e)) {
    if (auto value = Evaluate(*e)) {
      auto expected = e->data_type(schema);
      if (expected.ok() && !value->type->Equals(**expected)) {
        auto cast = value->CastTo(*expected);
        if (!cast.ok()) return e;
        value = *cast;
      }
      return LogicalExpr::Lit(std::move(value));
    }
  }
  return e;
}

// The name a projection (qualified=false) or aggregate (qualified=true) gives `e`.
std::string FieldName(const LogicalExpr& e, bool qualified) {
  if (e.is(LogicalExprKind::kAlias)) return e.alias();
  if (e.is(LogicalExprKind::kColumn)) return e.column().name;
  return qualified ? e.to_string() : e.display_name();
}

}  // namespace

arrow::Result<LogicalExprPtr> SimplifyExpressions::Simplify(const LogicalExprPtr& expr,
                                                            const LogicalSchema& schema) {
  return TransformUp(expr, [&](const LogicalExprPtr& e) { return SimplifyNode(e, schema); });
}

arrow::Result<LogicalPlanPtr> SimplifyExpressions::rewrite(const LogicalPlanPtr& plan,
                                                           const SessionConfig&) const {
  return TransformPlanUp(plan, [](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
    if (node->kind() == LogicalPlanKind::kJoin) {
      // Keys are over one side each; the condition over both.
      const auto& join = static_cast<const LogicalJoin&>(*node);
      if (!join.filter()) return node;
      ARROW_ASSIGN_OR_RAISE(auto filter, Simplify(join.filter(), join.combined_schema()));
      if (filter == join.filter()) return node;
      if (IsBoolLiteral(filter, true)) filter = nullptr;
      ARROW_ASSIGN_OR_RAISE(auto out, join.with(join.left(), join.right(), join.on(), filter));
      return out;
    }
    auto exprs = node->expressions();
    if (exprs.empty()) return node;
    const LogicalSchema& schema = ExpressionSchema(*node);
    bool keeps_names =
        node->kind() == LogicalPlanKind::kProjection || node->kind() == LogicalPlanKind::kAggregate;
    bool qualified = node->kind() == LogicalPlanKind::kAggregate;
    bool changed = false;
    std::vector<LogicalExprPtr> out;
    for (const auto& e : exprs) {
      ARROW_ASSIGN_OR_RAISE(auto s, Simplify(e, schema));
      if (s != e) {
        changed = true;
        std::string old_name = FieldName(*e, qualified);
        if (keeps_names && FieldName(*s, qualified) != old_name) {
          s = LogicalExpr::Alias(s, old_name);
        }
      }
      out.push_back(std::move(s));
    }
    if (node->kind() == LogicalPlanKind::kTableScan) {
      // Pushed-down conjuncts that folded to true say nothing.
      std::vector<LogicalExprPtr> kept;
      for (auto& f : out) {
        if (!IsBoolLiteral(f, true)) kept.push_back(std::move(f));
      }
      changed = changed || kept.size() != out.size();
      out = std::move(kept);
    }
    if (!changed) return node;
    if (node->kind() == LogicalPlanKind::kFilter && IsBoolLiteral(out[0], true)) {
      return node->inputs()[0];
    }
    return node->with_new_expressions(std::move(out));
  });
}

}  // namespace quiver
