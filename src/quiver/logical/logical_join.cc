#include <arrow/type.h>
#include <quiver/logical/logical_join.h>

namespace quiver {
namespace {

// `schema` with every field made nullable (the side an outer join pads with NULLs).
LogicalSchema Nullable(const LogicalSchema& schema) {
  arrow::FieldVector fields;
  for (const auto& f : schema.arrow_schema()->fields()) fields.push_back(f->WithNullable(true));
  return LogicalSchema(arrow::schema(std::move(fields)), schema.qualifiers())
      .with_hidden(schema.hidden_flags());
}

}  // namespace

arrow::Result<std::shared_ptr<LogicalJoin>> LogicalJoin::Make(
    LogicalPlanPtr left, LogicalPlanPtr right, JoinType type, JoinKeys on, LogicalExprPtr filter,
    bool null_equals_null, bool null_aware, std::string mark_name) {
  if (!left || !right) return arrow::Status::Invalid("a join needs two inputs");
  const LogicalSchema& ls = left->logical_schema();
  const LogicalSchema& rs = right->logical_schema();
  for (const auto& [l, r] : on) {
    ARROW_ASSIGN_OR_RAISE(auto lt, l->data_type(ls));
    ARROW_ASSIGN_OR_RAISE(auto rt, r->data_type(rs));
    if (!lt->Equals(*rt)) {
      return arrow::Status::Invalid("join keys ", l->to_string(), " and ", r->to_string(),
                                    " have different types (", lt->ToString(), ", ", rt->ToString(),
                                    "): cast them to one type first");
    }
  }
  LogicalSchema combined = ls.join(rs);
  if (filter) {
    ARROW_ASSIGN_OR_RAISE(auto ft, filter->data_type(combined));
    if (ft->id() != arrow::Type::BOOL) {
      return arrow::Status::Invalid("join filter must be boolean, got ", ft->ToString());
    }
  }
  if (null_aware &&
      (on.size() != 1 || (type != JoinType::kLeftAnti && type != JoinType::kLeftMark))) {
    return arrow::Status::Invalid("a null-aware join is an anti or mark join on one key");
  }
  LogicalSchema schema;
  switch (type) {
    case JoinType::kInner:
      schema = combined;
      break;
    case JoinType::kLeft:
      schema = ls.join(Nullable(rs));
      break;
    case JoinType::kRight:
      schema = Nullable(ls).join(rs);
      break;
    case JoinType::kFull:
      schema = Nullable(ls).join(Nullable(rs));
      break;
    case JoinType::kLeftSemi:
    case JoinType::kLeftAnti:
      schema = ls;
      break;
    case JoinType::kRightSemi:
    case JoinType::kRightAnti:
      schema = rs;
      break;
    case JoinType::kLeftMark:
      schema = ls.join(LogicalSchema(
          arrow::schema({arrow::field(mark_name, arrow::boolean(), /*nullable=*/true)}), {""}));
      break;
    case JoinType::kRightMark:
      schema = rs.join(LogicalSchema(
          arrow::schema({arrow::field(mark_name, arrow::boolean(), /*nullable=*/true)}), {""}));
      break;
  }
  auto join = std::shared_ptr<LogicalJoin>(new LogicalJoin(std::move(schema), std::move(combined)));
  join->left_ = std::move(left);
  join->right_ = std::move(right);
  join->type_ = type;
  join->on_ = std::move(on);
  join->filter_ = std::move(filter);
  join->null_equals_null_ = null_equals_null;
  join->null_aware_ = null_aware;
  join->mark_name_ = std::move(mark_name);
  return join;
}

arrow::Result<std::shared_ptr<LogicalJoin>> LogicalJoin::with(LogicalPlanPtr left,
                                                              LogicalPlanPtr right, JoinKeys on,
                                                              LogicalExprPtr filter) const {
  return Make(std::move(left), std::move(right), type_, std::move(on), std::move(filter),
              null_equals_null_, null_aware_, mark_name_);
}

arrow::Result<LogicalPlanPtr> LogicalJoin::with_new_inputs(
    std::vector<LogicalPlanPtr> inputs) const {
  if (inputs.size() != 2) return arrow::Status::Invalid("Join takes two inputs");
  return with(std::move(inputs[0]), std::move(inputs[1]), on_, filter_);
}

std::vector<LogicalExprPtr> LogicalJoin::expressions() const {
  std::vector<LogicalExprPtr> out;
  for (const auto& [l, r] : on_) {
    out.push_back(l);
    out.push_back(r);
  }
  if (filter_) out.push_back(filter_);
  return out;
}

arrow::Result<LogicalPlanPtr> LogicalJoin::with_new_expressions(
    std::vector<LogicalExprPtr> exprs) const {
  const size_t keys = 2 * on_.size();
  if (exprs.size() != keys + (filter_ ? 1 : 0)) {
    return arrow::Status::Invalid("Join takes ", keys + (filter_ ? 1 : 0), " expressions");
  }
  JoinKeys on;
  for (size_t i = 0; i < keys; i += 2) on.emplace_back(exprs[i], exprs[i + 1]);
  return with(left_, right_, std::move(on), filter_ ? exprs.back() : nullptr);
}

std::string LogicalJoin::to_string() const {
  std::string out = "Join: type=" + std::string(JoinTypeName(type_));
  if (!on_.empty()) {
    out += ", on=[";
    for (size_t i = 0; i < on_.size(); ++i) {
      if (i > 0) out += ", ";
      out += on_[i].first->to_string() + " = " + on_[i].second->to_string();
    }
    out += "]";
  }
  if (filter_) out += ", filter=" + filter_->to_string();
  if (null_equals_null_) out += ", null_equals_null";
  if (null_aware_) out += ", null_aware";
  return out;
}

}  // namespace quiver
