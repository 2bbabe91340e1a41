#include <arrow/type.h>
#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/joins/join_schema.h>

namespace quiver {

std::shared_ptr<arrow::Schema> JoinOutputSchema(const arrow::Schema& left,
                                                const arrow::Schema& right, JoinType join_type) {
  arrow::FieldVector fields;
  auto add = [&](const arrow::Schema& side, bool make_nullable) {
    for (const auto& f : side.fields()) fields.push_back(make_nullable ? f->WithNullable(true) : f);
  };
  switch (join_type) {
    case JoinType::kInner:
      add(left, false);
      add(right, false);
      break;
    case JoinType::kLeft:
      add(left, false);
      add(right, true);
      break;
    case JoinType::kRight:
      add(left, true);
      add(right, false);
      break;
    case JoinType::kFull:
      add(left, true);
      add(right, true);
      break;
    case JoinType::kLeftSemi:
    case JoinType::kLeftAnti:
      add(left, false);
      break;
    case JoinType::kRightSemi:
    case JoinType::kRightAnti:
      add(right, false);
      break;
    case JoinType::kLeftMark:
      add(left, false);
      fields.push_back(arrow::field("mark", arrow::boolean(), true));
      break;
    case JoinType::kRightMark:
      add(right, false);
      fields.push_back(arrow::field("mark", arrow::boolean(), true));
      break;
  }
  return arrow::schema(std::move(fields));
}

arrow::Result<PhysicalExprPtr> ShiftColumns(const PhysicalExprPtr& expr, int offset) {
  if (!expr) return arrow::Status::Invalid("ShiftColumns: null expression");
  if (offset == 0) return expr;
  if (auto* col = dynamic_cast<const ColumnExpr*>(expr.get())) {
    return std::make_shared<ColumnExpr>(col->name(), col->index() + offset);
  }
  auto children = expr->children();
  if (children.empty()) return expr;
  for (auto& c : children) {
    ARROW_ASSIGN_OR_RAISE(c, ShiftColumns(c, offset));
  }
  return expr->with_new_children(std::move(children));
}

Partitioning ShiftPartitioning(const Partitioning& partitioning, int offset) {
  Partitioning out = partitioning;
  for (auto& e : out.exprs) {
    auto shifted = ShiftColumns(e, offset);
    if (!shifted.ok()) return Partitioning::Unknown(partitioning.partition_count);
    e = *shifted;
  }
  return out;
}

}  // namespace quiver
