#pragma once

// Test support (header-only, used by *_test.cc).

#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <arrow/compute/initialize.h>
#include <arrow/json/from_string.h>
#include <arrow/table.h>
#include <gtest/gtest.h>
#include <quiver/functions/function_registry.h>
#include <quiver/physical/aggregate/aggregate_expr.h>
#include <quiver/physical/execution_plan.h>
#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/expressions/literal_expr.h>
#include <quiver/physical/task_context.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver::testing {

inline void InitCompute() { ASSERT_TRUE(arrow::compute::Initialize().ok()); }

inline TaskContextPtr MakeContext(int64_t batch_size = 8192) {
  SessionConfig config;
  config.batch_size = batch_size;
  return std::make_shared<TaskContext>(config, FunctionRegistry::MakeDefault());
}

/// A batch from one JSON array literal per column, e.g. {"[1, 2]", "[\"a\", null]"}.
inline std::shared_ptr<arrow::RecordBatch> MakeBatch(const std::shared_ptr<arrow::Schema>& schema,
                                                     const std::vector<std::string>& columns) {
  std::vector<std::shared_ptr<arrow::Array>> arrays;
  int64_t rows = 0;
  for (int i = 0; i < schema->num_fields(); ++i) {
    auto a = arrow::json::ArrayFromJSONString(schema->field(i)->type(), columns.at(i));
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    rows = (*a)->length();
    arrays.push_back(*a);
  }
  return arrow::RecordBatch::Make(schema, rows, std::move(arrays));
}

inline std::shared_ptr<arrow::Array> MakeArray(const std::shared_ptr<arrow::DataType>& type,
                                               const std::string& json) {
  auto a = arrow::json::ArrayFromJSONString(type, json);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return *a;
}

/// An aggregate call looked up by name in `functions`, e.g. sum over column 1.
inline AggregateExpr MakeAggregate(const FunctionRegistry& functions, const std::string& fn,
                                   std::vector<PhysicalExprPtr> args, DataTypeVector types,
                                   std::string name, bool distinct = false) {
  AggregateExpr agg;
  agg.fn = functions.aggregate(fn).ValueOrDie();
  agg.args = std::move(args);
  agg.arg_types = std::move(types);
  agg.distinct = distinct;
  agg.name = std::move(name);
  return agg;
}

inline PhysicalExprPtr Col(const std::string& name, int index) {
  return std::make_shared<ColumnExpr>(name, index);
}

inline PhysicalExprPtr Lit(std::shared_ptr<arrow::Scalar> value) {
  return std::make_shared<LiteralExpr>(std::move(value));
}

/// All partitions' batches as one table (partition 0 first).
inline std::shared_ptr<arrow::Table> CollectTable(const ExecutionPlanPtr& plan,
                                                  const TaskContextPtr& ctx) {
  auto batches = CollectPlan(plan, ctx);
  EXPECT_TRUE(batches.ok()) << batches.status().ToString();
  if (!batches.ok()) return nullptr;
  auto table = arrow::Table::FromRecordBatches(plan->schema(), *batches);
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return (*table)->CombineChunks().ValueOrDie();
}

/// A column of a collected table as one array.
inline std::shared_ptr<arrow::Array> Column(const std::shared_ptr<arrow::Table>& table, int i) {
  auto chunked = table->column(i);
  if (chunked->num_chunks() == 0) return arrow::MakeEmptyArray(chunked->type()).ValueOrDie();
  return chunked->chunk(0);
}

/// The table sorted by all its columns (for order-insensitive comparisons).
inline std::shared_ptr<arrow::Table> SortedTable(const std::shared_ptr<arrow::Table>& table) {
  // A collect that failed (already reported) gives null: the caller's check fails, no crash.
  if (!table) return nullptr;
  std::vector<arrow::compute::SortKey> keys;
  for (int i = 0; i < table->num_columns(); ++i) keys.emplace_back(arrow::FieldRef(i));
  auto indices =
      arrow::compute::SortIndices(arrow::Datum(table), arrow::compute::SortOptions(keys));
  EXPECT_TRUE(indices.ok()) << indices.status().ToString();
  auto sorted = arrow::compute::Take(arrow::Datum(table), arrow::Datum(*indices));
  EXPECT_TRUE(sorted.ok()) << sorted.status().ToString();
  return sorted->table()->CombineChunks().ValueOrDie();
}

#define QUIVER_EXPECT_ARRAY_EQ(expected, actual)                                   \
  do {                                                                             \
    auto _e = (expected);                                                          \
    auto _a = (actual);                                                            \
    EXPECT_TRUE(_e->Equals(*_a)) << "expected " << _e->ToString() << "\nactual   " \
                                 << _a->ToString();                                \
  } while (0)

}  // namespace quiver::testing
