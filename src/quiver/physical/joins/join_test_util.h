#pragma once

// Test support for the join tests (header-only): in-memory inputs from JSON columns and
// order-insensitive comparison of a join's output with hand-computed rows.

#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <gtest/gtest.h>
#include <quiver/common/join_type.h>
#include <quiver/physical/testing/batch_source_exec.h>
#include <quiver/physical/testing/test_util.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver::testing {

/// Columns of one batch as JSON arrays, e.g. {"[1, 2]", "[10, 20]"}.
using JsonBatch = std::vector<std::string>;

/// A source with one entry per partition, each a list of batches.
inline std::shared_ptr<BatchSourceExec> JsonSource(
    const std::shared_ptr<arrow::Schema>& schema,
    const std::vector<std::vector<JsonBatch>>& partitions) {
  BatchSourceExec::Partitions parts;
  for (const auto& partition : partitions) {
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
    for (const auto& columns : partition) batches.push_back(MakeBatch(schema, columns));
    parts.push_back(std::move(batches));
  }
  return std::make_shared<BatchSourceExec>(schema, std::move(parts));
}

/// `batch` with column `i` dictionary-encoded (each batch gets its own dictionary).
inline std::shared_ptr<arrow::RecordBatch> DictionaryEncodeColumn(
    const std::shared_ptr<arrow::RecordBatch>& batch, int i) {
  auto encoded = arrow::compute::DictionaryEncode(batch->column(i)).ValueOrDie();
  auto columns = batch->columns();
  columns[i] = encoded.make_array();
  auto fields = batch->schema()->fields();
  fields[i] = fields[i]->WithType(columns[i]->type());
  return arrow::RecordBatch::Make(arrow::schema(fields), batch->num_rows(), columns);
}

/// `table` with dictionary columns decoded to their values (so tables built from different
/// dictionaries compare by value).
inline std::shared_ptr<arrow::Table> DecodeDictionaries(
    const std::shared_ptr<arrow::Table>& table) {
  auto fields = table->schema()->fields();
  auto columns = table->columns();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i]->type()->id() != arrow::Type::DICTIONARY) continue;
    auto value_type = static_cast<const arrow::DictionaryType&>(*fields[i]->type()).value_type();
    auto decoded = arrow::compute::Cast(columns[i], value_type).ValueOrDie();
    columns[i] = decoded.chunked_array();
    fields[i] = fields[i]->WithType(value_type);
  }
  return arrow::Table::Make(arrow::schema(fields), columns)->CombineChunks().ValueOrDie();
}

/// Runs `plan` and checks its rows equal `expected` (one JSON array per output column) in any
/// order; dictionaries compare by value. Also checks every batch has the plan's schema.
inline void ExpectRows(const ExecutionPlanPtr& plan, const TaskContextPtr& ctx,
                       const JsonBatch& expected) {
  auto batches = CollectPlan(plan, ctx);
  ASSERT_TRUE(batches.ok()) << batches.status().ToString();
  for (const auto& b : *batches) {
    ASSERT_TRUE(b->schema()->Equals(*plan->schema())) << b->schema()->ToString() << "\nvs plan\n"
                                                      << plan->schema()->ToString();
  }
  auto table = arrow::Table::FromRecordBatches(plan->schema(), *batches).ValueOrDie();
  auto actual = SortedTable(DecodeDictionaries(table));
  auto want_table =
      arrow::Table::FromRecordBatches(actual->schema(), {MakeBatch(actual->schema(), expected)})
          .ValueOrDie();
  auto want = SortedTable(want_table);
  EXPECT_TRUE(actual->Equals(*want)) << "expected\n"
                                     << want->ToString() << "\nactual\n"
                                     << actual->ToString();
}

/// Sizes of the batches `plan` produces, partition 0 first.
inline std::vector<int64_t> BatchSizes(const ExecutionPlanPtr& plan, const TaskContextPtr& ctx) {
  auto batches = CollectPlan(plan, ctx);
  EXPECT_TRUE(batches.ok()) << batches.status().ToString();
  std::vector<int64_t> sizes;
  if (!batches.ok()) return sizes;
  for (const auto& b : *batches) sizes.push_back(b->num_rows());
  return sizes;
}

// ---- The shared example: duplicates on both sides, NULL keys, unmatched rows on each side.
//
//   left (build)  lk: 1   2   2   null 4        right (probe)  rk: 2   2   3   null 1
//                 lv: 10  20  21  30   40                      rv: 25  15  35  45   5
//
// Left arrives as two batches of one partition; right as three partitions
// ([2, 2], [3], [null, 1]), so a build row matched in one probe partition must not be
// reported unmatched by another.

inline std::shared_ptr<arrow::Schema> ExampleLeftSchema() {
  return arrow::schema({arrow::field("lk", arrow::int64()), arrow::field("lv", arrow::int64())});
}

inline std::shared_ptr<arrow::Schema> ExampleRightSchema() {
  return arrow::schema({arrow::field("rk", arrow::int64()), arrow::field("rv", arrow::int64())});
}

inline std::shared_ptr<BatchSourceExec> ExampleLeft() {
  return JsonSource(ExampleLeftSchema(),
                    {{{"[1, 2, 2]", "[10, 20, 21]"}, {"[null, 4]", "[30, 40]"}}});
}

inline std::shared_ptr<BatchSourceExec> ExampleRight() {
  return JsonSource(ExampleRightSchema(),
                    {{{"[2, 2]", "[25, 15]"}}, {{"[3]", "[35]"}}, {{"[null, 1]", "[45, 5]"}}});
}

/// Expected output of each join type on lk = rk, without and with the condition lv < rv
/// (worked out by hand from the tables above).
struct ExampleCase {
  JoinType type;
  JsonBatch on_keys;
  JsonBatch on_keys_and_lv_lt_rv;
};

inline std::vector<ExampleCase> ExampleCases() {
  return {
      {JoinType::kInner,
       {"[1, 2, 2, 2, 2]", "[10, 20, 20, 21, 21]", "[1, 2, 2, 2, 2]", "[5, 25, 15, 25, 15]"},
       {"[2, 2]", "[20, 21]", "[2, 2]", "[25, 25]"}},
      {JoinType::kLeft,
       {"[1, 2, 2, 2, 2, null, 4]", "[10, 20, 20, 21, 21, 30, 40]", "[1, 2, 2, 2, 2, null, null]",
        "[5, 25, 15, 25, 15, null, null]"},
       {"[2, 2, 1, null, 4]", "[20, 21, 10, 30, 40]", "[2, 2, null, null, null]",
        "[25, 25, null, null, null]"}},
      {JoinType::kRight,
       {"[1, 2, 2, 2, 2, null, null]", "[10, 20, 20, 21, 21, null, null]",
        "[1, 2, 2, 2, 2, 3, null]", "[5, 25, 15, 25, 15, 35, 45]"},
       {"[2, 2, null, null, null, null]", "[20, 21, null, null, null, null]",
        "[2, 2, 2, 3, null, 1]", "[25, 25, 15, 35, 45, 5]"}},
      {JoinType::kFull,
       {"[1, 2, 2, 2, 2, null, 4, null, null]", "[10, 20, 20, 21, 21, 30, 40, null, null]",
        "[1, 2, 2, 2, 2, null, null, 3, null]", "[5, 25, 15, 25, 15, null, null, 35, 45]"},
       {"[2, 2, 1, null, 4, null, null, null, null]",
        "[20, 21, 10, 30, 40, null, null, null, null]", "[2, 2, null, null, null, 2, 3, null, 1]",
        "[25, 25, null, null, null, 15, 35, 45, 5]"}},
      {JoinType::kLeftSemi, {"[1, 2, 2]", "[10, 20, 21]"}, {"[2, 2]", "[20, 21]"}},
      {JoinType::kLeftAnti, {"[null, 4]", "[30, 40]"}, {"[1, null, 4]", "[10, 30, 40]"}},
      {JoinType::kRightSemi, {"[2, 2, 1]", "[25, 15, 5]"}, {"[2]", "[25]"}},
      {JoinType::kRightAnti, {"[3, null]", "[35, 45]"}, {"[2, 3, null, 1]", "[15, 35, 45, 5]"}},
      {JoinType::kLeftMark,
       {"[1, 2, 2, null, 4]", "[10, 20, 21, 30, 40]", "[true, true, true, false, false]"},
       {"[1, 2, 2, null, 4]", "[10, 20, 21, 30, 40]", "[false, true, true, false, false]"}},
      {JoinType::kRightMark,
       {"[2, 2, 3, null, 1]", "[25, 15, 35, 45, 5]", "[true, true, false, false, true]"},
       {"[2, 2, 3, null, 1]", "[25, 15, 35, 45, 5]", "[true, false, false, false, false]"}},
  };
}

}  // namespace quiver::testing
