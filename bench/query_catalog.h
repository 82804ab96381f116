// The data query_bench loads into the engine and into its SQLite baseline
// (query_sqlite_baseline.h): GenerateCatalog(n) (catalog_generator.h), with
// n / 100 item groups of variants among its items, reorder levels, and the
// opening stock of four locations. Owns no state; deterministic (SplitMix64,
// fixed seed, no std::*_distribution), so both sides and every standard
// library get the same data in the same order.
//
// Layout: the catalog is cut into blocks of 100 items. Block b's first
// `count` items (2 to 18 drawn, capped by the number of combinations of the
// group's options: 6.7 on average) are the variants of group b; the others
// are plain items. A group has 1 to 3 attributes (Color: 2-4 options, Size:
// 2-5, Material: 2-3) and its variants take the first combinations of
// options. At 1M items: 10,000 groups, 66,851 variants (6.7%), 100,024
// items with a reorder level, 44,396 of them low on stock (4.4% of the
// catalog), 666,384 items with stock in 1,420,653 (item, location) cells.
// Load order: per block of 1000 items, its plain items in one transaction,
// then each of its 10 groups with its variants in one transaction.
//
// Example:
//   QueryCatalog c = GenerateQueryCatalog(1'000'000);
//   for (const LoadStep& step : c.steps) ...
#ifndef INVENTORY_BENCH_QUERY_CATALOG_H_
#define INVENTORY_BENCH_QUERY_CATALOG_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "catalog_generator.h"

namespace inventory::bench {

inline constexpr uint64_t kQueryCatalogSeed = 0x0A11'57C0'C4ED'0006ull;
// The primary location and three more; location k (0-based) is created k-th,
// and both sides give it id k + 1.
inline constexpr int kQueryLocations = 4;
inline constexpr std::array<const char*, kQueryLocations> kQueryLocationNames = {
    "Primary Location", "Warehouse North", "Warehouse South", "Store Downtown"};

struct GroupAttribute {
  std::string name;
  std::vector<std::string> options;
};

struct VariantGroup {
  std::string name;
  std::vector<GroupAttribute> attributes;  // 1 to 3
  size_t first_item = 0;                   // generated index of the first variant
  // Per variant (items first_item, first_item + 1, ...): the index of its
  // option in each attribute (unused attributes: 0).
  std::vector<std::array<uint8_t, 3>> variants;
};

// One transaction of the load: the items of [first, last) that are in no
// group, or (group >= 0) that group with its variants, items [first, last).
struct LoadStep {
  size_t first = 0, last = 0;
  int group = -1;  // index into QueryCatalog::groups, or -1 for plain items
};

struct QueryCatalog {
  std::vector<GeneratedItem> items;
  std::vector<int> group_of;          // per item: its group, or -1
  std::vector<int32_t> reorder_level;  // per item, whole units; 0 for none (90% of items)
  // Per item: its opening stock at each location, whole units at the item's
  // purchase rate (0: none there). A third of the items have none; the
  // others have 1 to 60 units at 1 to 4 locations.
  std::vector<std::array<int32_t, kQueryLocations>> opening;
  std::vector<VariantGroup> groups;
  std::vector<LoadStep> steps;
};

// The option name chosen by `variant` of `group` for attribute `a`.
inline const std::string& OptionName(const VariantGroup& group, size_t variant, size_t a) {
  return group.attributes[a].options[group.variants[variant][a]];
}

inline QueryCatalog GenerateQueryCatalog(size_t n, uint64_t seed = kQueryCatalogSeed) {
  using namespace generator_internal;
  QueryCatalog c;
  c.items = GenerateCatalog(n);
  c.group_of.assign(n, -1);
  SplitMix64 rng(seed);

  constexpr size_t kBlock = 100;
  for (size_t first = 0; first + kBlock <= n; first += kBlock) {
    VariantGroup g;
    g.first_item = first;
    g.name = c.items[first].name + " Collection";
    // Each attribute's options are consecutive entries of a generator list.
    auto attribute = [&](const char* name, auto& list, uint64_t min, uint64_t max) {
      GroupAttribute a{.name = name, .options = {}};
      const uint64_t count = min + rng.Below(max - min + 1);
      const uint64_t offset = rng.Below(list.size());
      for (uint64_t k = 0; k < count; ++k) a.options.emplace_back(list[(offset + k) % list.size()]);
      g.attributes.push_back(std::move(a));
    };
    const uint64_t attributes = 1 + rng.Below(3);
    attribute("Color", kColors, 2, 4);
    if (attributes >= 2) attribute("Size", kSizes, 2, 5);
    if (attributes >= 3) attribute("Material", kMaterials, 2, 3);
    size_t combinations = 1;
    for (const GroupAttribute& a : g.attributes) combinations *= a.options.size();
    const size_t count = std::min<size_t>(combinations, 2 + rng.Below(17));
    for (size_t v = 0; v < count; ++v) {
      std::array<uint8_t, 3> pick{};
      size_t rest = v;  // mixed radix: the first attribute varies fastest
      for (size_t a = 0; a < g.attributes.size(); ++a) {
        pick[a] = static_cast<uint8_t>(rest % g.attributes[a].options.size());
        rest /= g.attributes[a].options.size();
      }
      g.variants.push_back(pick);
      c.group_of[first + v] = static_cast<int>(c.groups.size());
    }
    c.groups.push_back(std::move(g));
  }

  c.reorder_level.resize(n);
  c.opening.resize(n);
  for (size_t i = 0; i < n; ++i) {
    c.reorder_level[i] = rng.Below(10) == 0 ? static_cast<int32_t>(1 + rng.Below(50)) : 0;
    if (rng.Below(3) == 0) continue;
    const uint64_t where = 1 + rng.Below((1u << kQueryLocations) - 1);  // a non-empty set
    for (int l = 0; l < kQueryLocations; ++l) {
      if (where & (1u << l)) c.opening[i][l] = static_cast<int32_t>(1 + rng.Below(60));
    }
  }

  constexpr size_t kPlainBatch = 1000;
  for (size_t begin = 0; begin < n; begin += kPlainBatch) {
    const size_t end = std::min(n, begin + kPlainBatch);
    c.steps.push_back({.first = begin, .last = end, .group = -1});
    for (size_t first = begin; first < end; first += kBlock) {
      if (first < c.group_of.size() && c.group_of[first] >= 0) {
        const int g = c.group_of[first];
        c.steps.push_back({.first = first, .last = first + c.groups[g].variants.size(), .group = g});
      }
    }
  }
  return c;
}

}  // namespace inventory::bench

#endif  // INVENTORY_BENCH_QUERY_CATALOG_H_
