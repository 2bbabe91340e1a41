#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/physical/sort/normalized_sort.h>
#include <quiver/physical/sort/row_comparator.h>
#include <quiver/physical/testing/test_util.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

// Random key columns with the values that break encodings: negatives, extremes, NaN, -0,
// infinities, NULLs, strings sharing long prefixes, the empty string and embedded zeros.
std::shared_ptr<arrow::Array> RandomColumn(arrow::Type::type type, int64_t n, std::mt19937_64* rng,
                                           bool with_nulls) {
  auto pick = [&](int64_t m) { return static_cast<int64_t>((*rng)() % m); };
  auto null_here = [&] { return with_nulls && pick(10) == 0; };
  switch (type) {
    case arrow::Type::INT32: {
      arrow::Int32Builder b;
      const int32_t special[] = {std::numeric_limits<int32_t>::min(), -1, 0, 1,
                                 std::numeric_limits<int32_t>::max()};
      for (int64_t i = 0; i < n; ++i) {
        if (null_here()) {
          EXPECT_TRUE(b.AppendNull().ok());
        } else {
          const int32_t v = pick(4) == 0 ? special[pick(5)] : static_cast<int32_t>(pick(41) - 20);
          EXPECT_TRUE(b.Append(v).ok());
        }
      }
      return b.Finish().ValueOrDie();
    }
    case arrow::Type::INT64: {
      arrow::Int64Builder b;
      for (int64_t i = 0; i < n; ++i) {
        if (null_here()) {
          EXPECT_TRUE(b.AppendNull().ok());
        } else {
          EXPECT_TRUE(b.Append(static_cast<int64_t>((*rng)()) >> pick(64)).ok());
        }
      }
      return b.Finish().ValueOrDie();
    }
    case arrow::Type::UINT8: {
      arrow::UInt8Builder b;
      for (int64_t i = 0; i < n; ++i) EXPECT_TRUE(b.Append(static_cast<uint8_t>(pick(256))).ok());
      return b.Finish().ValueOrDie();
    }
    case arrow::Type::BOOL: {
      arrow::BooleanBuilder b;
      for (int64_t i = 0; i < n; ++i) {
        if (null_here()) {
          EXPECT_TRUE(b.AppendNull().ok());
        } else {
          EXPECT_TRUE(b.Append(pick(2) == 0).ok());
        }
      }
      return b.Finish().ValueOrDie();
    }
    case arrow::Type::DOUBLE: {
      arrow::DoubleBuilder b;
      const double special[] = {std::nan(""), -std::nan(""), -0.0, 0.0, INFINITY, -INFINITY,
                                1e-310, -1e300};
      for (int64_t i = 0; i < n; ++i) {
        if (null_here()) {
          EXPECT_TRUE(b.AppendNull().ok());
        } else {
          EXPECT_TRUE(
              b.Append(pick(3) == 0 ? special[pick(8)] : static_cast<double>(pick(200) - 100) / 8)
                  .ok());
        }
      }
      return b.Finish().ValueOrDie();
    }
    case arrow::Type::DECIMAL128: {
      arrow::Decimal128Builder b(arrow::decimal128(38, 2));
      for (int64_t i = 0; i < n; ++i) {
        if (null_here()) {
          EXPECT_TRUE(b.AppendNull().ok());
        } else {
          arrow::Decimal128 v(static_cast<int64_t>((*rng)()) >> pick(64));
          if (pick(4) == 0) v = v * arrow::Decimal128(static_cast<int64_t>(1) << 62);
          EXPECT_TRUE(b.Append(v).ok());
        }
      }
      return b.Finish().ValueOrDie();
    }
    default: {
      arrow::StringBuilder b;
      const std::string stems[] = {"", "a", "ab", "abcdefghijklm", "abcdefghijklmn",
                                   std::string("a\0b", 3), "zz", "abcdefghijkl"};
      for (int64_t i = 0; i < n; ++i) {
        if (null_here()) {
          EXPECT_TRUE(b.AppendNull().ok());
        } else {
          std::string s = stems[pick(8)];
          for (int64_t k = pick(3); k > 0; --k) s += static_cast<char>('a' + pick(3));
          EXPECT_TRUE(b.Append(s).ok());
        }
      }
      return b.Finish().ValueOrDie();
    }
  }
}

// The reference: a stable sort with the row comparator the merge uses.
std::vector<uint32_t> Reference(const std::vector<std::shared_ptr<arrow::Array>>& keys,
                                const LexOrdering& ordering) {
  std::vector<KeyColumn> columns;
  for (const auto& k : keys) columns.push_back(KeyColumn::Make(k).ValueOrDie());
  std::vector<uint32_t> order(keys[0]->length());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return CompareKeyRows(columns, a, columns, b, ordering) < 0;
  });
  return order;
}

TEST(NormalizedSortTest, AgreesWithTheRowComparatorOnEveryTypeAndDirection) {
  const arrow::Type::type types[] = {arrow::Type::INT32,  arrow::Type::INT64,
                                     arrow::Type::UINT8,  arrow::Type::BOOL,
                                     arrow::Type::DOUBLE, arrow::Type::DECIMAL128,
                                     arrow::Type::STRING};
  std::mt19937_64 rng(7);
  int cases = 0;
  for (int trial = 0; trial < 120; ++trial) {
    const int64_t n = trial % 10 == 0 ? 1 + static_cast<int64_t>(rng() % 3) : 1500;
    const int nkeys = 1 + static_cast<int>(rng() % 3);
    std::vector<std::shared_ptr<arrow::Array>> keys;
    LexOrdering ordering;
    for (int k = 0; k < nkeys; ++k) {
      auto type = types[rng() % 7];
      auto column = RandomColumn(type, n + 5, &rng, rng() % 2 == 0);
      keys.push_back(column->Slice(5));  // offsets must be honoured
      ordering.push_back({Col("k" + std::to_string(k), k), rng() % 2 == 0, rng() % 2 == 0});
    }
    auto indices = NormalizedSortIndices(keys, ordering);
    ASSERT_TRUE(indices.ok()) << indices.status().ToString();
    ASSERT_NE(*indices, nullptr);
    auto got = std::static_pointer_cast<arrow::UInt32Array>(*indices);
    auto expected = Reference(keys, ordering);
    ASSERT_EQ(got->length(), n);
    for (int64_t i = 0; i < n; ++i) {
      if (got->Value(i) != expected[i]) {
        std::string what;
        for (int k = 0; k < nkeys; ++k) {
          what += keys[k]->type()->ToString() + (ordering[k].descending ? " DESC" : " ASC") +
                  (ordering[k].nulls_first ? " NULLS FIRST; " : " NULLS LAST; ");
        }
        for (int k = 0; k < nkeys; ++k) {
          what += " | " + keys[k]->GetScalar(got->Value(i)).ValueOrDie()->ToString() + " vs " +
                  keys[k]->GetScalar(expected[i]).ValueOrDie()->ToString();
        }
        FAIL() << "trial " << trial << " row " << i << ": " << what << " got row "
               << got->Value(i) << " expected row " << expected[i];
      }
    }
    ++cases;
  }
  EXPECT_EQ(cases, 120);
}

TEST(NormalizedSortTest, LeavesTypesWithoutAnEncodingToTheCaller) {
  auto dict = arrow::DictionaryArray::FromArrays(
                  arrow::dictionary(arrow::int32(), arrow::utf8()),
                  MakeArray(arrow::int32(), "[1, 0]"), MakeArray(arrow::utf8(), R"(["a", "b"])"))
                  .ValueOrDie();
  auto indices = NormalizedSortIndices({dict}, {{Col("d", 0), false, false}});
  ASSERT_TRUE(indices.ok());
  EXPECT_EQ(*indices, nullptr);
}

}  // namespace
}  // namespace quiver
