#include "common/text.h"

#include <algorithm>
#include <string>


namespace inventory::internal {

namespace {
inline bool Space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
}  // namespace

int64_t ParseDecimalId(std::string_view s) {
  s = Trim(s);
  if (s.empty() || s.size() > 18) return 0;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string Folded(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(Fold(c));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && Space(s.front())) s.remove_prefix(1);
  while (!s.empty() && Space(s.back())) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Fold(a[i]) != Fold(b[i])) return false;
  }
  return true;
}
bool IStartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && IEquals(s.substr(0, p.size()), p);
}

bool IContains(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return Fold(a) == Fold(b); });
  return it != haystack.end();
}

int ICompare(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = Fold(a[i]), y = Fold(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

size_t IHash(std::string_view s) {
  // FNV-1a over lower-cased bytes.
  uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= Fold(c);
    h *= 1099511628211ull;
  }
  return static_cast<size_t>(h);
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {
// GS1 check digit over all digits but the last, weights 3,1 from the right.
bool Gs1CheckDigit(std::string_view d) {
  int sum = 0;
  int n = static_cast<int>(d.size()) - 1;
  for (int i = 0; i < n; ++i) {
    int weight = ((n - i) % 2 == 1) ? 3 : 1;
    sum += (d[i] - '0') * weight;
  }
  return (10 - sum % 10) % 10 == d.back() - '0';
}
}  // namespace

bool ValidUpc(std::string_view d) { return d.size() == 12 && IsDigits(d) && Gs1CheckDigit(d); }
bool ValidEan(std::string_view d) { return d.size() == 13 && IsDigits(d) && Gs1CheckDigit(d); }
bool ValidIsbn(std::string_view d) {
  if (!IsDigits(d)) return false;
  if (d.size() == 13) return Gs1CheckDigit(d);
  if (d.size() != 10) return false;
  int sum = 0;
  for (int i = 0; i < 10; ++i) sum += (d[i] - '0') * (10 - i);
  return sum % 11 == 0;
}

std::string FormatTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S%z", t, absl::UTCTimeZone());
}

bool ParseTime(std::string_view text, absl::Time* out) {
  std::string err;
  std::string s(text);
  for (const char* fmt : {"%Y-%m-%dT%H:%M:%S%Ez", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d"}) {
    if (absl::ParseTime(fmt, s, absl::UTCTimeZone(), out, &err)) return true;
  }
  if (!s.empty() && s.back() == 'Z') {
    s.pop_back();
    return absl::ParseTime("%Y-%m-%dT%H:%M:%S", s, absl::UTCTimeZone(), out, &err);
  }
  return false;
}

}  // namespace inventory::internal
