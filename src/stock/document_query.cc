// The Reader's document queries (declared in transaction.h).
#include <algorithm>

#include "inventory/transaction.h"
#include "stock/document_rules.h"
#include "stock/stock_state.h"

namespace inventory {

namespace {

const internal::StockState& Stock(const internal::CatalogState* state) {
  return static_cast<const internal::EngineState*>(state)->stock;
}

bool Matches(const Document& d, const DocumentQuery& q) {
  if (d.type != q.type) return false;
  if (q.status && d.status != *q.status) return false;
  if (q.date_start && d.date < *q.date_start) return false;
  if (q.date_end && d.date > *q.date_end) return false;
  if (q.source_id && d.source_id != *q.source_id) return false;
  if (!q.party_id.empty() && d.party_id != q.party_id) return false;
  if (q.item_id || q.location_id) {
    const bool any = std::any_of(d.line_items.begin(), d.line_items.end(), [&](const DocumentLine& l) {
      return (!q.item_id || l.item_id == *q.item_id) && (!q.location_id || l.location_id == *q.location_id);
    });
    if (!any) return false;
  }
  return true;
}

}  // namespace

const Document* Reader::FindDocument(DocumentId id) const {
  const auto& documents = Stock(state_).documents;
  auto it = documents.find(id);
  return it == documents.end() ? nullptr : &it->second.doc;
}

std::vector<const Document*> Reader::ListDocuments(const DocumentQuery& query) const {
  const internal::StockState& stock = Stock(state_);
  std::vector<const Document*> out;
  if (query.item_id) {
    // Through the item index: the documents naming the item.
    for (DocumentId id : stock.item_documents.Of(*query.item_id)) {
      const Document& d = stock.documents.at(id).doc;
      if (Matches(d, query)) out.push_back(&d);
    }
  } else {
    for (const auto& [id, record] : stock.documents) {
      if (Matches(record.doc, query)) out.push_back(&record.doc);
    }
  }
  std::sort(out.begin(), out.end(), [](const Document* a, const Document* b) {
    return a->date != b->date ? a->date > b->date : a->id > b->id;
  });
  return out;
}

const Document* Reader::FindOrderOfLine(int64_t line_item_id) const {
  const auto& lines = Stock(state_).order_lines;
  auto it = lines.find(line_item_id);
  return it == lines.end() ? nullptr : FindDocument(it->second);
}

std::vector<const Document*> Reader::DocumentsFulfilling(DocumentId source) const {
  std::vector<const Document*> out;
  Stock(state_).ForEachReferring(source, [&](const Document& d) { out.push_back(&d); });
  return out;
}

Quantity Reader::OpenQuantity(DocumentId order, int64_t line_item_id) const {
  const Document* d = FindDocument(order);
  if (d == nullptr) return Quantity();
  const internal::DocumentRule& rule = internal::RuleOf(d->type);
  if (rule.open == internal::OpenFigure::kNone || !rule.effective.contains(d->status)) return Quantity();
  auto line = std::find_if(d->line_items.begin(), d->line_items.end(),
                           [&](const DocumentLine& l) { return l.line_item_id == line_item_id; });
  if (line == d->line_items.end()) return Quantity();
  const Quantity done = internal::LargestFulfilment(Stock(state_), *d)[line_item_id];
  return done >= line->quantity ? Quantity() : line->quantity - done;
}

}  // namespace inventory
