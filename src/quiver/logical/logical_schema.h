#pragma once

#include <arrow/result.h>
#include <arrow/type.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quiver {

/// \brief A column reference: optional relation (table name or alias) plus column name.
struct Column {
  std::string relation;  ///< empty when unqualified
  std::string name;

  Column() = default;
  Column(std::string relation_in, std::string name_in)
      : relation(std::move(relation_in)), name(std::move(name_in)) {}
  explicit Column(std::string name_in) : name(std::move(name_in)) {}

  /// "t.a" or "a".
  std::string flat_name() const { return relation.empty() ? name : relation + "." + name; }
  bool operator==(const Column& other) const {
    return relation == other.relation && name == other.name;
  }
  bool operator<(const Column& other) const {
    return relation != other.relation ? relation < other.relation : name < other.name;
  }
};

/// \brief The output schema of a logical plan node: Arrow fields plus, per field, the relation
/// qualifier it can be referenced with (`t.col`), or "" for computed columns.
class LogicalSchema {
 public:
  LogicalSchema() : schema_(arrow::schema({})) {}
  LogicalSchema(std::shared_ptr<arrow::Schema> schema, std::vector<std::string> qualifiers);
  /// Every field qualified by `qualifier` (a table scan's schema).
  static LogicalSchema Qualified(std::shared_ptr<arrow::Schema> schema,
                                 const std::string& qualifier);

  const std::shared_ptr<arrow::Schema>& arrow_schema() const { return schema_; }
  int num_fields() const { return schema_->num_fields(); }
  const std::shared_ptr<arrow::Field>& field(int i) const { return schema_->field(i); }
  const std::string& qualifier(int i) const { return qualifiers_[i]; }
  const std::vector<std::string>& qualifiers() const { return qualifiers_; }
  /// The reference that selects field i.
  Column column(int i) const { return Column(qualifiers_[i], schema_->field(i)->name()); }

  /// Hidden fields are found only by references no visible field matches, and `SELECT *`
  /// skips them: a USING join's per-side key columns (`s.a` beside the merged `a`).
  bool is_hidden(int i) const { return !hidden_.empty() && hidden_[i]; }
  const std::vector<bool>& hidden_flags() const { return hidden_; }
  bool has_hidden() const { return !hidden_.empty(); }
  /// This schema with field i hidden where `hidden[i]` (empty: none hidden).
  LogicalSchema with_hidden(std::vector<bool> hidden) const;

  /// Index of `col`: exact name match; an unqualified column matches any qualifier, and among
  /// several matches the only unqualified field.
  /// Invalid "column 'x' not found" / "column reference 'x' is ambiguous".
  arrow::Result<int> index_of(const Column& col) const;
  /// Like index_of but nullopt when absent (still an error when ambiguous).
  arrow::Result<std::optional<int>> find(const Column& col) const;
  /// Indices of all fields matching `col`, ignoring case when `case_insensitive`; hidden
  /// fields only when no visible field matches.
  std::vector<int> matches(const Column& col, bool case_insensitive) const;

  /// Fields of this schema followed by those of `other` (for joins).
  LogicalSchema join(const LogicalSchema& other) const;
  /// The fields at `indices`, in that order.
  LogicalSchema project(const std::vector<int>& indices) const;

  std::string to_string() const;

 private:
  std::shared_ptr<arrow::Schema> schema_;
  std::vector<std::string> qualifiers_;
  std::vector<bool> hidden_;  // empty, or one flag per field with at least one set
};

}  // namespace quiver
