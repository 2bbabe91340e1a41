#include <arrow/type.h>
#include <quiver/logical/logical_union.h>

namespace quiver {

arrow::Result<std::shared_ptr<LogicalUnion>> LogicalUnion::Make(
    std::vector<LogicalPlanPtr> inputs) {
  if (inputs.empty()) return arrow::Status::Invalid("a union needs inputs");
  const auto& first = inputs[0]->logical_schema();
  arrow::FieldVector fields = first.arrow_schema()->fields();
  for (size_t i = 1; i < inputs.size(); ++i) {
    const auto& other = inputs[i]->logical_schema();
    if (other.num_fields() != first.num_fields()) {
      return arrow::Status::Invalid("set operation inputs have ", first.num_fields(), " and ",
                                    other.num_fields(), " columns");
    }
    for (int c = 0; c < first.num_fields(); ++c) {
      if (!other.field(c)->type()->Equals(*first.field(c)->type())) {
        return arrow::Status::Invalid("set operation column ", c + 1, " is ",
                                      first.field(c)->type()->ToString(), " and ",
                                      other.field(c)->type()->ToString());
      }
      if (other.field(c)->nullable()) fields[c] = fields[c]->WithNullable(true);
    }
  }
  LogicalSchema schema(arrow::schema(std::move(fields)), {});
  return std::shared_ptr<LogicalUnion>(new LogicalUnion(std::move(schema), std::move(inputs)));
}

arrow::Result<std::shared_ptr<LogicalSubqueryAlias>> LogicalSubqueryAlias::Make(
    LogicalPlanPtr input, std::string alias) {
  if (alias.empty()) return arrow::Status::Invalid("a subquery alias needs a name");
  auto schema = LogicalSchema::Qualified(input->schema(), alias);
  // Two columns of one name under one alias could never be told apart.
  for (int i = 0; i < schema.num_fields(); ++i) {
    for (int j = i + 1; j < schema.num_fields(); ++j) {
      if (schema.field(i)->name() == schema.field(j)->name()) {
        return arrow::Status::Invalid("'", alias, "' has two columns named '",
                                      schema.field(i)->name(), "': alias them apart");
      }
    }
  }
  return std::shared_ptr<LogicalSubqueryAlias>(
      new LogicalSubqueryAlias(std::move(schema), std::move(input), std::move(alias)));
}

arrow::Result<LogicalPlanPtr> LogicalSubqueryAlias::with_new_inputs(
    std::vector<LogicalPlanPtr> inputs) const {
  if (inputs.size() != 1) return arrow::Status::Invalid("SubqueryAlias takes one input");
  return Make(std::move(inputs[0]), alias_);
}

arrow::Result<std::shared_ptr<LogicalMaxOneRow>> LogicalMaxOneRow::Make(LogicalPlanPtr input) {
  arrow::FieldVector fields;
  for (const auto& f : input->schema()->fields()) fields.push_back(f->WithNullable(true));
  LogicalSchema schema(arrow::schema(std::move(fields)), input->logical_schema().qualifiers());
  return std::shared_ptr<LogicalMaxOneRow>(
      new LogicalMaxOneRow(std::move(schema), std::move(input)));
}

arrow::Result<LogicalPlanPtr> LogicalMaxOneRow::with_new_inputs(
    std::vector<LogicalPlanPtr> inputs) const {
  if (inputs.size() != 1) return arrow::Status::Invalid("MaxOneRow takes one input");
  return Make(std::move(inputs[0]));
}

}  // namespace quiver
