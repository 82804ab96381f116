// CRC-32C against the published check values, hardware against portable.
#include "storage/crc32c.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace inventory::internal {
namespace {

TEST(Crc32cTest, MatchesThePublishedCheckValues) {
  EXPECT_EQ(Crc32c("123456789"), 0xe3069283u);
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8a9136aau);    // RFC 3720, B.4
  EXPECT_EQ(Crc32c(std::string(32, '\xff')), 0x62a8ab43u);  // RFC 3720, B.4
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending.push_back(static_cast<char>(i));
  EXPECT_EQ(Crc32c(ascending), 0x46dd794eu);  // RFC 3720, B.4
  EXPECT_EQ(Crc32c(""), 0u);
}

TEST(Crc32cTest, ExtendingEqualsTheWholeAndEveryPathAgrees) {
  std::mt19937_64 rng(3);
  for (int n = 0; n < 300; ++n) {
    std::string data(static_cast<size_t>(rng() % 200), '\0');
    for (char& c : data) c = static_cast<char>(rng());
    const size_t cut = data.empty() ? 0 : rng() % data.size();
    const uint32_t whole = Crc32c(data);
    EXPECT_EQ(Crc32cExtend(Crc32c(data.substr(0, cut)), data.substr(cut)), whole);
    EXPECT_EQ(Crc32cExtendPortable(0, data), whole);
    EXPECT_EQ(Crc32cExtendPortable(Crc32cExtendPortable(0, data.substr(0, cut)), data.substr(cut)), whole);
  }
}

TEST(Crc32cTest, MaskingRoundTripsAndChangesTheValue) {
  for (uint32_t crc : {0u, 1u, 0xe3069283u, 0xffffffffu}) {
    EXPECT_EQ(UnmaskCrc(MaskCrc(crc)), crc);
    EXPECT_NE(MaskCrc(crc), crc);
  }
}

}  // namespace
}  // namespace inventory::internal
