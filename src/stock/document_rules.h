// The table of effects of sales and purchase documents: for each type,
// which statuses it has (and what the reference calls them), which it may
// start in, move between and be edited in, which are "in effect", and what a
// line moves while it is. The writer (document_ops.cc) reads nothing else
// to decide what a document does: adding a type is adding a row.
// Owns: the rules. May call: stock/ledger (document kinds).
#ifndef INVENTORY_SRC_STOCK_DOCUMENT_RULES_H_
#define INVENTORY_SRC_STOCK_DOCUMENT_RULES_H_

#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>

#include "inventory/documents.h"
#include "stock/ledger.h"

namespace inventory::internal {

// A set of statuses.
class StatusSet {
 public:
  constexpr StatusSet() = default;
  constexpr StatusSet(std::initializer_list<DocumentStatus> statuses) {
    for (DocumentStatus s : statuses) bits_ |= Bit(s);
  }
  constexpr bool contains(DocumentStatus s) const { return (bits_ & Bit(s)) != 0; }
  constexpr StatusSet With(DocumentStatus s) const {
    StatusSet out = *this;
    out.bits_ |= Bit(s);
    return out;
  }

 private:
  static constexpr uint32_t Bit(DocumentStatus s) { return uint32_t{1} << static_cast<int>(s); }
  uint32_t bits_ = 0;
};

// What the open quantity of an order's lines (ordered less fulfilled)
// counts towards while the order is in effect.
enum class OpenFigure : uint8_t { kNone, kCommitted, kIncoming };

// What a line does to bins besides what its stock movement does.
enum class BinMove : uint8_t {
  kWithStock,  // `storages` are where moving stock leaves or enters
  kBetween,    // move order: `storages` -> `to_storages`, one location
  kPutaway,    // unbinned stock -> `to_storages`
};

inline constexpr int kStatusCount = 10;  // DocumentStatus values are 1..9

struct DocumentRule {
  DocumentType type;
  std::string_view name;    // "sales order": in messages
  std::string_view prefix;  // of engine-made numbers: "SO-"
  DocumentKind ledger_kind;
  // Per unit of a line's quantity while in effect: -1, 0 or +1.
  int8_t on_hand = 0;
  int8_t available = 0;
  OpenFigure open = OpenFigure::kNone;
  BinMove bins = BinMove::kWithStock;
  // The type of source documents whose lines this type's lines fulfil
  // (counting against their open quantity); or, with fulfils unset, the
  // types a source may be without being fulfilled: a sales return takes
  // back what its sales order shipped, or its invoice or sales receipt
  // sold, and no more.
  std::optional<DocumentType> fulfils;
  std::optional<DocumentType> refers_to[3];
  StatusSet start;      // creatable in
  StatusSet effective;  // in effect
  StatusSet editable;   // UpdateDocument allowed in
  // Allowed status changes: next[from] holds the statuses `from` may move to.
  StatusSet next[kStatusCount];
  // The reference's names of the statuses, by DocumentStatus value ("" for
  // a status the type does not have).
  std::string_view names[kStatusCount];

  bool Moves(DocumentStatus from, DocumentStatus to) const {
    return next[static_cast<int>(from)].contains(to);
  }
  bool Has(DocumentStatus status) const { return !StatusName(status).empty(); }
  // Whether lines in effect move available stock (and so serials,
  // batches and bins).
  bool physical() const { return available != 0; }
  bool moves_stock() const { return on_hand != 0 || available != 0; }
  // "confirmed" for a sales order's kOpen; "" if the type lacks it.
  std::string_view StatusName(DocumentStatus status) const {
    const int i = static_cast<int>(status);
    return i > 0 && i < kStatusCount ? names[i] : std::string_view();
  }
  std::optional<DocumentStatus> StatusNamed(std::string_view name) const;
};

// The row of a type; every DocumentType has one.
const DocumentRule& RuleOf(DocumentType type);
// Every type, in DocumentType order.
inline constexpr DocumentType kDocumentTypes[] = {
    DocumentType::kSalesOrder,   DocumentType::kInvoice,     DocumentType::kPackage, DocumentType::kDeliveryChallan,
    DocumentType::kSalesReceipt, DocumentType::kSalesReturn, DocumentType::kPurchaseOrder, DocumentType::kBill,
    DocumentType::kPurchaseReceive, DocumentType::kMoveOrder, DocumentType::kPutaway};

// Whether `type` is one of the DocumentType values (a decoded or restored
// value may not be).
inline bool IsDocumentType(DocumentType type) {
  const int t = static_cast<int>(type);
  return t >= 1 && t <= static_cast<int>(std::size(kDocumentTypes));
}

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STOCK_DOCUMENT_RULES_H_
