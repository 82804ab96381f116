// Reader: lookups and list queries over the catalog state.
#include <algorithm>
#include <functional>
#include <tuple>

#include "catalog/catalog_store.h"
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

// Strict weak order for a sort column; ties broken by name, then id.
int CompareBy(const Item& a, const Item& b, SortColumn c, Quantity sa, Quantity sb) {
  auto cmp = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
  int r = 0;
  switch (c) {
    case SortColumn::kName: break;
    case SortColumn::kSku: r = internal::ICompare(a.sku, b.sku); break;
    case SortColumn::kRate: r = cmp(a.rate, b.rate); break;
    case SortColumn::kPurchaseRate: r = cmp(a.purchase_rate, b.purchase_rate); break;
    case SortColumn::kCreatedTime: r = cmp(a.created_time, b.created_time); break;
    case SortColumn::kLastModifiedTime: r = cmp(a.last_modified_time, b.last_modified_time); break;
    case SortColumn::kReorderLevel: r = cmp(a.reorder_level, b.reorder_level); break;
    case SortColumn::kStockOnHand: r = cmp(sa, sb); break;
    case SortColumn::kTaxName: r = internal::ICompare(a.details->tax_name, b.details->tax_name); break;
  }
  if (r == 0) r = internal::ICompare(a.name, b.name);
  if (r == 0) r = cmp(a.id, b.id);
  return r;
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
  auto on_hand = [&](const Item& i) { return StockOnHand(i.id); };
  std::vector<const Item*> rows;

  // The name index narrows the scan to a prefix range when one is given.
  auto [first, last] = state_->items.NamesStartingWith(
      q.name_startswith ? *q.name_startswith : q.name ? *q.name : std::string());
  if (q.sort_column == SortColumn::kName) {
    // Walk the index in order and stop once the page is full.
    auto visit = [&](const Item& item) {
      if (Matches(*state_, item, q, on_hand(item))) rows.push_back(&item);
      return rows.size() < want;
    };
    if (!q.descending) {
      for (auto it = first; it != last && visit(*it->item); ++it) {}
    } else {
      for (auto it = last; it != first && visit(*std::prev(it)->item); --it) {}
    }
  } else {
    for (auto it = first; it != last; ++it) {
      if (Matches(*state_, *it->item, q, on_hand(*it->item))) rows.push_back(it->item);
    }
    auto less = [&](const Item* a, const Item* b) {
      int c = CompareBy(*a, *b, q.sort_column, on_hand(*a), on_hand(*b));
      return q.descending ? c > 0 : c < 0;
    };
    size_t n = std::min(want, rows.size());
    std::partial_sort(rows.begin(), rows.begin() + n, rows.end(), less);
    rows.resize(n);
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
