#include <gtest/gtest.h>
#include <quiver/common/byte_size.h>

namespace quiver {
namespace {

TEST(ByteSizeTest, ParsesPlainBytesAndBinaryUnits) {
  EXPECT_EQ(*ParseByteSize("268435456"), 268435456);
  EXPECT_EQ(*ParseByteSize("256MB"), 256LL << 20);
  EXPECT_EQ(*ParseByteSize("256 MiB"), 256LL << 20);
  EXPECT_EQ(*ParseByteSize("64k"), 64LL << 10);
  EXPECT_EQ(*ParseByteSize("1.5GB"), 3LL << 29);
  EXPECT_EQ(*ParseByteSize("2t"), 2LL << 40);
}

TEST(ByteSizeTest, RefusesWhatIsNotASize) {
  for (const char* bad : {"", "MB", "-1MB", "12 parsecs", "1.2.3", "1e9", "99999999999T"}) {
    auto r = ParseByteSize(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) EXPECT_NE(r.status().message().find("expected a size"), std::string::npos);
  }
}

TEST(ByteSizeTest, FormatsForPeople) {
  EXPECT_EQ(FormatByteSize(900), "900 B");
  EXPECT_EQ(FormatByteSize(1536), "1.5 KiB");
  EXPECT_EQ(FormatByteSize(256LL << 20), "256.0 MiB");
}

}  // namespace
}  // namespace quiver
