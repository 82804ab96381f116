// A deterministic catalog for the benchmarks: the same items, in the same
// order, for the engine and for the SQLite baseline. Owns no state; calls
// nothing but the standard library and inventory/quantity.h.
//
// Every item has a name (about half of them longer than 15 characters, so
// they do not fit a std::string's inline buffer), a unique SKU, a unique
// 12-digit UPC-A and a unique 13-digit EAN-13 (both with valid check digits,
// so the catalog also loads with Options::strict_barcodes), a rate and a
// purchase rate. The output depends only on `n` and `seed`: the random
// source is SplitMix64 and no std::*_distribution is used, so every
// standard library produces the same catalog.
//
// Example:
//   std::vector<GeneratedItem> items = GenerateCatalog(1'000'000);
#ifndef INVENTORY_BENCH_CATALOG_GENERATOR_H_
#define INVENTORY_BENCH_CATALOG_GENERATOR_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/quantity.h"

namespace inventory::bench {

inline constexpr uint64_t kCatalogSeed = 0x1A7E'2024'C0FF'EE11ull;

struct GeneratedItem {
  std::string name;
  std::string sku;
  std::string upc;  // 12 digits, UPC-A check digit
  std::string ean;  // 13 digits, EAN-13 check digit
  Money rate;
  Money purchase_rate;
};

// SplitMix64: tiny, fast, and fully specified.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // A number in [0, bound); the modulo bias is irrelevant here.
  uint64_t Below(uint64_t bound) { return Next() % bound; }

 private:
  uint64_t state_;
};

namespace generator_internal {

inline constexpr std::array<std::string_view, 16> kColors = {
    "Red", "Blue", "Navy", "Black", "White", "Olive", "Teal", "Grey",
    "Sand", "Rust", "Plum", "Mint", "Gold", "Ivory", "Coral", "Slate"};
inline constexpr std::array<std::string_view, 12> kMaterials = {
    "Cotton", "Linen", "Steel", "Oak", "Bamboo", "Ceramic",
    "Wool", "Leather", "Glass", "Copper", "Canvas", "Walnut"};
inline constexpr std::array<std::string_view, 16> kNouns = {
    "Mug", "Shirt", "Lamp", "Chair", "Kettle", "Towel", "Bowl", "Jacket",
    "Vase", "Stool", "Apron", "Tray", "Scarf", "Clock", "Pan", "Basket"};
inline constexpr std::array<std::string_view, 8> kBrands = {
    "Northwind", "Contoso", "Fabrikam", "Tailspin", "Adatum", "Litware", "Proseware", "Wingtip"};
inline constexpr std::array<std::string_view, 5> kSizes = {"XS", "S", "M", "L", "XL"};

// Zero-padded decimal of `value` in exactly `width` digits.
inline std::string Digits(uint64_t value, int width) {
  std::string s(static_cast<size_t>(width), '0');
  for (int i = width - 1; i >= 0; --i, value /= 10) s[static_cast<size_t>(i)] = char('0' + value % 10);
  return s;
}

// Appends the GS1 check digit: weights 3,1,3,... from the rightmost payload
// digit (UPC-A: 11-digit payload, EAN-13: 12-digit payload).
inline std::string WithCheckDigit(std::string payload) {
  int sum = 0;
  int weight = 3;
  for (size_t i = payload.size(); i-- > 0; weight = 4 - weight) sum += (payload[i] - '0') * weight;
  payload.push_back(char('0' + (10 - sum % 10) % 10));
  return payload;
}

}  // namespace generator_internal

// Makes `n` items (n <= 10^8 keeps every SKU, UPC and EAN unique). Keys are
// scrambled so that insertion order is not key order (a B-tree does not get
// append-only inserts).
inline std::vector<GeneratedItem> GenerateCatalog(size_t n, uint64_t seed = kCatalogSeed) {
  using namespace generator_internal;
  SplitMix64 rng(seed);
  std::vector<GeneratedItem> items;
  items.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    GeneratedItem g;
    std::string_view color = kColors[rng.Below(kColors.size())];
    std::string_view material = kMaterials[rng.Below(kMaterials.size())];
    std::string_view noun = kNouns[rng.Below(kNouns.size())];
    switch (rng.Below(4)) {
      case 0:  // "Teal Mug": short, fits the inline buffer
      case 1:
        g.name.append(color).append(" ").append(noun);
        break;
      case 2:  // "Navy Cotton Shirt"
        g.name.append(color).append(" ").append(material).append(" ").append(noun);
        break;
      default:  // "Fabrikam Oak Chair L #4821"
        g.name.append(kBrands[rng.Below(kBrands.size())]).append(" ").append(material).append(" ")
            .append(noun).append(" ").append(kSizes[rng.Below(kSizes.size())]).append(" #")
            .append(std::to_string(1000 + rng.Below(9000)));
        break;
    }
    // Bijections of i modulo 10^8, 10^11 and 10^12 (multipliers coprime to 10).
    const uint64_t k = i;
    std::string prefix(noun.substr(0, 3));
    for (char& c : prefix) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    g.sku = prefix + "-" + Digits((k * 48'271 + 12'345) % 100'000'000, 8);
    g.upc = WithCheckDigit(Digits((k * 7'919 + 1'000'003) % 100'000'000'000, 11));
    g.ean = WithCheckDigit(Digits((k * 104'729 + 400'000'000'000) % 1'000'000'000'000, 12));
    const int64_t cents = 50 + static_cast<int64_t>(rng.Below(99'950));  // 0.50 .. 999.99
    g.rate = Money::FromUnits(cents * 10'000);
    g.purchase_rate = Money::FromUnits(cents * 6'000);  // 60% of rate, exact
    items.push_back(std::move(g));
  }
  return items;
}

}  // namespace inventory::bench

#endif  // INVENTORY_BENCH_CATALOG_GENERATOR_H_
