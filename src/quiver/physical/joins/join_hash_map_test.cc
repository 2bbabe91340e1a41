#include <gtest/gtest.h>
#include <quiver/physical/joins/join_hash_map.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace quiver {
namespace {

using Pairs = std::vector<std::pair<uint32_t, uint32_t>>;  // (build row, probe row)

Pairs Collect(const JoinHashMap& map, const std::vector<uint64_t>& probe,
              const std::vector<uint8_t>* mask, int64_t limit, int* calls) {
  Pairs out;
  JoinHashMap::Cursor cursor;
  bool done = false;
  *calls = 0;
  while (!done) {
    std::vector<uint32_t> b, p;
    done = map.FindCandidates(probe.data(), static_cast<int64_t>(probe.size()),
                              mask ? mask->data() : nullptr, &cursor, limit, &b, &p);
    EXPECT_LE(static_cast<int64_t>(b.size()), limit);
    for (size_t i = 0; i < b.size(); ++i) out.emplace_back(b[i], p[i]);
    ++*calls;
  }
  return out;
}

// Hashes sharing their low bits (one bucket) but not their upper 32 bits.
constexpr uint64_t kA = 0x0000000100000005ULL;
constexpr uint64_t kB = 0x0000000200000005ULL;
constexpr uint64_t kC = 0x0000000300000007ULL;

TEST(JoinHashMapTest, ChainsAscendAndTagsSeparateBucketCollisions) {
  // Build rows: A, B, A, C, A.
  std::vector<uint64_t> build = {kA, kB, kA, kC, kA};
  auto map = JoinHashMap::Build(build.data(), 5, nullptr).ValueOrDie();
  EXPECT_EQ(map.size(), 5);
  int calls = 0;
  std::vector<uint64_t> probe = {kB, kA, 0x99, kC};
  EXPECT_EQ(Collect(map, probe, nullptr, 100, &calls),
            (Pairs{{1, 0}, {0, 1}, {2, 1}, {4, 1}, {3, 3}}));
  EXPECT_EQ(calls, 1);
}

TEST(JoinHashMapTest, ResumesMidChainAtTheLimit) {
  std::vector<uint64_t> build = {kA, kB, kA, kC, kA};
  auto map = JoinHashMap::Build(build.data(), 5, nullptr).ValueOrDie();
  std::vector<uint64_t> probe = {kA, kA, kC};
  int calls = 0;
  // Limit 2 stops inside the chain of probe row 0 and again in row 1.
  EXPECT_EQ(Collect(map, probe, nullptr, 2, &calls),
            (Pairs{{0, 0}, {2, 0}, {4, 0}, {0, 1}, {2, 1}, {4, 1}, {3, 2}}));
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(Collect(map, probe, nullptr, 1, &calls).size(), 7u);
}

TEST(JoinHashMapTest, LeavesOutRowsAndSkipsMaskedProbes) {
  std::vector<uint64_t> build = {kA, kA, kA};
  std::vector<uint8_t> insert = {1, 0, 1};
  auto map = JoinHashMap::Build(build.data(), 3, insert.data()).ValueOrDie();
  EXPECT_EQ(map.size(), 2);
  std::vector<uint64_t> probe = {kA, kA, kA};
  std::vector<uint8_t> mask = {1, 0, 1};
  int calls = 0;
  EXPECT_EQ(Collect(map, probe, &mask, 100, &calls), (Pairs{{0, 0}, {2, 0}, {0, 2}, {2, 2}}));
}

TEST(JoinHashMapTest, ManyRowsAcrossProbeBlocks) {
  // 1000 distinct hashes, each built twice; probing every one finds exactly its two rows.
  std::vector<uint64_t> build;
  for (uint64_t i = 0; i < 2000; ++i) build.push_back((i % 1000) * 0x9E3779B97F4A7C15ULL);
  auto map = JoinHashMap::Build(build.data(), 2000, nullptr).ValueOrDie();
  std::vector<uint64_t> probe;
  for (uint64_t i = 0; i < 1000; ++i) probe.push_back(i * 0x9E3779B97F4A7C15ULL);
  int calls = 0;
  auto pairs = Collect(map, probe, nullptr, 37, &calls);
  ASSERT_EQ(pairs.size(), 2000u);
  for (size_t i = 0; i < pairs.size(); ++i) {
    const uint32_t p = static_cast<uint32_t>(i / 2);
    EXPECT_EQ(pairs[i].second, p);
    EXPECT_EQ(pairs[i].first, i % 2 == 0 ? p : p + 1000);
  }
}

}  // namespace
}  // namespace quiver
