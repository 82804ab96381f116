// List queries over the catalog: the filters, sort columns and pages of the
// reference's list endpoints, typed. Unset optionals do not filter.
#ifndef INVENTORY_QUERY_H_
#define INVENTORY_QUERY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "inventory/catalog.h"

namespace inventory {

// The reference's filter_by values (Status.* and ItemType.*).
enum class ItemFilter {
  kAll,            // Status.All, ItemType.All
  kActive,         // Status.Active
  kInactive,       // Status.Inactive
  kLowStock,       // Status.Lowstock: stock on hand at or below reorder level
  kUnmapped,       // Status.Unmapped: not a component of any composite
  kUncategorized,  // Status.Uncategorized: no category_id
  kGrouped,        // Status.Grouped: belongs to an item group
  kSales,          // ItemType.Sales
  kPurchases,      // ItemType.Purchases
  kSalesAndPurchases,  // ItemType.SalesAndPurchases
  kInventory,      // ItemType.Inventory
  kNonInventory,   // ItemType.NonInventory: goods that are not inventory type
  kService,        // ItemType.Service: product_type service
};

enum class SortColumn {
  kName, kSku, kRate, kPurchaseRate, kCreatedTime, kLastModifiedTime,
  kReorderLevel, kStockOnHand, kTaxName,
};

enum class ItemKind { kAny, kPlain, kComposite };

struct ItemQuery {
  ItemKind kind = ItemKind::kAny;
  ItemFilter filter = ItemFilter::kAll;
  std::optional<Status> status;
  std::optional<GroupId> group_id;
  // Text filters compare case-insensitively.
  std::optional<std::string> name, name_startswith, name_contains;
  std::optional<std::string> description, description_startswith, description_contains;
  std::optional<std::string> sku, sku_startswith, sku_contains;
  std::optional<std::string> search_text;  // name, SKU or description contains
  std::optional<Money> rate, rate_less_than, rate_less_equals,
      rate_greater_than, rate_greater_equals;
  std::optional<std::string> tax_id, tax_name, tax_exemption_id, account_id;
  std::optional<bool> is_taxable;
  std::optional<absl::Time> last_modified_time;  // modified at or after
  SortColumn sort_column = SortColumn::kName;
  bool descending = false;
  int page = 1;        // 1-based
  int per_page = 200;  // 1..1000 accepted by the facade
};

struct GroupQuery {
  std::optional<Status> status;
  std::optional<std::string> name_startswith, search_text;
  bool descending = false;  // groups sort by name
  int page = 1;
  int per_page = 200;
};

// One page of results. Pointers stay valid while the reader (Snapshot or
// Transaction) that produced them lives and, in a Transaction, until its next
// write.
template <class T>
struct Page {
  std::vector<const T*> rows;
  int page = 1;
  int per_page = 200;
  bool has_more_page = false;
};

}  // namespace inventory

#endif  // INVENTORY_QUERY_H_
