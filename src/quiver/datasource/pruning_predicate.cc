#include <arrow/array.h>
#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/common/operators.h>
#include <quiver/datasource/pruning_predicate.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/expressions/in_list_expr.h>
#include <quiver/physical/expressions/is_null_expr.h>
#include <quiver/physical/expressions/literal_expr.h>

namespace quiver {
namespace {

using arrow::Datum;

// IN lists longer than this are not worth a comparison per value and container.
constexpr size_t kMaxInListValues = 256;

/// The column a ColumnExpr names, when it is a column of `schema` with comparable statistics.
const ColumnExpr* AsColumn(const PhysicalExprPtr& expr, const arrow::Schema& schema) {
  auto* column = dynamic_cast<const ColumnExpr*>(expr.get());
  if (!column || column->index() < 0 || column->index() >= schema.num_fields()) return nullptr;
  return column;
}

const LiteralExpr* AsLiteral(const PhysicalExprPtr& expr) {
  return dynamic_cast<const LiteralExpr*>(expr.get());
}

/// `op` with its operands swapped: `5 < a` is `a > 5`.
BinaryOperator Flip(BinaryOperator op) {
  switch (op) {
    case BinaryOperator::kLt:
      return BinaryOperator::kGt;
    case BinaryOperator::kLtEq:
      return BinaryOperator::kGtEq;
    case BinaryOperator::kGt:
      return BinaryOperator::kLt;
    case BinaryOperator::kGtEq:
      return BinaryOperator::kLtEq;
    default:
      return op;
  }
}

bool IsUseful(const PhysicalExprPtr& expr, const arrow::Schema& schema) {
  if (auto* binary = dynamic_cast<const BinaryExpr*>(expr.get())) {
    if (binary->op() == BinaryOperator::kAnd) {
      return IsUseful(binary->left(), schema) || IsUseful(binary->right(), schema);
    }
    if (binary->op() == BinaryOperator::kOr) {
      return IsUseful(binary->left(), schema) && IsUseful(binary->right(), schema);
    }
    if (!IsComparison(binary->op())) return false;
    return (AsColumn(binary->left(), schema) && AsLiteral(binary->right())) ||
           (AsLiteral(binary->left()) && AsColumn(binary->right(), schema));
  }
  if (auto* in_list = dynamic_cast<const InListExpr*>(expr.get())) {
    return !in_list->negated() && AsColumn(in_list->arg(), schema) &&
           in_list->values().size() <= kMaxInListValues;
  }
  if (auto* is_null = dynamic_cast<const IsNullExpr*>(expr.get())) {
    return AsColumn(is_null->arg(), schema) != nullptr;
  }
  return false;
}

/// Evaluates filters to a boolean "skip" Datum (array over containers, or a scalar for all):
/// true = no row can match, false or null = may match. Kernel errors (e.g. types that do not
/// compare) mean "unknown", never a failure of the scan.
class SkipEvaluator {
 public:
  SkipEvaluator(const PruningStatistics& stats, const arrow::Schema& schema)
      : stats_(stats), schema_(schema) {}

  Datum Evaluate(const PhysicalExprPtr& expr) const {
    if (auto* binary = dynamic_cast<const BinaryExpr*>(expr.get())) {
      if (binary->op() == BinaryOperator::kAnd) {
        return Call("or_kleene", Evaluate(binary->left()), Evaluate(binary->right()));
      }
      if (binary->op() == BinaryOperator::kOr) {
        return Call("and_kleene", Evaluate(binary->left()), Evaluate(binary->right()));
      }
      if (!IsComparison(binary->op())) return Unknown();
      if (auto* column = AsColumn(binary->left(), schema_)) {
        if (auto* literal = AsLiteral(binary->right())) {
          return Comparison(column->index(), binary->op(), literal->value());
        }
      }
      if (auto* column = AsColumn(binary->right(), schema_)) {
        if (auto* literal = AsLiteral(binary->left())) {
          return Comparison(column->index(), Flip(binary->op()), literal->value());
        }
      }
      return Unknown();
    }
    if (auto* in_list = dynamic_cast<const InListExpr*>(expr.get())) {
      auto* column = AsColumn(in_list->arg(), schema_);
      if (in_list->negated() || !column || in_list->values().size() > kMaxInListValues) {
        return Unknown();
      }
      return InList(column->index(), in_list->values());
    }
    if (auto* is_null = dynamic_cast<const IsNullExpr*>(expr.get())) {
      auto* column = AsColumn(is_null->arg(), schema_);
      if (!column) return Unknown();
      if (is_null->negated()) return AllNull(column->index());
      auto null_counts = stats_.null_counts(column->index());
      if (!null_counts) return Unknown();
      return Call("equal", null_counts, Datum(int64_t{0}));
    }
    return Unknown();
  }

 private:
  static Datum Unknown() { return Datum(std::make_shared<arrow::BooleanScalar>()); }
  static Datum Constant(bool value) { return Datum(value); }

  static Datum Call(const std::string& function, const Datum& a, const Datum& b) {
    auto result = arrow::compute::CallFunction(function, {a, b});
    return result.ok() ? *std::move(result) : Unknown();
  }

  /// Containers whose rows are all null: no comparison can be true there.
  Datum AllNull(int column) const {
    auto null_counts = stats_.null_counts(column);
    auto row_counts = stats_.row_counts();
    if (!null_counts || !row_counts) return Unknown();
    return Call("equal", null_counts, row_counts);
  }

  Datum Comparison(int column, BinaryOperator op,
                   const std::shared_ptr<arrow::Scalar>& value) const {
    if (!value || !value->is_valid) return Constant(true);  // x <op> NULL is never true
    auto min = stats_.min_values(column);
    auto max = stats_.max_values(column);
    Datum skip = Unknown();
    if (min && max) {
      const Datum v(value);
      switch (op) {
        case BinaryOperator::kEq:
          skip = Call("or_kleene", Call("greater", min, v), Call("less", max, v));
          break;
        case BinaryOperator::kNotEq:
          // Float statistics leave NaN out, and NaN != v holds: only exact types prune.
          if (!arrow::is_floating(schema_.field(column)->type()->id())) {
            skip = Call("and_kleene", Call("equal", min, v), Call("equal", max, v));
          }
          break;
        case BinaryOperator::kLt:
          skip = Call("greater_equal", min, v);
          break;
        case BinaryOperator::kLtEq:
          skip = Call("greater", min, v);
          break;
        case BinaryOperator::kGt:
          skip = Call("less_equal", max, v);
          break;
        case BinaryOperator::kGtEq:
          skip = Call("less", max, v);
          break;
        default:
          break;
      }
    }
    return Call("or_kleene", skip, AllNull(column));
  }

  Datum InList(int column, const std::vector<std::shared_ptr<arrow::Scalar>>& values) const {
    auto min = stats_.min_values(column);
    auto max = stats_.max_values(column);
    Datum skip = Constant(true);  // NULL entries never match, so only valid values count
    for (const auto& value : values) {
      if (!value || !value->is_valid) continue;
      if (!min || !max) {
        skip = Unknown();
        break;
      }
      const Datum v(value);
      skip = Call("and_kleene", skip,
                  Call("or_kleene", Call("greater", min, v), Call("less", max, v)));
    }
    return Call("or_kleene", skip, AllNull(column));
  }

  const PruningStatistics& stats_;
  const arrow::Schema& schema_;
};

}  // namespace

PruningPredicate::PruningPredicate(std::vector<PhysicalExprPtr> filters,
                                   std::shared_ptr<arrow::Schema> schema)
    : schema_(std::move(schema)) {
  for (auto& filter : filters) {
    if (filter && IsUseful(filter, *schema_)) useful_.push_back(std::move(filter));
  }
}

arrow::Result<std::vector<bool>> PruningPredicate::prune(const PruningStatistics& stats) const {
  const int64_t n = stats.num_containers();
  std::vector<bool> skip(n, false);
  SkipEvaluator evaluator(stats, *schema_);
  for (const auto& filter : useful_) {
    const Datum result = evaluator.Evaluate(filter);
    if (result.is_scalar()) {
      if (result.type()->id() != arrow::Type::BOOL) continue;
      const auto& scalar = result.scalar_as<arrow::BooleanScalar>();
      if (scalar.is_valid && scalar.value) std::fill(skip.begin(), skip.end(), true);
      continue;
    }
    if (!result.is_array() || result.length() != n || result.type()->id() != arrow::Type::BOOL) {
      continue;  // not a usable answer: keep everything
    }
    const arrow::BooleanArray mask(result.make_array()->data());
    for (int64_t i = 0; i < n; ++i) {
      if (mask.IsValid(i) && mask.Value(i)) skip[i] = true;
    }
  }
  return skip;
}

}  // namespace quiver
