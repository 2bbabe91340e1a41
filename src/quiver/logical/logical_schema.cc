#include <quiver/logical/logical_schema.h>

#include <algorithm>
#include <cctype>

namespace quiver {
namespace {

bool IEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

}  // namespace

LogicalSchema::LogicalSchema(std::shared_ptr<arrow::Schema> schema,
                             std::vector<std::string> qualifiers)
    : schema_(std::move(schema)), qualifiers_(std::move(qualifiers)) {
  qualifiers_.resize(schema_->num_fields());
}

LogicalSchema LogicalSchema::Qualified(std::shared_ptr<arrow::Schema> schema,
                                       const std::string& qualifier) {
  std::vector<std::string> qualifiers(schema->num_fields(), qualifier);
  return LogicalSchema(std::move(schema), std::move(qualifiers));
}

std::vector<int> LogicalSchema::matches(const Column& col, bool case_insensitive) const {
  std::vector<int> out;
  for (int i = 0; i < num_fields(); ++i) {
    const std::string& name = schema_->field(i)->name();
    bool name_ok = case_insensitive ? IEquals(name, col.name) : name == col.name;
    if (!name_ok) continue;
    if (!col.relation.empty()) {
      bool rel_ok =
          case_insensitive ? IEquals(qualifiers_[i], col.relation) : qualifiers_[i] == col.relation;
      if (!rel_ok) continue;
    }
    out.push_back(i);
  }
  if (!hidden_.empty() && out.size() > 1) {
    std::vector<int> visible;
    for (int i : out) {
      if (!hidden_[i]) visible.push_back(i);
    }
    if (!visible.empty()) return visible;
  }
  return out;
}

LogicalSchema LogicalSchema::with_hidden(std::vector<bool> hidden) const {
  LogicalSchema out = *this;
  if (hidden.empty() || std::find(hidden.begin(), hidden.end(), true) == hidden.end()) {
    out.hidden_.clear();
  } else {
    hidden.resize(num_fields(), false);
    out.hidden_ = std::move(hidden);
  }
  return out;
}

arrow::Result<std::optional<int>> LogicalSchema::find(const Column& col) const {
  auto found = matches(col, /*case_insensitive=*/false);
  if (found.empty()) return std::optional<int>();
  if (found.size() > 1 && col.relation.empty()) {
    // An unqualified reference next to qualified namesakes means the unqualified field (as in
    // DataFusion): a plan's own output such as `count(*)` beside a joined subquery's
    // `__sq_1.count(*)`. The SQL binder checks ambiguity of user-written names on its own.
    int unqualified = -1, count = 0;
    for (int i : found) {
      if (qualifiers_[i].empty()) unqualified = i, ++count;
    }
    if (count == 1) return std::optional<int>(unqualified);
  }
  if (found.size() > 1) {
    return arrow::Status::Invalid("column reference '", col.flat_name(), "' is ambiguous");
  }
  return std::optional<int>(found[0]);
}

arrow::Result<int> LogicalSchema::index_of(const Column& col) const {
  ARROW_ASSIGN_OR_RAISE(auto found, find(col));
  if (!found) {
    return arrow::Status::Invalid("column '", col.flat_name(), "' not found in ", to_string());
  }
  return *found;
}

LogicalSchema LogicalSchema::join(const LogicalSchema& other) const {
  arrow::FieldVector fields = schema_->fields();
  for (const auto& f : other.schema_->fields()) fields.push_back(f);
  std::vector<std::string> qualifiers = qualifiers_;
  qualifiers.insert(qualifiers.end(), other.qualifiers_.begin(), other.qualifiers_.end());
  LogicalSchema out(arrow::schema(std::move(fields)), std::move(qualifiers));
  if (hidden_.empty() && other.hidden_.empty()) return out;
  std::vector<bool> hidden;
  for (int i = 0; i < num_fields(); ++i) hidden.push_back(is_hidden(i));
  for (int i = 0; i < other.num_fields(); ++i) hidden.push_back(other.is_hidden(i));
  return out.with_hidden(std::move(hidden));
}

LogicalSchema LogicalSchema::project(const std::vector<int>& indices) const {
  arrow::FieldVector fields;
  std::vector<std::string> qualifiers;
  std::vector<bool> hidden;
  for (int i : indices) {
    fields.push_back(schema_->field(i));
    qualifiers.push_back(qualifiers_[i]);
    hidden.push_back(is_hidden(i));
  }
  return LogicalSchema(arrow::schema(std::move(fields)), std::move(qualifiers))
      .with_hidden(std::move(hidden));
}

std::string LogicalSchema::to_string() const {
  std::string out = "[";
  for (int i = 0; i < num_fields(); ++i) {
    if (i > 0) out += ", ";
    out += column(i).flat_name() + ":" + schema_->field(i)->type()->ToString();
  }
  return out + "]";
}

}  // namespace quiver
