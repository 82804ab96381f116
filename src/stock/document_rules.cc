#include "stock/document_rules.h"

namespace inventory::internal {

namespace {

using S = DocumentStatus;
using T = DocumentType;

constexpr int I(DocumentStatus s) { return static_cast<int>(s); }

// Fills next[] and names[] from lists, so each row reads as a table.
DocumentRule Row(DocumentRule rule, std::initializer_list<std::pair<S, S>> moves,
                 std::initializer_list<std::pair<S, std::string_view>> names) {
  for (auto [from, to] : moves) rule.next[I(from)] = rule.next[I(from)].With(to);
  for (auto [status, name] : names) rule.names[I(status)] = name;
  return rule;
}

const DocumentRule kRules[] = {
    Row({.type = T::kSalesOrder, .name = "sales order", .prefix = "SO-", .ledger_kind = DocumentKind::kSalesOrder,
         .open = OpenFigure::kCommitted,
         .start = {S::kDraft, S::kOpen},
         .effective = {S::kOpen},
         .editable = {S::kDraft, S::kOpen}},
        {{S::kDraft, S::kOpen}, {S::kDraft, S::kVoid}, {S::kOpen, S::kVoid}, {S::kVoid, S::kDraft}},
        {{S::kDraft, "draft"}, {S::kOpen, "confirmed"}, {S::kVoid, "void"}}),
    Row({.type = T::kInvoice, .name = "invoice", .prefix = "INV-", .ledger_kind = DocumentKind::kInvoice,
         .on_hand = -1,
         .fulfils = T::kSalesOrder,
         .start = {S::kDraft, S::kOpen},
         .effective = {S::kOpen},
         .editable = {S::kDraft, S::kOpen}},
        {{S::kDraft, S::kOpen}, {S::kDraft, S::kVoid}, {S::kOpen, S::kVoid}, {S::kOpen, S::kDraft},
         {S::kVoid, S::kDraft}},
        {{S::kDraft, "draft"}, {S::kOpen, "sent"}, {S::kVoid, "void"}}),
    Row({.type = T::kPackage, .name = "package", .prefix = "PKG-", .ledger_kind = DocumentKind::kShipment,
         .available = -1,
         .fulfils = T::kSalesOrder,
         .start = {S::kDraft},
         .effective = {S::kShipped, S::kDelivered},
         .editable = {S::kDraft}},
        {{S::kDraft, S::kShipped}, {S::kShipped, S::kDelivered}, {S::kShipped, S::kDraft},
         {S::kDelivered, S::kShipped}, {S::kDelivered, S::kDraft}},
        {{S::kDraft, "not_shipped"}, {S::kShipped, "shipped"}, {S::kDelivered, "delivered"}}),
    Row({.type = T::kDeliveryChallan, .name = "delivery challan", .prefix = "DC-",
         .ledger_kind = DocumentKind::kDeliveryChallan,
         .available = -1,
         .start = {S::kDraft, S::kOpen},
         .effective = {S::kOpen, S::kDelivered},
         .editable = {S::kDraft, S::kOpen}},
        {{S::kDraft, S::kOpen}, {S::kOpen, S::kDelivered}, {S::kOpen, S::kReturned}, {S::kDelivered, S::kReturned},
         {S::kReturned, S::kOpen}, {S::kOpen, S::kDraft}, {S::kDelivered, S::kOpen}},
        {{S::kDraft, "draft"}, {S::kOpen, "open"}, {S::kDelivered, "delivered"}, {S::kReturned, "returned"}}),
    Row({.type = T::kSalesReceipt, .name = "sales receipt", .prefix = "SR-",
         .ledger_kind = DocumentKind::kSalesReceipt,
         .on_hand = -1, .available = -1,
         .start = {S::kOpen},
         .effective = {S::kOpen},
         .editable = {S::kOpen}},
        {{S::kOpen, S::kVoid}},
        {{S::kOpen, "paid"}, {S::kVoid, "void"}}),
    Row({.type = T::kSalesReturn, .name = "sales return", .prefix = "RMA-", .ledger_kind = DocumentKind::kSalesReturn,
         .on_hand = 1, .available = 1,
         .refers_to = {T::kInvoice, T::kSalesReceipt, T::kSalesOrder},
         .start = {S::kDraft, S::kReceived},
         .effective = {S::kReceived},
         .editable = {S::kDraft, S::kReceived}},
        {{S::kDraft, S::kReceived}, {S::kReceived, S::kDraft}},
        {{S::kDraft, "draft"}, {S::kReceived, "received"}}),
    Row({.type = T::kPurchaseOrder, .name = "purchase order", .prefix = "PO-",
         .ledger_kind = DocumentKind::kPurchaseOrder,
         .open = OpenFigure::kIncoming,
         .start = {S::kDraft, S::kOpen},
         .effective = {S::kOpen},
         .editable = {S::kDraft, S::kOpen}},
        {{S::kDraft, S::kOpen}, {S::kDraft, S::kVoid}, {S::kOpen, S::kVoid}, {S::kVoid, S::kDraft}},
        {{S::kDraft, "draft"}, {S::kOpen, "issued"}, {S::kVoid, "cancelled"}}),
    Row({.type = T::kBill, .name = "bill", .prefix = "BILL-", .ledger_kind = DocumentKind::kBill,
         .on_hand = 1,
         .fulfils = T::kPurchaseOrder,
         .start = {S::kDraft, S::kOpen},
         .effective = {S::kOpen},
         .editable = {S::kDraft, S::kOpen}},
        {{S::kDraft, S::kOpen}, {S::kDraft, S::kVoid}, {S::kOpen, S::kVoid}, {S::kVoid, S::kDraft}},
        {{S::kDraft, "draft"}, {S::kOpen, "open"}, {S::kVoid, "void"}}),
    Row({.type = T::kPurchaseReceive, .name = "purchase receive", .prefix = "PR-",
         .ledger_kind = DocumentKind::kPurchaseReceive,
         .available = 1,
         .fulfils = T::kPurchaseOrder,
         .start = {S::kReceived},
         .effective = {S::kReceived},
         .editable = {S::kReceived}},
        {},
        {{S::kReceived, "received"}}),
    Row({.type = T::kMoveOrder, .name = "move order", .prefix = "MO-", .ledger_kind = DocumentKind::kMoveOrder,
         .bins = BinMove::kBetween,
         .start = {S::kDraft, S::kOpen, S::kInProgress, S::kCompleted},
         .effective = {S::kCompleted},
         .editable = {S::kDraft, S::kOpen, S::kInProgress}},
        {{S::kDraft, S::kOpen}, {S::kDraft, S::kInProgress}, {S::kDraft, S::kCompleted}, {S::kOpen, S::kInProgress},
         {S::kOpen, S::kCompleted}, {S::kInProgress, S::kCompleted}},
        {{S::kDraft, "draft"}, {S::kOpen, "confirmed"}, {S::kInProgress, "in_progress"},
         {S::kCompleted, "completed"}}),
    Row({.type = T::kPutaway, .name = "putaway", .prefix = "PA-", .ledger_kind = DocumentKind::kPutaway,
         .bins = BinMove::kPutaway,
         .start = {S::kCompleted},
         .effective = {S::kCompleted},
         .editable = {S::kCompleted}},
        {},
        {{S::kCompleted, "completed"}}),
};

}  // namespace

const DocumentRule& RuleOf(DocumentType type) { return kRules[static_cast<int>(type) - 1]; }

std::optional<DocumentStatus> DocumentRule::StatusNamed(std::string_view name) const {
  for (int i = 1; i < kStatusCount; ++i) {
    if (!names[i].empty() && names[i] == name) return static_cast<DocumentStatus>(i);
  }
  return std::nullopt;
}

}  // namespace inventory::internal
