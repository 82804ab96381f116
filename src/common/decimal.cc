// Parsing and formatting of the fixed-point decimals of quantity.h.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "common/text.h"
#include "common/text.h"
#include "inventory/quantity.h"

namespace inventory::internal {

__extension__ using Int128 = __int128;

absl::StatusOr<int64_t> ParseDecimalUnits(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(Cat("'", text, "' is not a decimal number: ", why));
  };
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  if (i == text.size()) return bad("no digits");
  Int128 whole = 0;
  int int_digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    whole = whole * 10 + (text[i++] - '0');
    if (++int_digits > 13) return bad("too large");
  }
  int64_t frac = 0;
  int frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (frac_digits == 6) {
        if (text[i] != '0') return bad("more than 6 decimal places");
        ++i;
        continue;
      }
      frac = frac * 10 + (text[i++] - '0');
      ++frac_digits;
    }
  }
  if (i != text.size()) return bad("unexpected character");
  if (int_digits == 0 && frac_digits == 0) return bad("no digits");
  for (int d = frac_digits; d < 6; ++d) frac *= 10;
  Int128 units = whole * 1'000'000 + frac;
  if (units > std::numeric_limits<int64_t>::max()) return bad("too large");
  return static_cast<int64_t>(negative ? -units : units);
}

absl::StatusOr<int64_t> DecimalUnitsFromDouble(double value) {
  if (!std::isfinite(value) || std::fabs(value) > 9.2e12) {
    return absl::InvalidArgumentError(Cat(value, " is out of range"));
  }
  double scaled = value * 1'000'000.0;
  double rounded = std::nearbyint(scaled);
  // Tolerate the representation error of a six-decimal value, nothing more:
  // a few ulps of `scaled` (a seventh decimal is at least 0.1 unit off).
  const double tolerance =
      std::max(1e-3, std::fabs(scaled) * 8 * std::numeric_limits<double>::epsilon());
  if (std::fabs(scaled - rounded) > tolerance) {
    return absl::InvalidArgumentError(Cat(value, " has more than 6 decimal places"));
  }
  return static_cast<int64_t>(rounded);
}

std::string FormatDecimalUnits(int64_t units) {
  bool negative = units < 0;
  uint64_t u = negative ? -static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
  std::string out = negative ? "-" : "";
  absl::StrAppend(&out, u / 1'000'000);
  uint64_t frac = u % 1'000'000;
  if (frac != 0) {
    char buf[7];
    for (int i = 5; i >= 0; --i) {
      buf[i] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    int len = 6;
    while (buf[len - 1] == '0') --len;
    out.push_back('.');
    out.append(buf, len);
  }
  return out;
}

}  // namespace inventory::internal
