#include <arrow/type.h>
#include <quiver/physical/joins/join_on.h>

namespace quiver {

std::string JoinFilter::to_string() const {
  return expression ? expression->to_string() : "<null>";
}

std::string_view PartitionModeName(PartitionMode mode) {
  switch (mode) {
    case PartitionMode::kPartitioned:
      return "Partitioned";
    case PartitionMode::kCollectLeft:
      return "CollectLeft";
  }
  return "?";
}

std::string JoinOnToString(const JoinOn& on) {
  std::string out = "[";
  for (size_t i = 0; i < on.size(); ++i) {
    if (i > 0) out += ", ";
    out += "(";
    out += on[i].first ? on[i].first->to_string() : "<null>";
    out += ", ";
    out += on[i].second ? on[i].second->to_string() : "<null>";
    out += ")";
  }
  return out + "]";
}

arrow::Status ValidateJoinFilter(const JoinFilter& filter, const arrow::Schema& left,
                                 const arrow::Schema& right) {
  if (!filter.expression) return arrow::Status::Invalid("join filter without an expression");
  if (!filter.schema) return arrow::Status::Invalid("join filter without a schema");
  if (static_cast<int>(filter.column_indices.size()) != filter.schema->num_fields()) {
    return arrow::Status::Invalid("join filter schema has ", filter.schema->num_fields(),
                                  " fields for ", filter.column_indices.size(), " column indices");
  }
  for (size_t i = 0; i < filter.column_indices.size(); ++i) {
    const ColumnIndex& c = filter.column_indices[i];
    const arrow::Schema& side = c.side == JoinSide::kLeft ? left : right;
    if (c.index < 0 || c.index >= side.num_fields()) {
      return arrow::Status::Invalid("join filter column ", i, " names ",
                                    c.side == JoinSide::kLeft ? "left" : "right", " column ",
                                    c.index, " of ", side.num_fields());
    }
    const auto& want = side.field(c.index)->type();
    const auto& have = filter.schema->field(static_cast<int>(i))->type();
    if (!want->Equals(*have)) {
      return arrow::Status::Invalid("join filter field ", filter.schema->field(i)->name(), " is ",
                                    have->ToString(), " but its input column is ",
                                    want->ToString());
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto type, filter.expression->data_type(*filter.schema));
  if (type->id() != arrow::Type::BOOL) {
    return arrow::Status::Invalid("join filter ", filter.to_string(), " is ", type->ToString(),
                                  ", not boolean");
  }
  return arrow::Status::OK();
}

}  // namespace quiver
