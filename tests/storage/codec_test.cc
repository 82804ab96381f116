// The binary codec (log records, snapshots) and the JSON codec (exports):
// exact round trips at the edges of every type, the bytes of the formats
// that are written to disk, and refusals of malformed or truncated input.
#include "storage/codec.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "boost/json.hpp"
#include "storage/describe.h"
#include "storage/json_codec.h"

namespace inventory::internal {
namespace {

template <class T>
std::string Encode(const T& v) {
  std::string out;
  Encoder(&out).Put(v);
  return out;
}

template <class T>
T RoundTrip(const T& v) {
  const std::string bytes = Encode(v);
  T back{};
  Decoder d(bytes);
  EXPECT_TRUE(d.Get(back));
  EXPECT_TRUE(d.done());
  return back;
}

TEST(CodecTest, IntegersAreVarintsWithZigzagForSigned) {
  EXPECT_EQ(Encode(int64_t{0}), std::string("\x00", 1));
  EXPECT_EQ(Encode(int64_t{-1}), "\x01");
  EXPECT_EQ(Encode(int64_t{1}), "\x02");
  EXPECT_EQ(Encode(int64_t{64}), "\x80\x01");
  EXPECT_EQ(Encode(true), "\x01");
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{63}, int64_t{-64}, int64_t{1} << 40,
                    std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()}) {
    EXPECT_EQ(RoundTrip(v), v);
  }
  EXPECT_EQ(RoundTrip(uint32_t{0xFFFFFFFF}), 0xFFFFFFFFu);
  EXPECT_EQ(Encode(std::numeric_limits<int64_t>::min()).size(), 10u);
}

TEST(CodecTest, DomainValuesRoundTripExactly) {
  EXPECT_EQ(RoundTrip(Money::FromUnits(-123456789)), Money::FromUnits(-123456789));
  EXPECT_EQ(RoundTrip(ItemId(987654321)), ItemId(987654321));
  EXPECT_EQ(RoundTrip(absl::CivilDay(1969, 12, 31)), absl::CivilDay(1969, 12, 31));
  EXPECT_EQ(RoundTrip(absl::CivilDay(9999, 1, 2)), absl::CivilDay(9999, 1, 2));
  const absl::Time quarter = absl::FromUnixNanos(1767323045123456789) + absl::Nanoseconds(1) / 4;
  EXPECT_EQ(RoundTrip(quarter), quarter);
  const absl::Time far = absl::FromUnixSeconds(int64_t{1} << 40);  // beyond int64 nanoseconds
  EXPECT_EQ(RoundTrip(far), far);
  const absl::Time before = absl::FromUnixSeconds(-(int64_t{1} << 40)) + absl::Milliseconds(3);
  EXPECT_EQ(RoundTrip(before), before);
  EXPECT_EQ(RoundTrip(absl::InfiniteFuture()), absl::InfiniteFuture());
  EXPECT_EQ(RoundTrip(absl::InfinitePast()), absl::InfinitePast());
}

TEST(CodecTest, ContainersAndDescribedStructs) {
  Item item{.id = ItemId(7), .name = "Tea", .sku = "T-1", .rate = Money::FromUnits(12500000)};
  item.group_id = GroupId(3);
  item.attribute_options = {"S", "", "Red"};
  item.mapped_items = {{ItemId(2), Quantity::FromInt(3)}};
  item.details.mut().custom_fields = {{.customfield_id = "1", .api_name = "cf_a", .label = "A", .value = "x"}};
  item.details.mut().location_ids = {LocationId(1), LocationId(9)};
  item.created_time = absl::FromUnixSeconds(100);
  const Item back = RoundTrip(item);
  EXPECT_EQ(Encode(back), Encode(item));
  EXPECT_EQ(back.name, "Tea");
  EXPECT_EQ(*back.group_id, GroupId(3));
  EXPECT_EQ(back.attribute_options[2], "Red");
  EXPECT_EQ(back.details->custom_fields[0].api_name, "cf_a");
  EXPECT_EQ(back.details->location_ids, item.details->location_ids);
  // An empty Box stays empty (no details allocated).
  EXPECT_TRUE(RoundTrip(Item{.name = "Plain"}).details.empty());
}

TEST(CodecTest, MalformedInputIsRefusedWithoutReadingPastTheEnd) {
  InventoryAdjustment a{.reference_number = "ADJ-1", .date = absl::CivilDay(2026, 1, 2), .reason = "Stocktake"};
  a.line_items = {{.item_id = ItemId(2), .quantity_adjusted = Quantity::FromInt(-3)}};
  const std::string bytes = Encode(a);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    InventoryAdjustment back;
    Decoder d(std::string_view(bytes).substr(0, cut));
    EXPECT_FALSE(d.Get(back) && d.done()) << "cut at " << cut;
  }
  // A vector claiming more elements than bytes left.
  std::string huge;
  Encoder(&huge).Unsigned(uint64_t{1} << 40);
  std::vector<int64_t> v;
  EXPECT_FALSE(Decoder(huge).Get(v));
  // A varint longer than 64 bits.
  const std::string endless(11, '\x80');
  int64_t n = 0;
  EXPECT_FALSE(Decoder(endless).Get(n));
  // A boolean other than 0 or 1.
  bool b = false;
  EXPECT_FALSE(Decoder("\x02").Get(b));
}

TEST(JsonCodecTest, ExportShapesAndRoundTrip) {
  Batch batch{.batch_number = "B1", .quantity = Quantity::FromUnits(2500000), .expiry_date = absl::CivilDay(2027, 3, 4)};
  const boost::json::value j = ToJson(batch);
  EXPECT_EQ(boost::json::serialize(j),
            R"({"batch_number":"B1","quantity":"2.5","rate":null,"manufactured_date":null,"expiry_date":"2027-03-04"})");
  Batch back;
  JsonReader reader;
  ASSERT_TRUE(reader.Get(j, back, "batch")) << reader.where << ": " << reader.why;
  EXPECT_EQ(Encode(back), Encode(batch));
  EXPECT_EQ(boost::json::serialize(ToJson(AdjustmentType::kValue)), R"("kValue")");
  EXPECT_EQ(Encode(AdjustmentType::kValue), "\x02");  // the binary codec: its value (zigzag 1)
  const absl::Time t = absl::FromUnixNanos(1767323045000000001);
  EXPECT_EQ(boost::json::serialize(ToJson(t)), R"("2026-01-02T03:04:05.000000001+00:00")");
}

TEST(JsonCodecTest, ReadingSaysWhereAndWhat) {
  Batch b;
  JsonReader reader;
  EXPECT_FALSE(reader.Get(boost::json::parse(R"({"batch_number":"B1","quantity":2})"), b, "x"));
  EXPECT_EQ(reader.where, "x.quantity");
  EXPECT_EQ(reader.why, "expected a decimal string");
  EXPECT_FALSE(reader.Get(boost::json::parse(R"({"batch_number":"B1","quantity":"1"})"), b, "x"));
  EXPECT_EQ(reader.where, "x.rate");
  EXPECT_EQ(reader.why, "expected a value (missing)");
  std::vector<Batch> list;
  EXPECT_FALSE(reader.Get(boost::json::parse(R"([{"batch_number":7}])"), list, "list"));
  EXPECT_EQ(reader.where, "list[0].batch_number");
  int32_t small = 0;
  EXPECT_FALSE(reader.Get(boost::json::value(int64_t{1} << 40), small, "n"));
  EXPECT_EQ(reader.why, "expected an integer in range");
}

TEST(JsonCodecTest, StringsThatAreNotUtf8AreBase16) {
  EXPECT_TRUE(IsUtf8("Tea \xc3\xa9 \xe2\x82\xac \xf0\x9f\x8d\xb5"));
  for (std::string bad : {std::string("\xe9"), std::string("\xc3"), std::string("\xc0\x80"), std::string("\xed\xa0\x80"),
                          std::string("\xf4\x90\x80\x80"), std::string("\xe2\x82")}) {
    EXPECT_FALSE(IsUtf8(bad)) << testing::PrintToString(bad);
    const boost::json::value j = ToJson(bad);
    ASSERT_TRUE(j.is_object());
    std::string back;
    JsonReader reader;
    ASSERT_TRUE(reader.Get(j, back, "s"));
    EXPECT_EQ(back, bad);
  }
  std::string s;
  JsonReader reader;
  EXPECT_FALSE(reader.Get(boost::json::parse(R"({"base16":"4g"})"), s, "s"));
  EXPECT_EQ(reader.why, "expected base16 digits (0-9, a-f)");
}

}  // namespace
}  // namespace inventory::internal
