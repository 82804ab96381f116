// Text helpers shared by the catalog and the JSON facade: case-insensitive
// comparison and hashing (SKU and name keys), barcode checks, time format.
// Owns no state; calls nothing but the standard library and Abseil.
#ifndef INVENTORY_SRC_COMMON_TEXT_H_
#define INVENTORY_SRC_COMMON_TEXT_H_

#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/time/time.h"

namespace inventory::internal {

// Concatenates text and numbers (Debian's Abseil has its own string_view,
// so absl::StrCat does not take std::string_view).
inline void AppendOne(std::string& out, std::string_view s) { out.append(s); }
inline void AppendOne(std::string& out, char c) { out.push_back(c); }
template <std::integral T>
  requires(!std::same_as<T, char> && !std::same_as<T, bool>)
void AppendOne(std::string& out, T v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}
inline void AppendOne(std::string& out, double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}
template <class... A>
std::string Cat(const A&... a) {
  std::string out;
  (AppendOne(out, a), ...);
  return out;
}

std::string_view Trim(std::string_view s);
// ASCII case folding: 'A'..'Z' to 'a'..'z', every other byte as it is.
inline unsigned char Fold(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'A' && u <= 'Z') ? static_cast<unsigned char>(u + ('a' - 'A')) : u;
}
std::string Folded(std::string_view s);
// A positive id written in decimal digits (surrounding blanks allowed);
// 0 when it is anything else.
int64_t ParseDecimalId(std::string_view s);
// ASCII case-insensitive comparisons.
bool IEquals(std::string_view a, std::string_view b);
bool IStartsWith(std::string_view s, std::string_view prefix);
bool IContains(std::string_view haystack, std::string_view needle);
int ICompare(std::string_view a, std::string_view b);  // <0, 0, >0
size_t IHash(std::string_view s);

// A SKU's identity: trimmed and case-insensitive.
struct SkuHash {
  size_t operator()(std::string_view s) const { return IHash(Trim(s)); }
};
struct SkuEqual {
  bool operator()(std::string_view a, std::string_view b) const {
    return IEquals(Trim(a), Trim(b));
  }
};
// Ordering for the name index: case-insensitive, then exact.
struct NameLess {
  bool operator()(std::string_view a, std::string_view b) const {
    int c = ICompare(a, b);
    return c != 0 ? c < 0 : a < b;
  }
};

bool IsDigits(std::string_view s);
// Check-digit validation for strict barcode mode.
bool ValidUpc(std::string_view digits);   // UPC-A, 12 digits
bool ValidEan(std::string_view digits);   // EAN-13
bool ValidIsbn(std::string_view digits);  // ISBN-10 (digits only) or ISBN-13

// "2026-11-22T21:43:24+0000", the reference's timestamp format.
std::string FormatTime(absl::Time t);
// Accepts "yyyy-MM-ddTHH:mm:ssZ", "...+hhmm" and "yyyy-MM-dd".
bool ParseTime(std::string_view text, absl::Time* out);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_COMMON_TEXT_H_
