#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/datasource/datasource_test_util.h>
#include <quiver/datasource/parquet_table.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/expressions/in_list_expr.h>
#include <quiver/physical/expressions/is_null_expr.h>
#include <quiver/physical/expressions/literal_expr.h>

#include <functional>

namespace quiver {
namespace {

using testing::Config;
using testing::Int64Values;
using testing::ReadAll;
using testing::TempDir;

using testing::kFlags;

// testing::FlagAndTextTable: flag dictionary-encoded with NULLs, text in plain pages.
class DictionaryPrefilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(arrow::compute::Initialize().ok());
    auto path = dir_.file("dict.parquet");
    ASSERT_TRUE(testing::WriteFlagAndTextParquet(path).ok());
    auto provider = ParquetTable::Make(path);
    ASSERT_TRUE(provider.ok()) << provider.status().ToString();
    table_ = *provider;
  }

  // The ids a scan with `filter` returns, in batches of `batch_size`; each row's flag is
  // checked to be the one written (the rows kept are decoded correctly).
  std::vector<int64_t> Scan(PhysicalExprPtr filter, int64_t batch_size = 8192) {
    ScanArgs args;
    args.config = Config(1, batch_size);
    args.filters = {std::move(filter)};
    auto plan = table_->scan(args);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    if (!plan.ok()) return {};
    auto partitions = ReadAll(**plan);
    EXPECT_TRUE(partitions.ok()) << partitions.status().ToString();
    if (!partitions.ok()) return {};
    std::vector<int64_t> ids;
    for (const auto& batches : *partitions) {
      for (const auto& batch : batches) {
        auto batch_ids = Int64Values({batch}, 0);
        const auto& flags = static_cast<const arrow::StringArray&>(*batch->column(1));
        for (int64_t r = 0; r < batch->num_rows(); ++r) {
          const int64_t i = batch_ids[r];
          if (i % 7 == 3) {
            EXPECT_TRUE(flags.IsNull(r)) << i;
          } else {
            EXPECT_EQ(flags.GetString(r), kFlags[i % 3]) << i;
          }
          ids.push_back(i);
        }
      }
    }
    return ids;
  }

  static std::vector<int64_t> Where(const std::function<bool(int64_t)>& keep) {
    std::vector<int64_t> out;
    for (int64_t i = 0; i < 300; ++i) {
      if (keep(i)) out.push_back(i);
    }
    return out;
  }

  static PhysicalExprPtr Flag() { return std::make_shared<ColumnExpr>("flag", 1); }
  static PhysicalExprPtr Text() { return std::make_shared<ColumnExpr>("text", 2); }
  static PhysicalExprPtr Str(const std::string& s) {
    return std::make_shared<LiteralExpr>(arrow::MakeScalar(s));
  }

  TempDir dir_;
  std::shared_ptr<ParquetTable> table_;
};

TEST_F(DictionaryPrefilterTest, DropsRowsOfDictionaryColumnsBeforeDecoding) {
  // Every row group holds every flag, so row-group pruning keeps all 300 rows: only the
  // per-row prefilter can make these answers exact.
  const auto is_null = [](int64_t i) { return i % 7 == 3; };
  for (int64_t batch_size : {8192, 64}) {
    SCOPED_TRACE(batch_size);
    EXPECT_EQ(Scan(std::make_shared<BinaryExpr>(BinaryOperator::kEq, Flag(), Str("N")), batch_size),
              Where([&](int64_t i) { return !is_null(i) && i % 3 == 1; }));
    EXPECT_EQ(Scan(std::make_shared<InListExpr>(
                       Flag(),
                       std::vector<std::shared_ptr<arrow::Scalar>>{arrow::MakeScalar("A"),
                                                                   arrow::MakeScalar("R")},
                       /*negated=*/false),
                   batch_size),
              Where([&](int64_t i) { return !is_null(i) && i % 3 != 1; }));
    // NULL flags are answered by the predicate too, not dropped as "no match".
    EXPECT_EQ(Scan(std::make_shared<IsNullExpr>(Flag(), /*negated=*/false), batch_size),
              Where(is_null));
    EXPECT_EQ(Scan(std::make_shared<BinaryExpr>(BinaryOperator::kNotEq, Flag(), Str("A")),
                   batch_size),
              Where([&](int64_t i) { return !is_null(i) && i % 3 != 0; }));
  }
}

TEST_F(DictionaryPrefilterTest, PlainColumnsAndOtherPredicatesAreLeftToTheFilterAbove) {
  // `text` falls back to plain pages: no prefilter, every row of the kept row groups returns.
  EXPECT_EQ(Scan(std::make_shared<BinaryExpr>(BinaryOperator::kEq, Text(), Str("unique text number 5"))).size(),
            100u);
  // Over two columns: not a single-column predicate, nothing dropped per row.
  EXPECT_EQ(Scan(std::make_shared<BinaryExpr>(BinaryOperator::kEq, Flag(), Text())).size(), 300u);
}

}  // namespace
}  // namespace quiver
