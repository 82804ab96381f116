// Exact arithmetic for stock valuation: quantity x unit cost, and shares of a
// value, on the six-decimal fixed point of quantity.h.
// Owns no state; calls nothing but the standard library.
//
// Rounding rule (the only one the ledger uses): a product or share is
// computed exactly in 128 bits and rounded once to the nearest millionth,
// halves away from zero (2.5 -> 3, -2.5 -> -3). Where a whole is split into
// parts (a lot or an average cell issued piece by piece), the last part is
// whatever remains, so the parts always add up to the whole exactly.
#ifndef INVENTORY_SRC_STOCK_VALUATION_H_
#define INVENTORY_SRC_STOCK_VALUATION_H_

#include <cstdint>
#include <limits>
#include <optional>

#include "inventory/quantity.h"

namespace inventory::internal {

__extension__ using Int128 = __int128;

// round(a * b / c), halves away from zero; nullopt when c is 0 or the result
// does not fit in 64 bits.
constexpr std::optional<int64_t> MulDivRound(int64_t a, int64_t b, int64_t c) {
  if (c == 0) return std::nullopt;
  // The common case, a product that fits in 64 bits, without the slow
  // 128-bit division; the same rounding. (c == -1 is left to the 128-bit
  // path: n / -1 can overflow.)
  if (int64_t n64; !__builtin_mul_overflow(a, b, &n64) && c != -1) {
    int64_t q = n64 / c;
    const int64_t r = n64 % c;
    const uint64_t abs_r = r < 0 ? 0 - static_cast<uint64_t>(r) : static_cast<uint64_t>(r);
    const uint64_t abs_c = c < 0 ? 0 - static_cast<uint64_t>(c) : static_cast<uint64_t>(c);
    if (abs_r >= abs_c - abs_r) q += ((n64 < 0) != (c < 0)) ? -1 : 1;
    return q;
  }
  const Int128 n = static_cast<Int128>(a) * b;
  Int128 q = n / c;
  const Int128 r = n % c;
  const Int128 abs_r = r < 0 ? -r : r;
  const Int128 abs_c = c < 0 ? -static_cast<Int128>(c) : static_cast<Int128>(c);
  if (2 * abs_r >= abs_c) q += ((n < 0) != (c < 0)) ? -1 : 1;
  if (q > std::numeric_limits<int64_t>::max() || q < std::numeric_limits<int64_t>::min()) {
    return std::nullopt;
  }
  return static_cast<int64_t>(q);
}

// The value of `quantity` units at `unit_cost` each, rounded as above.
constexpr std::optional<Money> ValueOf(Quantity quantity, Money unit_cost) {
  auto units = MulDivRound(quantity.units(), unit_cost.units(), Quantity::kScale);
  if (!units) return std::nullopt;
  return Money::FromUnits(*units);
}

// The cost of one unit when `quantity` units are worth `value` (for display:
// the exact figure is the value). nullopt for a zero quantity.
constexpr std::optional<Money> UnitCostOf(Money value, Quantity quantity) {
  auto units = MulDivRound(value.units(), Quantity::kScale, quantity.units());
  if (!units) return std::nullopt;
  return Money::FromUnits(*units);
}

// The share of `value` that `part` of `whole` units carries:
// value * part / whole, rounded as above; exactly `value` when part == whole.
constexpr std::optional<Money> ShareOf(Money value, Quantity part, Quantity whole) {
  if (part == whole) return value;
  auto units = MulDivRound(value.units(), part.units(), whole.units());
  if (!units) return std::nullopt;
  return Money::FromUnits(*units);
}

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STOCK_VALUATION_H_
