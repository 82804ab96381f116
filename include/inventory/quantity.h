// Exact fixed-point decimals for quantities and money. Six decimal places,
// stored as a 64-bit count of millionths: no rounding happens in sums, and
// values read from text keep every digit or are refused.
//
// Example:
//   absl::StatusOr<Money> rate = Money::Parse("6.99");
//   Quantity q = Quantity::FromInt(3);
//   std::string s = rate->ToString();  // "6.99"
#ifndef INVENTORY_QUANTITY_H_
#define INVENTORY_QUANTITY_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace inventory {

namespace internal {
// Shared parsing and formatting for Decimal<Tag>; units are millionths.
absl::StatusOr<int64_t> ParseDecimalUnits(std::string_view text);
absl::StatusOr<int64_t> DecimalUnitsFromDouble(double value);
std::string FormatDecimalUnits(int64_t units);
}  // namespace internal

template <class Tag>
class Decimal {
 public:
  static constexpr int64_t kScale = 1'000'000;
  static constexpr int kDigits = 6;

  constexpr Decimal() = default;
  static constexpr Decimal FromUnits(int64_t units) { return Decimal(units); }
  static constexpr Decimal FromInt(int64_t whole) { return Decimal(whole * kScale); }
  // Parses "12", "-3.5", "0.000001". Refuses more than six decimals,
  // exponents, and values outside about +-9.2e12 (kInvalidArgument).
  static absl::StatusOr<Decimal> Parse(std::string_view text) {
    auto units = internal::ParseDecimalUnits(text);
    if (!units.ok()) return units.status();
    return Decimal(*units);
  }
  // Accepts a double that is a six-decimal value to within rounding error
  // (6.99 is accepted, 0.1234567 is refused).
  static absl::StatusOr<Decimal> FromDouble(double value) {
    auto units = internal::DecimalUnitsFromDouble(value);
    if (!units.ok()) return units.status();
    return Decimal(*units);
  }

  constexpr int64_t units() const { return units_; }
  double ToDouble() const { return static_cast<double>(units_) / kScale; }
  // Shortest exact text: "6.99", "-3", "0.5".
  std::string ToString() const { return internal::FormatDecimalUnits(units_); }
  constexpr bool is_zero() const { return units_ == 0; }

  friend constexpr auto operator<=>(Decimal, Decimal) = default;
  friend constexpr Decimal operator+(Decimal a, Decimal b) { return Decimal(a.units_ + b.units_); }
  friend constexpr Decimal operator-(Decimal a, Decimal b) { return Decimal(a.units_ - b.units_); }
  constexpr Decimal operator-() const { return Decimal(-units_); }
  constexpr Decimal& operator+=(Decimal o) { units_ += o.units_; return *this; }
  constexpr Decimal& operator-=(Decimal o) { units_ -= o.units_; return *this; }

 private:
  constexpr explicit Decimal(int64_t units) : units_(units) {}
  int64_t units_ = 0;
};

struct QuantityTag {};
struct MoneyTag {};
using Quantity = Decimal<QuantityTag>;
using Money = Decimal<MoneyTag>;

}  // namespace inventory

#endif  // INVENTORY_QUANTITY_H_
