#include <arrow/scalar.h>
#include <quiver/logical/create_physical_expr.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/expressions/case_expr.h>
#include <quiver/physical/expressions/cast_expr.h>
#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/expressions/in_list_expr.h>
#include <quiver/physical/expressions/is_null_expr.h>
#include <quiver/physical/expressions/like_expr.h>
#include <quiver/physical/expressions/literal_expr.h>
#include <quiver/physical/expressions/negative_expr.h>
#include <quiver/physical/expressions/not_expr.h>
#include <quiver/physical/expressions/scalar_function_expr.h>

namespace quiver {

arrow::Result<PhysicalExprPtr> CreatePhysicalExpr(const LogicalExpr& expr,
                                                  const LogicalSchema& schema) {
  auto lower = [&](const LogicalExprPtr& e) { return CreatePhysicalExpr(*e, schema); };
  switch (expr.kind()) {
    case LogicalExprKind::kColumn: {
      ARROW_ASSIGN_OR_RAISE(int index, schema.index_of(expr.column()));
      return std::make_shared<ColumnExpr>(schema.field(index)->name(), index);
    }
    case LogicalExprKind::kLiteral:
      return std::make_shared<LiteralExpr>(expr.value());
    case LogicalExprKind::kAlias:
      return lower(expr.arg());
    case LogicalExprKind::kBinary: {
      ARROW_ASSIGN_OR_RAISE(auto left, lower(expr.left()));
      ARROW_ASSIGN_OR_RAISE(auto right, lower(expr.right()));
      return std::make_shared<BinaryExpr>(expr.op(), std::move(left), std::move(right));
    }
    case LogicalExprKind::kNot: {
      ARROW_ASSIGN_OR_RAISE(auto arg, lower(expr.arg()));
      return std::make_shared<NotExpr>(std::move(arg));
    }
    case LogicalExprKind::kNegative: {
      ARROW_ASSIGN_OR_RAISE(auto arg, lower(expr.arg()));
      return std::make_shared<NegativeExpr>(std::move(arg));
    }
    case LogicalExprKind::kIsNull: {
      ARROW_ASSIGN_OR_RAISE(auto arg, lower(expr.arg()));
      return std::make_shared<IsNullExpr>(std::move(arg), expr.negated());
    }
    case LogicalExprKind::kInList: {
      ARROW_ASSIGN_OR_RAISE(auto arg, lower(expr.arg()));
      std::vector<std::shared_ptr<arrow::Scalar>> values;
      for (const auto& item : expr.list()) {
        if (!item->is(LogicalExprKind::kLiteral)) {
          return arrow::Status::NotImplemented("IN lists with non-constant values: ",
                                               item->to_string());
        }
        values.push_back(item->value());
      }
      return std::make_shared<InListExpr>(std::move(arg), std::move(values), expr.negated());
    }
    case LogicalExprKind::kLike: {
      ARROW_ASSIGN_OR_RAISE(auto arg, lower(expr.arg()));
      return std::make_shared<LikeExpr>(std::move(arg), expr.pattern(), expr.negated(),
                                        expr.case_insensitive());
    }
    case LogicalExprKind::kCase: {
      PhysicalExprPtr operand, else_expr;
      if (expr.has_operand()) {
        ARROW_ASSIGN_OR_RAISE(operand, lower(expr.case_operand()));
      }
      std::vector<std::pair<PhysicalExprPtr, PhysicalExprPtr>> when_then;
      for (const auto& [w, t] : expr.when_then()) {
        ARROW_ASSIGN_OR_RAISE(auto pw, lower(w));
        ARROW_ASSIGN_OR_RAISE(auto pt, lower(t));
        when_then.emplace_back(std::move(pw), std::move(pt));
      }
      if (expr.has_else()) {
        ARROW_ASSIGN_OR_RAISE(else_expr, lower(expr.else_expr()));
      }
      return std::make_shared<CaseExpr>(std::move(operand), std::move(when_then),
                                        std::move(else_expr));
    }
    case LogicalExprKind::kCast: {
      ARROW_ASSIGN_OR_RAISE(auto arg, lower(expr.arg()));
      return std::make_shared<CastExpr>(std::move(arg), expr.cast_type());
    }
    case LogicalExprKind::kScalarFunction: {
      std::vector<PhysicalExprPtr> args;
      for (const auto& a : expr.args()) {
        ARROW_ASSIGN_OR_RAISE(auto pa, lower(a));
        args.push_back(std::move(pa));
      }
      ARROW_ASSIGN_OR_RAISE(auto type, expr.data_type(schema));
      return std::make_shared<ScalarFunctionExpr>(expr.scalar_function(), std::move(args),
                                                  std::move(type));
    }
    case LogicalExprKind::kAggregateFunction:
      return arrow::Status::Invalid("aggregate ", expr.to_string(),
                                    " cannot be evaluated as a row expression");
    case LogicalExprKind::kOuterColumn:
      return arrow::Status::NotImplemented("correlated reference ", expr.to_string(),
                                           " was not decorrelated");
    case LogicalExprKind::kScalarSubquery:
    case LogicalExprKind::kExists:
    case LogicalExprKind::kInSubquery:
      // The optimizer turns every subquery into a join; one left here is a form it cannot.
      return arrow::Status::NotImplemented("subquery ", expr.to_string(),
                                           " cannot be turned into a join");
  }
  return arrow::Status::Invalid("unknown expression kind");
}

}  // namespace quiver
