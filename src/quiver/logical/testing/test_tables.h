#pragma once

// Test support (header-only, used by *_test.cc of the logical, optimizer, sql and execution
// layers): an in-memory table provider, the TPC-H lineitem schema, a table known by its size
// only (for cardinality estimates) and shorthands for building expressions by hand.

#include <arrow/record_batch.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <gtest/gtest.h>
#include <quiver/datasource/catalog.h>
#include <quiver/datasource/table_provider.h>
#include <quiver/functions/function_registry.h>
#include <quiver/logical/logical_expr.h>
#include <quiver/physical/testing/batch_source_exec.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quiver::testing {

/// \brief In-memory table: each partition a list of batches. Records the last ScanArgs so
/// tests can see what the planner pushed into the scan.
class InMemoryTable : public TableProvider {
 public:
  InMemoryTable(std::shared_ptr<arrow::Schema> schema, BatchSourceExec::Partitions partitions)
      : schema_(std::move(schema)), partitions_(std::move(partitions)) {}

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }

  arrow::Result<ExecutionPlanPtr> scan(const ScanArgs& args) const override {
    *last_args_ = args;
    if (!args.projection) return std::make_shared<BatchSourceExec>(schema_, partitions_);
    arrow::FieldVector fields;
    for (int i : *args.projection) fields.push_back(schema_->field(i));
    auto out_schema = arrow::schema(fields);
    BatchSourceExec::Partitions parts;
    for (const auto& p : partitions_) {
      std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
      for (const auto& b : p) {
        arrow::ArrayVector cols;
        for (int i : *args.projection) cols.push_back(b->column(i));
        batches.push_back(arrow::RecordBatch::Make(out_schema, b->num_rows(), cols));
      }
      parts.push_back(std::move(batches));
    }
    return std::make_shared<BatchSourceExec>(out_schema, std::move(parts));
  }

  const ScanArgs& last_args() const { return *last_args_; }

 private:
  std::shared_ptr<arrow::Schema> schema_;
  BatchSourceExec::Partitions partitions_;
  std::shared_ptr<ScanArgs> last_args_ = std::make_shared<ScanArgs>();
};

inline std::shared_ptr<arrow::Schema> LineitemSchema() {
  auto money = arrow::decimal128(15, 2);
  return arrow::schema({
      arrow::field("l_orderkey", arrow::int64()),
      arrow::field("l_partkey", arrow::int64()),
      arrow::field("l_suppkey", arrow::int64()),
      arrow::field("l_linenumber", arrow::int32()),
      arrow::field("l_quantity", money),
      arrow::field("l_extendedprice", money),
      arrow::field("l_discount", money),
      arrow::field("l_tax", money),
      arrow::field("l_returnflag", arrow::utf8()),
      arrow::field("l_linestatus", arrow::utf8()),
      arrow::field("l_shipdate", arrow::date32()),
      arrow::field("l_commitdate", arrow::date32()),
      arrow::field("l_receiptdate", arrow::date32()),
      arrow::field("l_shipinstruct", arrow::utf8()),
      arrow::field("l_shipmode", arrow::utf8()),
      arrow::field("l_comment", arrow::utf8()),
  });
}

/// A catalog with an empty `lineitem` (4 partitions) and a small table
/// t(a int32, b int64, c utf8, d float64, e date32).
inline std::shared_ptr<Catalog> MakeTestCatalog(int partitions = 4) {
  auto catalog = std::make_shared<Catalog>();
  BatchSourceExec::Partitions parts(partitions);
  (void)catalog->register_table("lineitem",
                                std::make_shared<InMemoryTable>(LineitemSchema(), parts));
  auto t = arrow::schema({arrow::field("a", arrow::int32()), arrow::field("b", arrow::int64()),
                          arrow::field("c", arrow::utf8()), arrow::field("d", arrow::float64()),
                          arrow::field("e", arrow::date32())});
  (void)catalog->register_table("t", std::make_shared<InMemoryTable>(t, parts));
  return catalog;
}

/// \brief A table known by its size only, for cardinality estimates and join ordering:
/// `rows` rows and, per column index, an upper bound on its distinct values. Scans are empty.
class SizedTable : public TableProvider {
 public:
  SizedTable(std::shared_ptr<arrow::Schema> schema, int64_t rows,
             std::map<int, int64_t> distinct = {})
      : schema_(std::move(schema)), rows_(rows), distinct_(std::move(distinct)) {}

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  Statistics statistics() const override {
    Statistics stats;
    stats.num_rows = rows_;
    stats.exact = true;
    return stats;
  }
  std::optional<int64_t> distinct_estimate(int index) const override {
    auto it = distinct_.find(index);
    if (it == distinct_.end()) return std::nullopt;
    return it->second;
  }
  arrow::Result<ExecutionPlanPtr> scan(const ScanArgs& args) const override {
    return std::make_shared<BatchSourceExec>(schema_, BatchSourceExec::Partitions(1));
  }

 private:
  std::shared_ptr<arrow::Schema> schema_;
  int64_t rows_;
  std::map<int, int64_t> distinct_;
};

// Shorthands for building logical expressions by hand in tests.
inline LogicalExprPtr Int32Lit(int32_t v) {
  return LogicalExpr::Lit(std::make_shared<arrow::Int32Scalar>(v));
}
inline LogicalExprPtr Int64Lit(int64_t v) {
  return LogicalExpr::Lit(std::make_shared<arrow::Int64Scalar>(v));
}
inline LogicalExprPtr Utf8Lit(std::string v) {
  return LogicalExpr::Lit(std::make_shared<arrow::StringScalar>(std::move(v)));
}
inline LogicalExprPtr BoolLit(bool v) {
  return LogicalExpr::Lit(std::make_shared<arrow::BooleanScalar>(v));
}
inline LogicalExprPtr Eq(LogicalExprPtr l, LogicalExprPtr r) {
  return LogicalExpr::Binary(std::move(l), BinaryOperator::kEq, std::move(r));
}
inline LogicalExprPtr Gt(LogicalExprPtr l, LogicalExprPtr r) {
  return LogicalExpr::Binary(std::move(l), BinaryOperator::kGt, std::move(r));
}
inline LogicalExprPtr Lt(LogicalExprPtr l, LogicalExprPtr r) {
  return LogicalExpr::Binary(std::move(l), BinaryOperator::kLt, std::move(r));
}
inline LogicalExprPtr And(LogicalExprPtr l, LogicalExprPtr r) {
  return LogicalExpr::Binary(std::move(l), BinaryOperator::kAnd, std::move(r));
}
inline LogicalExprPtr Or(LogicalExprPtr l, LogicalExprPtr r) {
  return LogicalExpr::Binary(std::move(l), BinaryOperator::kOr, std::move(r));
}

/// The value of `result`; a failed test (and null) when it is an error.
template <typename T>
std::shared_ptr<T> Must(arrow::Result<std::shared_ptr<T>> result) {
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? *result : nullptr;
}

}  // namespace quiver::testing
