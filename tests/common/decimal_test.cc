#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <type_traits>

#include "inventory/quantity.h"

namespace inventory {
namespace {

// Quantities and money are different types: one never converts to the other.
static_assert(!std::is_convertible_v<Money, Quantity>);
static_assert(!std::is_convertible_v<Quantity, Money>);
static_assert(!std::is_convertible_v<int64_t, Money>);
static_assert(!std::is_convertible_v<double, Quantity>);

int64_t UnitsOf(std::string_view text) {
  absl::StatusOr<Money> m = Money::Parse(text);
  EXPECT_TRUE(m.ok()) << text << ": " << m.status();
  return m.ok() ? m->units() : -424242;
}

TEST(DecimalTest, ParsesWholeNumbers) {
  EXPECT_EQ(UnitsOf("12"), 12'000'000);
  EXPECT_EQ(UnitsOf("0"), 0);
  EXPECT_EQ(UnitsOf("-7"), -7'000'000);
  EXPECT_EQ(UnitsOf("+2"), 2'000'000);
  EXPECT_EQ(UnitsOf("007"), 7'000'000);
}

TEST(DecimalTest, ParsesFractionsExactly) {
  EXPECT_EQ(UnitsOf("6.99"), 6'990'000);
  EXPECT_EQ(UnitsOf("-3.5"), -3'500'000);
  EXPECT_EQ(UnitsOf("0.000001"), 1);
  EXPECT_EQ(UnitsOf("-0.000001"), -1);
  EXPECT_EQ(UnitsOf(".5"), 500'000);
  EXPECT_EQ(UnitsOf("1234567.123456"), 1'234'567'123'456);
  // 0.1 + 0.2 is exactly 0.3: no binary rounding anywhere.
  EXPECT_EQ(*Money::Parse("0.1") + *Money::Parse("0.2"), *Money::Parse("0.3"));
}

TEST(DecimalTest, AcceptsTrailingZerosBeyondSixDecimals) {
  // Extra zeros lose no digit, so the value is still exact.
  EXPECT_EQ(UnitsOf("1.50000000"), 1'500'000);
  EXPECT_EQ(UnitsOf("2.0000000"), 2'000'000);
}

TEST(DecimalTest, RefusesMoreThanSixDecimals) {
  for (std::string_view text : {"0.1234567", "1.0000001", "-6.9900001", "1.00000000001"}) {
    absl::StatusOr<Money> m = Money::Parse(text);
    ASSERT_FALSE(m.ok()) << text << " parsed as " << m->ToString();
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_EQ(std::string(m.status().message()),
              "'" + std::string(text) + "' is not a decimal number: more than 6 decimal places");
  }
}

TEST(DecimalTest, RefusesMalformedText) {
  for (std::string_view text : {"", "-", "+", ".", "1e5", " 1", "1 ", "1,5", "abc", "1.2.3",
                                "--1", "0x10", "1.-5"}) {
    absl::StatusOr<Quantity> q = Quantity::Parse(text);
    EXPECT_FALSE(q.ok()) << "'" << text << "' parsed as " << q->ToString();
    if (!q.ok()) {
      EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument) << text;
    }
  }
}

TEST(DecimalTest, ParsesTheLargestValues) {
  EXPECT_EQ(UnitsOf("9223372036854.775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(UnitsOf("-9223372036854.775807"), -std::numeric_limits<int64_t>::max());
}

TEST(DecimalTest, RefusesValuesOutOfRange) {
  for (std::string_view text : {"9223372036854.775808", "9223372036855", "10000000000000",
                                "-10000000000000", "99999999999999999999"}) {
    absl::StatusOr<Money> m = Money::Parse(text);
    ASSERT_FALSE(m.ok()) << text << " parsed as " << m->ToString();
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_NE(std::string(m.status().message()).find("too large"), std::string::npos)
        << m.status();
  }
}

TEST(DecimalTest, ToStringWritesTheShortestExactForm) {
  EXPECT_EQ(Money::FromUnits(6'990'000).ToString(), "6.99");
  EXPECT_EQ(Money::FromInt(-3).ToString(), "-3");
  EXPECT_EQ(Money::FromUnits(500'000).ToString(), "0.5");
  EXPECT_EQ(Money::FromUnits(-500'000).ToString(), "-0.5");
  EXPECT_EQ(Money().ToString(), "0");
  EXPECT_EQ(Money::FromUnits(1).ToString(), "0.000001");
  EXPECT_EQ(Money::FromUnits(-1).ToString(), "-0.000001");
  EXPECT_EQ(Money::FromUnits(10'000'000).ToString(), "10");
  EXPECT_EQ(Money::FromUnits(10'100'000).ToString(), "10.1");
  EXPECT_EQ(Money::FromUnits(1'000'010).ToString(), "1.00001");
  EXPECT_EQ(Money::FromUnits(std::numeric_limits<int64_t>::max()).ToString(),
            "9223372036854.775807");
  EXPECT_EQ(Money::FromUnits(std::numeric_limits<int64_t>::min()).ToString(),
            "-9223372036854.775808");
}

TEST(DecimalTest, ParseOfToStringRoundTrips) {
  for (int64_t units : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{6'990'000},
                        int64_t{123'456'789'012}, int64_t{-999'999},
                        std::numeric_limits<int64_t>::max()}) {
    Quantity q = Quantity::FromUnits(units);
    absl::StatusOr<Quantity> back = Quantity::Parse(q.ToString());
    ASSERT_TRUE(back.ok()) << q.ToString() << ": " << back.status();
    EXPECT_EQ(back->units(), units);
  }
}

TEST(DecimalTest, FromDoubleAcceptsSixDecimalValues) {
  absl::StatusOr<Money> rate = Money::FromDouble(6.99);
  ASSERT_TRUE(rate.ok()) << rate.status();
  EXPECT_EQ(rate->units(), 6'990'000);
  EXPECT_EQ(rate->ToString(), "6.99");
  EXPECT_EQ(Money::FromDouble(0.1)->units(), 100'000);
  EXPECT_EQ(Money::FromDouble(-2.5)->units(), -2'500'000);
  EXPECT_EQ(Money::FromDouble(0.000001)->units(), 1);
  EXPECT_EQ(Money::FromDouble(123456.789012)->units(), 123'456'789'012);
  EXPECT_EQ(Money::FromDouble(999999.999999)->units(), 999'999'999'999);
  EXPECT_EQ(Money::FromDouble(12345678.25)->units(), 12'345'678'250'000);
  EXPECT_EQ(Money::FromDouble(0.0)->units(), 0);
  EXPECT_EQ(Money::FromDouble(1e12)->units(), 1'000'000'000'000'000'000);
}

TEST(DecimalTest, FromDoubleRefusesMoreThanSixDecimals) {
  for (double v : {0.1234567, 6.9900001, -0.0000005, 1e-7}) {
    absl::StatusOr<Money> m = Money::FromDouble(v);
    EXPECT_FALSE(m.ok()) << v << " accepted as " << m->ToString();
    if (!m.ok()) {
      EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(DecimalTest, FromDoubleRefusesMoreThanSixDecimalsOfLargeValues) {
  // A double near a million still resolves the seventh decimal (its spacing
  // there is about 1e-10), so these are not six-decimal values either.
  for (double v : {1000000.1234567, 5000000.0000004, -2500000.3333333}) {
    absl::StatusOr<Money> m = Money::FromDouble(v);
    EXPECT_FALSE(m.ok()) << std::to_string(v) << " accepted as " << m->ToString();
  }
}

TEST(DecimalTest, FromDoubleReadsEverySixDecimalValueBackExactly) {
  // Property: for any six-decimal value a double can hold apart from its
  // neighbours (|v| < 1e8 here), FromDouble(units / 1e6) gives back units.
  std::mt19937_64 rng(20260102);
  for (int64_t magnitude : {int64_t{1'000}, int64_t{1'000'000}, int64_t{1'000'000'000},
                            int64_t{100'000'000'000'000}}) {
    std::uniform_int_distribution<int64_t> dist(-magnitude, magnitude);
    for (int i = 0; i < 20'000; ++i) {
      int64_t units = dist(rng);
      double v = static_cast<double>(units) / 1e6;
      absl::StatusOr<Money> m = Money::FromDouble(v);
      ASSERT_TRUE(m.ok()) << units << ": " << m.status();
      ASSERT_EQ(m->units(), units);
    }
  }
}

TEST(DecimalTest, FromDoubleRefusesValuesOutOfRange) {
  for (double v : {std::nan(""), std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity(), 1e13, -1e13}) {
    absl::StatusOr<Quantity> q = Quantity::FromDouble(v);
    EXPECT_FALSE(q.ok()) << v;
    if (!q.ok()) {
      EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(DecimalTest, ArithmeticAndComparisonAreExact) {
  Quantity a = *Quantity::Parse("1.5");
  Quantity b = *Quantity::Parse("0.25");
  EXPECT_EQ((a + b).ToString(), "1.75");
  EXPECT_EQ((a - b).ToString(), "1.25");
  EXPECT_EQ((b - a).ToString(), "-1.25");
  EXPECT_EQ((-a).ToString(), "-1.5");
  Quantity c = a;
  c += b;
  EXPECT_EQ(c.units(), 1'750'000);
  c -= a;
  EXPECT_EQ(c, b);
  EXPECT_LT(b, a);
  EXPECT_GT(a, b);
  EXPECT_TRUE(Quantity().is_zero());
  EXPECT_FALSE(b.is_zero());
  EXPECT_EQ(Quantity::FromInt(3).units(), 3'000'000);
  EXPECT_DOUBLE_EQ(a.ToDouble(), 1.5);
}

}  // namespace
}  // namespace inventory
