// Reader: lookups and list queries over the catalog state.
#include <algorithm>
#include <functional>
#include <tuple>

#include "catalog/catalog_store.h"
#include "catalog/item_table.h"
#include "common/text.h"
#include "inventory/transaction.h"

namespace inventory {

using internal::ById;
using internal::ByName;
using internal::IContains;
using internal::IEquals;
using internal::IStartsWith;

namespace {

bool TextMatches(const std::string& value, const std::optional<std::string>& exact,
                 const std::optional<std::string>& prefix,
                 const std::optional<std::string>& contains) {
  if (exact && !IEquals(value, *exact)) return false;
  if (prefix && !IStartsWith(value, *prefix)) return false;
  if (contains && !IContains(value, *contains)) return false;
  return true;
}

bool IsLowStock(const Item& item, Quantity on_hand) {
  return item.product_type == ProductType::kGoods && item.track_inventory &&
         item.reorder_level.units() > 0 && on_hand <= item.reorder_level;
}

bool FilterMatches(const internal::CatalogState& s, const Item& item, ItemFilter f, Quantity on_hand) {
  switch (f) {
    case ItemFilter::kAll: return true;
    case ItemFilter::kActive: return item.status == Status::kActive;
    case ItemFilter::kInactive: return item.status == Status::kInactive;
    case ItemFilter::kLowStock: return IsLowStock(item, on_hand);
    case ItemFilter::kUnmapped: return !s.composites_using.contains(item.id);
    case ItemFilter::kUncategorized: return item.details->category_id.empty();
    case ItemFilter::kGrouped: return item.group_id.has_value();
    case ItemFilter::kSales: return item.item_type == ItemType::kSales;
    case ItemFilter::kPurchases: return item.item_type == ItemType::kPurchases;
    case ItemFilter::kSalesAndPurchases: return item.item_type == ItemType::kSalesAndPurchases;
    case ItemFilter::kInventory: return item.item_type == ItemType::kInventory;
    case ItemFilter::kNonInventory:
      return item.item_type != ItemType::kInventory && item.product_type == ProductType::kGoods;
    case ItemFilter::kService: return item.product_type != ProductType::kGoods;
  }
  return true;
}

bool Matches(const internal::CatalogState& s, const Item& item, const ItemQuery& q,
             Quantity on_hand) {
  if (q.kind == ItemKind::kPlain && item.is_composite()) return false;
  if (q.kind == ItemKind::kComposite && !item.is_composite()) return false;
  if (!FilterMatches(s, item, q.filter, on_hand)) return false;
  if (q.status && item.status != *q.status) return false;
  if (q.group_id && item.group_id != q.group_id) return false;
  if (!TextMatches(item.name, q.name, q.name_startswith, q.name_contains)) return false;
  if (!TextMatches(item.description, q.description, q.description_startswith, q.description_contains)) return false;
  if (!TextMatches(item.sku, q.sku, q.sku_startswith, q.sku_contains)) return false;
  if (q.search_text && !IContains(item.name, *q.search_text) && !IContains(item.sku, *q.search_text) &&
      !IContains(item.description, *q.search_text)) {
    return false;
  }
  if (q.rate && item.rate != *q.rate) return false;
  if (q.rate_less_than && !(item.rate < *q.rate_less_than)) return false;
  if (q.rate_less_equals && !(item.rate <= *q.rate_less_equals)) return false;
  if (q.rate_greater_than && !(item.rate > *q.rate_greater_than)) return false;
  if (q.rate_greater_equals && !(item.rate >= *q.rate_greater_equals)) return false;
  const ItemDetails& d = *item.details;
  if (q.tax_id && d.tax_id != *q.tax_id) return false;
  if (q.tax_name && !IEquals(d.tax_name, *q.tax_name)) return false;
  if (q.tax_exemption_id && d.tax_exemption_id != *q.tax_exemption_id) return false;
  if (q.account_id && d.account_id != *q.account_id && d.purchase_account_id != *q.account_id &&
      d.inventory_account_id != *q.account_id) {
    return false;
  }
  if (q.is_taxable && item.is_taxable != *q.is_taxable) return false;
  if (q.last_modified_time && item.last_modified_time < *q.last_modified_time) return false;
  return true;
}

template <class T>
Page<T> MakePage(std::vector<const T*> rows, int page, int per_page, bool has_more) {
  Page<T> p;
  p.rows = std::move(rows);
  p.page = page;
  p.per_page = per_page;
  p.has_more_page = has_more;
  return p;
}

}  // namespace

const Item* Reader::FindItem(ItemId id) const { return state_->items.Find(id); }
const Item* Reader::FindItemBySku(std::string_view sku) const { return state_->items.FindBySku(sku); }
const Item* Reader::FindItemByUpc(std::string_view c) const { return state_->items.FindByUpc(c); }
const Item* Reader::FindItemByEan(std::string_view c) const { return state_->items.FindByEan(c); }
const Item* Reader::FindItemByIsbn(std::string_view c) const { return state_->items.FindByIsbn(c); }

std::vector<const Item*> Reader::FindItemsByPartNumber(std::string_view part_number) const {
  return state_->items.WithPartNumber(part_number);
}

std::vector<const Item*> Reader::FindItemsByName(std::string_view name) const {
  return state_->items.NamedExactly(name);
}

std::vector<const Item*> Reader::ItemsInGroup(GroupId group) const { return state_->items.InGroup(group); }

std::vector<ItemId> Reader::CompositesUsing(ItemId component) const {
  auto it = state_->composites_using.find(component);
  if (it == state_->composites_using.end()) return {};
  std::vector<ItemId> out = it->second;
  std::sort(out.begin(), out.end());
  return out;
}

const Item* Reader::FindItemByCustomField(std::string_view key, std::string_view value) const {
  const Item* best = nullptr;
  state_->items.ForEach([&](const Item& item) {
    for (const CustomField& f : item.details->custom_fields) {
      if ((f.api_name == key || f.label == key || f.customfield_id == key) && f.value == value) {
        if (best == nullptr || item.id < best->id) best = &item;
      }
    }
  });
  return best;
}

size_t Reader::ItemCount() const { return state_->items.size(); }


Page<Item> Reader::ListItems(const ItemQuery& q) const {
  const int per_page = std::max(1, q.per_page);
  const int page = std::max(1, q.page);
  const size_t skip = static_cast<size_t>(page - 1) * per_page;
  const size_t want = skip + per_page + 1;  // one more tells has_more_page
  // Stock on hand is two reads in the ledger: taken only for the filter or
  // the sort that needs it.
  const bool needs_stock = q.filter == ItemFilter::kLowStock || q.sort_column == SortColumn::kStockOnHand;
  auto on_hand = [&](const Item& i) { return needs_stock ? StockOnHand(i.id) : Quantity(); };
  std::vector<const Item*> rows;
  // A query that filters nothing passes over the pages before its own
  // without reading their items. (A new ItemQuery member changes the size
  // and stops the build here: add it to Matches and to this list.)
  static_assert(sizeof(ItemQuery) == 720);
  const bool unfiltered = q.kind == ItemKind::kAny && q.filter == ItemFilter::kAll && !q.status && !q.group_id &&
                          !q.name && !q.name_startswith && !q.name_contains && !q.description &&
                          !q.description_startswith && !q.description_contains && !q.sku && !q.sku_startswith &&
                          !q.sku_contains && !q.search_text && !q.rate && !q.rate_less_than && !q.rate_less_equals &&
                          !q.rate_greater_than && !q.rate_greater_equals && !q.tax_id && !q.tax_name &&
                          !q.tax_exemption_id && !q.account_id && !q.is_taxable && !q.last_modified_time;
  size_t passed = 0;  // rows passed over unread, all before `skip`
  // Walks an index in order (or backwards) and stops once the page is full.
  auto walk = [&](const auto& first, const auto& last) {
    auto visit = [&](const Item& item) {
      if (Matches(*state_, item, q, on_hand(item))) rows.push_back(&item);
      return passed + rows.size() < want;
    };
    if (!q.descending) {
      auto it = first;
      for (; unfiltered && passed < skip && it != last; ++it) ++passed;
      for (; it != last && visit(*it->item); ++it) {}
    } else {
      auto it = last;
      for (; unfiltered && passed < skip && it != first; --it) ++passed;
      for (; it != first && visit(*std::prev(it)->item); --it) {}
    }
  };

  // The name index narrows the scan to a prefix range when one is given.
  const bool by_name = q.name_startswith || q.name;
  auto [first, last] = state_->items.NamesStartingWith(
      q.name_startswith ? *q.name_startswith : q.name ? *q.name : std::string());
  if (q.sort_column == SortColumn::kName) {
    walk(first, last);
  } else if (q.sort_column == SortColumn::kRate && !by_name) {
    walk(state_->items.by_rate().begin(), state_->items.by_rate().end());
  } else if (q.sort_column == SortColumn::kSku && !by_name) {
    walk(state_->items.sku_order().begin(), state_->items.sku_order().end());
  } else {
    // No index for the column: every match, keyed once, the page's first
    // rows selected.
    std::vector<std::pair<Quantity, const Item*>> keyed;
    for (auto it = first; it != last; ++it) {
      const Quantity stock = on_hand(*it->item);
      if (Matches(*state_, *it->item, q, stock)) keyed.emplace_back(stock, it->item);
    }
    auto less = [&](const auto& a, const auto& b) {
      const int c = internal::CompareItemsBy(*a.second, *b.second, q.sort_column, a.first, b.first);
      return q.descending ? c > 0 : c < 0;
    };
    const size_t n = std::min(want, keyed.size());
    std::partial_sort(keyed.begin(), keyed.begin() + n, keyed.end(), less);
    rows.reserve(n);
    for (size_t i = 0; i < n; ++i) rows.push_back(keyed[i].second);
  }
  bool has_more = passed + rows.size() > skip + per_page;
  const size_t drop = skip - passed;  // rows read before the page
  if (rows.size() <= drop) {
    rows.clear();
  } else {
    rows.erase(rows.begin(), rows.begin() + drop);
    if (rows.size() > static_cast<size_t>(per_page)) rows.resize(per_page);
  }
  return MakePage(std::move(rows), page, per_page, has_more);
}

const ItemGroup* Reader::FindGroup(GroupId id) const {
  auto& by_id = state_->groups.get<ById>();
  auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : &*it;
}

Page<ItemGroup> Reader::ListGroups(const GroupQuery& q) const {
  const int per_page = std::max(1, q.per_page);
  const int page = std::max(1, q.page);
  const size_t skip = static_cast<size_t>(page - 1) * per_page;
  std::vector<const ItemGroup*> rows;
  auto visit = [&](const ItemGroup& g) {
    if (q.status && g.status != *q.status) return;
    if (q.name_startswith && !IStartsWith(g.group_name, *q.name_startswith)) return;
    if (q.search_text && !IContains(g.group_name, *q.search_text) &&
        !IContains(g.description, *q.search_text)) {
      return;
    }
    rows.push_back(&g);
  };
  auto& by_name = state_->groups.get<ByName>();
  if (q.descending) {
    for (auto it = by_name.rbegin(); it != by_name.rend(); ++it) visit(*it);
  } else {
    for (const ItemGroup& g : by_name) visit(g);
  }
  bool has_more = rows.size() > skip + per_page;
  if (rows.size() <= skip) {
    rows.clear();
  } else {
    rows.erase(rows.begin(), rows.begin() + skip);
    if (rows.size() > static_cast<size_t>(per_page)) rows.resize(per_page);
  }
  return MakePage(std::move(rows), page, per_page, has_more);
}

const Location* Reader::FindLocation(LocationId id) const {
  auto it = state_->locations.find(id);
  return it == state_->locations.end() ? nullptr : &it->second;
}

const Location* Reader::PrimaryLocation() const { return internal::PrimaryLocationOf(*state_); }

std::vector<const Location*> Reader::ListLocations() const {
  std::vector<const Location*> out;
  for (const auto& [id, l] : state_->locations) out.push_back(&l);
  std::sort(out.begin(), out.end(), [](const Location* a, const Location* b) {
    if (a->is_primary != b->is_primary) return a->is_primary;
    int c = internal::ICompare(a->name, b->name);
    return c != 0 ? c < 0 : a->id < b->id;
  });
  return out;
}

}  // namespace inventory
