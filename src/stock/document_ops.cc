// StockWriter's sales and purchase documents: one path for every type,
// driven by the table of effects (document_rules.h). A write validates the
// document, then moves from what its old status did to what its new status
// does (Transition), stores it, and brings the open quantities of the orders
// it touches up to date (RefreshOpen).
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "catalog/catalog_rules.h"
#include "common/text.h"
#include "inventory/errors.h"
#include "stock/document_rules.h"
#include "stock/stock_ops.h"

namespace inventory::internal {

namespace {

// At most this many lines in one document.
constexpr size_t kMaxDocumentLines = 1000;
constexpr size_t kMaxNumberLength = 100;

bool InEffect(const Document& d) { return RuleOf(d.type).effective.contains(d.status); }

DocumentRef RefOf(const Document& d) {
  return DocumentRef{RuleOf(d.type).ledger_kind, d.id.value(), d.number, d.date};
}

// "a sales order", "an invoice".
std::string A(std::string_view name) {
  const bool vowel = !name.empty() && std::string_view("aeiou").find(name.front()) != std::string_view::npos;
  return Cat(vowel ? "an " : "a ", name);
}

// "sales order SO-00001".
std::string Label(const Document& d) { return Cat(RuleOf(d.type).name, " ", d.number); }


std::string EngineNumber(std::string_view prefix, int64_t n) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%05lld", static_cast<long long>(n));
  return Cat(prefix, digits);
}

const DocumentLine* FindLine(const Document& d, int64_t line_item_id) {
  for (const DocumentLine& l : d.line_items) {
    if (l.line_item_id == line_item_id) return &l;
  }
  return nullptr;
}

bool SameBins(const std::vector<BinQuantity>& a, const std::vector<BinQuantity>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const BinQuantity& x, const BinQuantity& y) {
    return x.storage_location_id == y.storage_location_id && x.quantity == y.quantity;
  });
}

// Whether two versions of a document in effect move the same stock, units
// and bins, under the same reference.
bool SameMoves(const Document& a, const Document& b) {
  if (a.number != b.number || a.date != b.date) return false;
  return std::equal(
      a.line_items.begin(), a.line_items.end(), b.line_items.begin(), b.line_items.end(),
      [](const DocumentLine& x, const DocumentLine& y) {
        return x.item_id == y.item_id && x.quantity == y.quantity && x.location_id == y.location_id &&
               x.rate == y.rate && x.serial_numbers == y.serial_numbers && SameBins(x.storages, y.storages) &&
               SameBins(x.to_storages, y.to_storages) &&
               std::equal(x.batches.begin(), x.batches.end(), y.batches.begin(), y.batches.end(),
                          [](const Batch& p, const Batch& q) {
                            return p.batch_number == q.batch_number && p.quantity == q.quantity;
                          });
      });
}

}  // namespace

std::map<int64_t, Quantity> LargestFulfilment(const StockState& stock, const Document& order,
                                              const std::map<std::pair<DocumentId, DocumentId>, bool>* fulfilments) {
  std::map<std::pair<int64_t, DocumentType>, Quantity> by_type;
  stock.ForEachReferring(
      order.id,
      [&](const Document& other) {
        if (!InEffect(other)) return;
        for (const DocumentLine& l : other.line_items) {
          if (l.source_line_item_id != 0) by_type[{l.source_line_item_id, other.type}] += l.quantity;
        }
      },
      fulfilments);
  std::map<int64_t, Quantity> largest;
  for (const auto& [key, quantity] : by_type) largest[key.first] = std::max(largest[key.first], quantity);
  return largest;
}

std::vector<CellQuantity> OpenQuantities(const EngineState& state, const Document& order,
                                         const std::map<std::pair<DocumentId, DocumentId>, bool>& fulfilments) {
  if (RuleOf(order.type).open == OpenFigure::kNone || !InEffect(order)) return {};
  std::map<int64_t, Quantity> done = LargestFulfilment(state.stock, order, &fulfilments);
  std::map<std::pair<ItemId, LocationId>, Quantity> open;
  for (const DocumentLine& l : order.line_items) {
    if (!state.items.Summary(l.item_id).has(ItemSummary::kTracksStock)) continue;
    const Quantity taken = done[l.line_item_id];
    if (taken < l.quantity) open[{l.item_id, *l.location_id}] += l.quantity - taken;
  }
  std::vector<CellQuantity> out;
  for (const auto& [cell, quantity] : open) out.push_back({cell.first, cell.second, quantity});
  return out;
}

// ---------------------------------------------------------------------------
// Validation.

absl::Status StockWriter::ValidateDocument(Document& d, const DocumentRecord* old) {
  if (!IsDocumentType(d.type)) return InvalidArgumentError("type", "Unknown document type.", ApiCode::kBadEnum);
  const DocumentRule& rule = RuleOf(d.type);
  const StockState& stock = state_.stock;
  // Number: trimmed, unique per type; the engine's next one when empty.
  d.number = std::string(Trim(d.number));
  if (d.number.size() > kMaxNumberLength) {
    return InvalidArgumentError("number", Cat("The ", rule.name, " number must be at most 100 characters."),
                                ApiCode::kTooLong);
  }
  if (d.number.empty()) {
    if (old != nullptr) {
      d.number = old->doc.number;
    } else {
      int64_t& slot = state_.stock.number_sequences[static_cast<size_t>(d.type)];
      int64_t n = slot;
      do {
        d.number = EngineNumber(rule.prefix, ++n);
      } while (stock.document_numbers.contains(DocumentNumberKey(d.type, d.number)));
      store_.OnRollback([&slot, old = slot] { slot = old; });
      slot = n;
    }
  }
  if (auto it = stock.document_numbers.find(DocumentNumberKey(d.type, d.number));
      it != stock.document_numbers.end() && it->second != d.id) {
    return AlreadyExistsError("number", Cat("The ", rule.name, " number '", d.number, "' is already used."));
  }
  if (d.location_id && d.location_id->valid() && !state_.locations.contains(*d.location_id)) {
    return PrefixField(LocationNotFound(*d.location_id), "");
  }
  const Location* primary = PrimaryLocationOf(state_);
  if (!d.location_id || !d.location_id->valid()) d.location_id = primary ? primary->id : LocationId();
  if (d.line_items.empty()) {
    return InvalidArgumentError("line_items", "line_items needs at least one line.", ApiCode::kMissingField);
  }
  if (d.line_items.size() > kMaxDocumentLines) {
    return InvalidArgumentError("line_items", "A document may have at most 1000 lines.");
  }
  // Source: the order it fulfils, or the sale a return takes back.
  const Document* source = nullptr;
  if (d.source_id.valid()) {
    auto it = stock.documents.find(d.source_id);
    if (it == stock.documents.end()) return NotFoundError("source_id", "The source document does not exist.");
    source = &it->second.doc;
    const bool fits = rule.fulfils ? source->type == *rule.fulfils
                                   : std::find(std::begin(rule.refers_to), std::end(rule.refers_to),
                                               std::optional<DocumentType>(source->type)) != std::end(rule.refers_to);
    if (!fits) {
      return InvalidArgumentError("source_id", Cat(A(rule.name), " cannot refer to ", A(RuleOf(source->type).name), "."));
    }
    if (rule.fulfils && !InEffect(*source) && d.status != DocumentStatus::kVoid) {
      return FailedPreconditionError(
          "source_id", Cat("The ", Label(*source), " is ", RuleOf(source->type).StatusName(source->status), ", not ",
                           RuleOf(source->type).StatusName(DocumentStatus::kOpen), "."));
    }
  }
  for (const DocumentLine& line : d.line_items) {
    PrefetchLine(line.item_id);
    stock.item_documents.Prefetch(line.item_id);
  }
  // Lines. Ids: kept where an update names one of the old lines, else new.
  absl::flat_hash_set<int64_t> ids;
  for (size_t i = 0; i < d.line_items.size(); ++i) {
    DocumentLine& line = d.line_items[i];
    const FieldPath at("line_items", i, "item_id");
    if (line.line_item_id != 0) {
      if (old == nullptr || FindLine(old->doc, line.line_item_id) == nullptr || !ids.insert(line.line_item_id).second) {
        return InvalidArgumentError(LineField(i, "line_item_id"),
                                    Cat("The line ", line.line_item_id, " is not a line of this ", rule.name, "."));
      }
    }
    const Item* item = state_.items.Find(line.item_id);
    if (item == nullptr) return PrefixField(ItemNotFound(line.item_id), at.Prefix());
    if (line.quantity <= Quantity()) {
      return InvalidArgumentError(LineField(i, "quantity"), "quantity must be greater than zero.");
    }
    if (line.rate < Money()) return InvalidArgumentError(LineField(i, "rate"), "rate must not be negative.");
    if (line.location_id && line.location_id->valid()) {
      if (!state_.locations.contains(*line.location_id)) {
        return PrefixField(LocationNotFound(*line.location_id), at.Prefix());
      }
      if (rule.bins != BinMove::kWithStock && *line.location_id != *d.location_id) {
        return InvalidArgumentError(LineField(i, "location_id"),
                                    Cat(A(rule.name), " moves stock between bins of its own location."));
      }
    } else {
      line.location_id = d.location_id;
    }
    if (!line.location_id->valid()) return PrefixField(LocationNotFound(*line.location_id), at.Prefix());
    ledger_.PrefetchItem(line.item_id);
    // The summary, not the item: a line that passes reads no more of it.
    const ItemSummary summary = state_.items.Summary(line.item_id);
    const bool stocked = summary.has(ItemSummary::kTracksStock);
    const bool carries = !line.serial_numbers.empty() || !line.batches.empty();
    if (carries && !rule.physical()) {
      return InvalidArgumentError(
          LineField(i, line.serial_numbers.empty() ? "batches" : "serial_numbers"),
          Cat("Serial numbers and batches move with available stock: ", A(rule.name),
              " does not move it, so its lines name none (name them on the package, receive, challan, receipt or "
              "return)."));
    }
    if (carries && rule.physical()) {
      const Tracking tracking = TrackingOf(summary);
      if (!line.serial_numbers.empty() && tracking != Tracking::kSerial) {
        return InvalidArgumentError(LineField(i, "serial_numbers"),
                                    Cat("The item '", item->name, "' does not track serial numbers."));
      }
      if (!line.batches.empty() && tracking != Tracking::kBatch) {
        return InvalidArgumentError(LineField(i, "batches"), Cat("The item '", item->name, "' does not track batches."));
      }
    }
    // Bins.
    const bool moves_bins = rule.bins != BinMove::kWithStock;
    if (!line.to_storages.empty() && !moves_bins) {
      return InvalidArgumentError(LineField(i, "to_storages"),
                                  Cat("to_storages applies to move orders and putaways, not ", A(rule.name), "."));
    }
    if (!line.storages.empty() && !rule.physical() && rule.bins != BinMove::kBetween) {
      return InvalidArgumentError(LineField(i, "storages"), Cat(A(rule.name), " does not move stock in bins."));
    }
    if (moves_bins) {
      if (!stocked || !item->storage_location_enabled) {
        return InvalidArgumentError(at.str(), Cat("The item '", item->name,
                                                  "' does not have storage locations (bins) enabled."));
      }
      if (rule.bins == BinMove::kBetween && line.storages.empty()) {
        return InvalidArgumentError(LineField(i, "storages"), "A move order line names the bins it moves stock from.",
                                    ApiCode::kMissingField);
      }
      if (line.to_storages.empty()) {
        return InvalidArgumentError(LineField(i, "to_storages"),
                                    Cat(A(rule.name), " line names the bins it moves stock into."),
                                    ApiCode::kMissingField);
      }
    }
    for (auto [bins, list] : {std::pair{&line.storages, "storages"}, std::pair{&line.to_storages, "to_storages"}}) {
      if (bins->empty()) continue;  // (no field path to format)
      if (auto s = CheckBins(*item, line.quantity, *bins, LineField(i, list), "quantity"); !s.ok()) return s;
    }
    // Source line.
    if (line.source_line_item_id != 0) {
      const DocumentLine* from = source == nullptr || !rule.fulfils ? nullptr : FindLine(*source, line.source_line_item_id);
      if (from == nullptr) {
        return InvalidArgumentError(LineField(i, "source_line_item_id"),
                                    Cat("The line ", line.source_line_item_id, " is not a line of the ",
                                        source ? RuleOf(source->type).name : std::string_view("source document"), "."));
      }
      if (from->item_id != line.item_id) {
        return InvalidArgumentError(LineField(i, "item_id"),
                                    Cat("The ", Label(*source), " line ", line.source_line_item_id, " is of '",
                                        ItemNameOf(state_, from->item_id), "', not '", item->name, "'."));
      }
    }
  }
  for (DocumentLine& line : d.line_items) {
    if (line.line_item_id == 0) line.line_item_id = store_.NextId();
  }
  return CheckFulfilment(d);
}

StockWriter::GivenOut StockWriter::GivenBy(const Document& source) const {
  GivenOut out;
  auto add = [&](const Document& from) {
    for (const DocumentLine& l : from.line_items) {
      out.quantities[l.item_id] += l.quantity;
      for (const std::string& serial : l.serial_numbers) out.serials.insert({l.item_id, serial});
    }
  };
  if (source.type == DocumentType::kSalesOrder) {
    // What its packages in effect shipped.
    out.names_serials = true;
    state_.stock.ForEachReferring(source.id, [&](const Document& other) {
      if (other.type == DocumentType::kPackage && InEffect(other)) add(other);
    });
  } else if (InEffect(source)) {
    // A sale in effect: its own lines (an invoice names no serials).
    out.names_serials = RuleOf(source.type).physical();
    add(source);
  }
  return out;
}

std::map<ItemId, Quantity> StockWriter::Returned(DocumentId source, DocumentId except) const {
  std::map<ItemId, Quantity> taken;
  state_.stock.ForEachReferring(source, [&](const Document& other) {
    if (other.id == except || other.type != DocumentType::kSalesReturn || other.status == DocumentStatus::kVoid) {
      return;
    }
    for (const DocumentLine& l : other.line_items) taken[l.item_id] += l.quantity;
  });
  return taken;
}

absl::Status StockWriter::RefuseIfReferred(const Document& d, std::string_view field) const {
  const Document* other = state_.stock.FirstReferring(d.id);
  if (other == nullptr) return absl::OkStatus();
  return FailedPreconditionError(field, Cat("The ", Label(d), " has ", Label(*other), " against it: delete that first."));
}

absl::Status StockWriter::CheckReturnsOf(DocumentId source, std::string_view field) const {
  auto it = state_.stock.documents.find(source);
  if (it == state_.stock.documents.end()) return absl::OkStatus();
  const std::map<ItemId, Quantity> taken = Returned(source, DocumentId());
  if (taken.empty()) return absl::OkStatus();
  const GivenOut given = GivenBy(it->second.doc);
  for (const auto& [item, quantity] : taken) {
    auto out = given.quantities.find(item);
    const Quantity gave = out == given.quantities.end() ? Quantity() : out->second;
    if (quantity > gave) {
      return FailedPreconditionError(
          field, Cat("Returns of the ", Label(it->second.doc), " take back ", quantity.ToString(), " of '",
                     ItemNameOf(state_, item), "', more than it would give out (", gave.ToString(),
                     "): change or delete them first."));
    }
  }
  return absl::OkStatus();
}

absl::Status StockWriter::CheckFulfilment(const Document& d) const {
  const StockState& stock = state_.stock;
  const DocumentRule& rule = RuleOf(d.type);
  if (rule.fulfils && d.source_id.valid() && d.status != DocumentStatus::kVoid) {
    const Document& source = stock.documents.at(d.source_id).doc;
    // What the source's lines have given to other documents of this type.
    std::map<int64_t, Quantity> taken;
    stock.ForEachReferring(d.source_id, [&](const Document& other) {
      if (other.id == d.id || other.type != d.type || other.status == DocumentStatus::kVoid) return;
      for (const DocumentLine& l : other.line_items) taken[l.source_line_item_id] += l.quantity;
    });
    for (size_t i = 0; i < d.line_items.size(); ++i) {
      const DocumentLine& line = d.line_items[i];
      if (line.source_line_item_id == 0) continue;
      const DocumentLine* ordered_line = FindLine(source, line.source_line_item_id);
      if (ordered_line == nullptr || ordered_line->item_id != line.item_id) {
        return FailedPreconditionError(LineField(i, "source_line_item_id"),
                                       Cat("The line ", line.source_line_item_id, " of '",
                                           ItemNameOf(state_, line.item_id), "' is no longer a line of the ",
                                           Label(source), "."));
      }
      Quantity& used = taken[line.source_line_item_id];
      used += line.quantity;
      const Quantity ordered = ordered_line->quantity;
      if (used > ordered) {
        return FailedPreconditionError(
            LineField(i, "quantity"),
            Cat("The ", Label(source), " has ", (ordered - (used - line.quantity)).ToString(), " of '",
                ItemNameOf(state_, line.item_id), "' left for ", A(rule.name), "; this asks for ",
                line.quantity.ToString(), "."));
      }
    }
  }
  if (!rule.fulfils && d.source_id.valid() && d.status != DocumentStatus::kVoid) {
    // A return takes back no more of an item than its source gave out,
    // less other returns of it, and only serials it gave out.
    const Document& source = stock.documents.at(d.source_id).doc;
    const GivenOut given = GivenBy(source);
    std::map<ItemId, Quantity> taken = Returned(d.source_id, d.id);
    for (size_t i = 0; i < d.line_items.size(); ++i) {
      const DocumentLine& line = d.line_items[i];
      const Quantity before = taken[line.item_id];
      taken[line.item_id] += line.quantity;
      auto out = given.quantities.find(line.item_id);
      const Quantity gave = out == given.quantities.end() ? Quantity() : out->second;
      if (taken[line.item_id] > gave) {
        return FailedPreconditionError(
            LineField(i, "quantity"),
            Cat("The ", Label(source), " ", source.type == DocumentType::kSalesOrder ? "shipped " : "sold ",
                gave.ToString(), " of '", ItemNameOf(state_, line.item_id), "' and ", before.ToString(),
                " are returned already; this asks for ", line.quantity.ToString(), "."));
      }
      if (!given.names_serials) continue;
      for (size_t k = 0; k < line.serial_numbers.size(); ++k) {
        if (!given.serials.contains({line.item_id, std::string(Trim(line.serial_numbers[k]))})) {
          return FailedPreconditionError(
              Cat(LineField(i, "serial_numbers"), "[", k, "]"),
              Cat("The serial number '", Trim(line.serial_numbers[k]), "' of '", ItemNameOf(state_, line.item_id),
                  "' is not one the ", Label(source), " gave out."));
        }
      }
    }
  }
  if (rule.open != OpenFigure::kNone) {
    // An order's lines that others fulfil stay, with at least what they took.
    std::map<std::pair<int64_t, DocumentType>, Quantity> taken;
    absl::Status lost;
    stock.ForEachReferring(d.id, [&](const Document& other) {
      if (!lost.ok() || other.status == DocumentStatus::kVoid) return;
      for (const DocumentLine& l : other.line_items) {
        if (l.source_line_item_id == 0) continue;
        taken[{l.source_line_item_id, other.type}] += l.quantity;
        const DocumentLine* kept = FindLine(d, l.source_line_item_id);
        if (kept == nullptr || kept->item_id != l.item_id) {
          lost = FailedPreconditionError(
              "line_items", Cat("The line ", l.source_line_item_id, " of '", ItemNameOf(state_, l.item_id),
                                "' is fulfilled by ", Label(other), " and must stay, of that item."));
          return;
        }
      }
    });
    if (!lost.ok()) return lost;
    for (const auto& [key, quantity] : taken) {
      const auto line = std::find_if(d.line_items.begin(), d.line_items.end(),
                                     [&](const DocumentLine& l) { return l.line_item_id == key.first; });
      if (line->quantity < quantity) {
        return FailedPreconditionError(
            LineField(line - d.line_items.begin(), "quantity"),
            Cat(quantity.ToString(), " of '", ItemNameOf(state_, line->item_id), "' already have ",
                A(RuleOf(key.second).name), "; the line cannot order fewer."));
      }
    }
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// What a status moves.

absl::Status StockWriter::PrepareTracking(Document& d) {
  const DocumentRule& rule = RuleOf(d.type);
  if (!rule.physical()) return absl::OkStatus();
  SeenInRequest seen;
  for (size_t i = 0; i < d.line_items.size(); ++i) {
    DocumentLine& line = d.line_items[i];
    const ItemSummary summary = state_.items.Summary(line.item_id);
    if (!summary.has(ItemSummary::kExists)) return PrefixField(ItemNotFound(line.item_id), LineField(i, ""));
    const Tracking tracking = TrackingOf(summary);
    if (tracking == Tracking::kNone) continue;
    if (rule.available < 0 && line.batches.empty()) {
      if (auto s = PickBatches(line.item_id, *line.location_id, line.quantity, line.batches, LineField(i, "batches"));
          !s.ok()) {
        return s;
      }
      line.batches_picked = !line.batches.empty();
    }
    TrackedLine tracked{&line.serial_numbers, &line.batches, LineField(i, "serial_numbers"), LineField(i, "batches")};
    if (auto s = CheckTrackedLine(ItemAt(line.item_id), line.quantity, tracked, LineField(i, "quantity"), false, seen);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status StockWriter::TrackDocument(Document& d, bool undo) {
  const DocumentRule& rule = RuleOf(d.type);
  for (size_t k = 0; k < d.line_items.size(); ++k) {
    const size_t i = undo ? d.line_items.size() - 1 - k : k;
    DocumentLine& line = d.line_items[i];
    const LocationId at = *line.location_id;
    if (rule.bins == BinMove::kBetween || rule.bins == BinMove::kPutaway) {
      if (rule.bins == BinMove::kPutaway && !undo) {
        // Only unbinned stock is put away.
        Quantity binned;
        const auto& bins = state_.stock.bins;
        for (auto it = bins.lower_bound(BinKey{line.item_id, at, ""});
             it != bins.end() && std::get<0>(it->first) == line.item_id && std::get<1>(it->first) == at; ++it) {
          binned += it->second;
        }
        const Quantity unbinned = ledger_.CellFigures(line.item_id, at).available - binned;
        if (unbinned < line.quantity) {
          return FailedPreconditionError(
              LineField(i, "quantity"),
              Cat("Insufficient unbinned stock of '", ItemNameOf(state_, line.item_id), "' at '",
                  LocationNameOf(state_, at), "': requested ", line.quantity.ToString(), ", available ",
                  std::max(unbinned, Quantity()).ToString(), "."),
              ApiCode::kInsufficientStock);
        }
      }
      const std::vector<BinQuantity>& out = undo ? line.to_storages : line.storages;
      const std::vector<BinQuantity>& in = undo ? line.storages : line.to_storages;
      const char* out_field = undo ? "to_storages" : "storages";
      // Taking back a bin move needs the stock still in the bins it went to.
      if (auto s = MoveBins(line.item_id, at, out, false, false, LineField(i, out_field)); !s.ok()) {
        return undo ? StockMovedOn(s) : s;
      }
      if (auto s = MoveBins(line.item_id, at, in, true, undo, LineField(i, undo ? "storages" : "to_storages"));
          !s.ok()) {
        return s;
      }
      continue;
    }
    if (!rule.physical()) continue;
    const bool incoming = rule.available > 0;
    if (!line.storages.empty()) {
      const bool into = incoming != undo;
      if (auto s = MoveBins(line.item_id, at, line.storages, into, undo, LineField(i, "storages")); !s.ok()) return s;
    }
    if (line.serial_numbers.empty() && line.batches.empty()) continue;
    std::optional<Place> from = Place{at}, to;
    if (incoming) std::swap(from, to);
    if (undo) std::swap(from, to);
    TrackedLine tracked{&line.serial_numbers, &line.batches, LineField(i, "serial_numbers"), LineField(i, "batches")};
    if (auto s = MoveTracked(line.item_id, from, to, tracked, undo); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status StockWriter::PostDocument(const Document& d) {
  const DocumentRule& rule = RuleOf(d.type);
  absl::InlinedVector<PostingRequest, 8> requests;
  for (size_t i = 0; i < d.line_items.size(); ++i) {
    const DocumentLine& line = d.line_items[i];
    const ItemSummary item = state_.items.Summary(line.item_id);
    if (!item.has(ItemSummary::kTracksStock)) continue;
    PostingRequest r{.line = static_cast<int32_t>(i), .item = line.item_id, .location = *line.location_id};
    r.delta.on_hand = rule.on_hand < 0 ? -line.quantity : rule.on_hand > 0 ? line.quantity : Quantity();
    r.delta.available = rule.available < 0 ? -line.quantity : rule.available > 0 ? line.quantity : Quantity();
    // A bill brings stock in at its rate; a return at the purchase rate.
    if (r.delta.on_hand > Quantity()) r.unit_cost = d.type == DocumentType::kBill ? line.rate : item.purchase_rate;
    requests.push_back(r);
  }
  if (requests.empty()) return absl::OkStatus();
  GuardLedger();
  return ledger_.PostAll(RefOf(d), requests);
}

absl::Status StockWriter::Transition(const Document* before, Document* after) {
  const Document& any = after ? *after : *before;
  const DocumentRule& rule = RuleOf(any.type);
  const bool was = before != nullptr && InEffect(*before);
  const bool now = after != nullptr && InEffect(*after);
  if (!was && !now) return absl::OkStatus();
  // A status change between two that move the same moves nothing.
  if (was && now && SameMoves(*before, *after)) return absl::OkStatus();
  absl::InlinedVector<std::pair<ItemId, LocationId>, 8> cells;
  for (const Document* d : {was ? before : nullptr, now ? static_cast<const Document*>(after) : nullptr}) {
    if (d == nullptr) continue;
    for (const DocumentLine& l : d->line_items) cells.emplace_back(l.item_id, *l.location_id);
  }
  if (was) {
    Document undone = *before;
    if (auto s = TrackDocument(undone, true); !s.ok()) return s;
    // Batches the engine picked are picked again when it comes back.
    if (!now && after != nullptr) {
      for (DocumentLine& l : after->line_items) {
        if (!l.batches_picked) continue;
        l.batches.clear();
        l.batches_picked = false;
      }
    }
  }
  if (now) {
    // Batches the engine picked are picked afresh for what the lines now ask.
    for (DocumentLine& l : after->line_items) {
      if (!l.batches_picked) continue;
      l.batches.clear();
      l.batches_picked = false;
    }
    if (auto s = PrepareTracking(*after); !s.ok()) return s;
    if (auto s = TrackDocument(*after, false); !s.ok()) return s;
  }
  if (rule.moves_stock()) {
    auto change = [&]() -> absl::Status {
      if (was) {
        GuardLedger();
        // Under the old version's number and date (see UpdateAdjustment).
        absl::Status r = ledger_.Reverse(rule.ledger_kind, any.id.value(), RefOf(*before), IfStockUsed::kTakeOtherStock);
        if (!r.ok() && r.code() != absl::StatusCode::kNotFound) return r;
      }
      return now ? PostDocument(*after) : absl::OkStatus();
    };
    // Taking back and posting again (an edit) is checked on the net result;
    // one or the other alone by the ledger, which names the line.
    absl::Status s = was && now ? PostNet(cells, change) : change();
    if (!s.ok()) {
      if (auto shortage = GetStockShortage(s)) {
        return FailedPreconditionError(
            LineField(shortage->line, "quantity"),
            Cat("Insufficient stock of '", ItemNameOf(state_, shortage->item), "' at '",
                LocationNameOf(state_, shortage->location), "': requested ", shortage->requested.ToString(),
                ", available ", shortage->available.ToString(), "."),
            ApiCode::kInsufficientStock);
      }
      return s;
    }
  }
  if (HasBins()) FitBins(cells);
  return absl::OkStatus();
}

absl::Status StockWriter::RefreshOpen(DocumentId order, bool gone) {
  StockState& stock = state_.stock;
  auto it = stock.documents.find(order);
  if (it == stock.documents.end()) return absl::OkStatus();
  const Document& d = it->second.doc;
  const DocumentRule& rule = RuleOf(d.type);
  if (rule.open == OpenFigure::kNone) return absl::OkStatus();
  std::vector<CellQuantity> want;
  if (!gone) want = OpenQuantities(state_, d, stock.fulfilments);
  std::map<std::pair<ItemId, LocationId>, Quantity> change;
  for (const CellQuantity& c : it->second.open) change[{c.item, c.location}] -= c.quantity;
  for (const CellQuantity& c : want) change[{c.item, c.location}] += c.quantity;
  std::vector<PostingRequest> requests;
  for (const auto& [cell, delta] : change) {
    if (delta.is_zero()) continue;
    if (rule.open == OpenFigure::kCommitted) {
      PostingRequest r{.item = cell.first, .location = cell.second};
      r.delta.committed = delta;
      requests.push_back(r);
    } else {
      auto held = stock.incoming.find(cell);
      const Quantity now = (held == stock.incoming.end() ? Quantity() : held->second) + delta;
      Put(stock.incoming, cell, now.is_zero() ? std::nullopt : std::optional<Quantity>(now));
    }
  }
  if (!requests.empty()) {
    GuardLedger();
    if (auto s = ledger_.PostAll(RefOf(d), requests); !s.ok()) return s;
  }
  if (want != it->second.open) {
    DocumentRecord record = it->second;
    record.open = std::move(want);
    Put(stock.documents, order, std::optional<DocumentRecord>(std::move(record)));
  }
  return absl::OkStatus();
}

namespace {

// Adds or removes a document's entries in the indexes kept beside the
// documents (its number, its source's fulfilments, its order lines, its
// items), logging nothing.
void IndexDocument(StockState& stock, const Document& d, bool add) {
  const auto number = DocumentNumberKey(d.type, d.number);
  if (add) {
    stock.document_numbers.insert_or_assign(number, d.id);
  } else if (auto it = stock.document_numbers.find(number); it != stock.document_numbers.end() && it->second == d.id) {
    stock.document_numbers.erase(it);
  }
  if (d.source_id.valid()) {
    if (add) {
      stock.fulfilments.insert_or_assign({d.source_id, d.id}, true);
    } else {
      stock.fulfilments.erase({d.source_id, d.id});
    }
  }
  if (RuleOf(d.type).open != OpenFigure::kNone) {
    for (const DocumentLine& l : d.line_items) {
      if (add) {
        stock.order_lines.insert_or_assign(l.line_item_id, d.id);
      } else if (auto it = stock.order_lines.find(l.line_item_id); it != stock.order_lines.end() && it->second == d.id) {
        stock.order_lines.erase(it);
      }
    }
  }
  for (const DocumentLine& l : d.line_items) {
    if (add) {
      stock.item_documents.Add(l.item_id, d.id);
    } else {
      stock.item_documents.Remove(l.item_id, d.id);
    }
  }
}

}  // namespace

DocumentRecord* StockWriter::PutDocument(DocumentId id, std::optional<DocumentRecord> record) {
  StockState& stock = state_.stock;
  // A change takes the old record's index entries out and puts the new
  // one's in. Undo entries run newest first, each seeing the records as
  // they were when it was made, so two entries of two words (no
  // allocation) undo the indexes: the newest takes the new record's
  // entries out before Put's entry brings the old record back, and the
  // oldest puts the old record's entries back after it.
  auto old = stock.documents.find(id);
  if (old != stock.documents.end()) {
    store_.OnRollback([&stock, id] {
      if (auto it = stock.documents.find(id); it != stock.documents.end()) IndexDocument(stock, it->second.doc, true);
    });
    IndexDocument(stock, old->second.doc, false);
  }
  if (record) IndexDocument(stock, record->doc, true);
  DocumentRecord* stored = Put(stock.documents, id, std::move(record));
  if (stored != nullptr) {
    store_.OnRollback([&stock, id] {
      if (auto it = stock.documents.find(id); it != stock.documents.end()) IndexDocument(stock, it->second.doc, false);
    });
  }
  return stored;
}

// ---------------------------------------------------------------------------
// The writes.

absl::StatusOr<const Document*> StockWriter::CreateDocument(Document d) {
  d.id = DocumentId();
  if (!IsDocumentType(d.type)) return InvalidArgumentError("type", "Unknown document type.", ApiCode::kBadEnum);
  const DocumentRule& rule = RuleOf(d.type);
  if (!rule.start.contains(d.status)) {
    return InvalidArgumentError("status", Cat(A(rule.name), " cannot be created as ",
                                              rule.Has(d.status) ? rule.StatusName(d.status) : "that status", "."),
                                ApiCode::kBadEnum);
  }
  if (d.type == DocumentType::kPackage) d.shipment.reset();
  d.id = DocumentId(store_.NextId());
  if (auto s = ValidateDocument(d, nullptr); !s.ok()) return s;
  // The cells the lines issue from: the lots after their oldest, where an
  // issue runs out of it.
  if (rule.on_hand < 0) {
    for (const DocumentLine& l : d.line_items) ledger_.PrefetchLots(l.item_id, *l.location_id, -l.quantity);
  }
  d.created_time = d.last_modified_time = state_.Now();
  if (auto s = Transition(nullptr, &d); !s.ok()) return s;
  const DocumentId id = d.id;
  const DocumentId source = d.source_id;
  const Document* made = &PutDocument(id, DocumentRecord{std::move(d), {}})->doc;
  // (An order's record is changed in place: `made` stays valid.)
  if (rule.open != OpenFigure::kNone) {
    if (auto s = RefreshOpen(id, false); !s.ok()) return s;
  }
  if (source.valid()) {
    if (auto s = RefreshOpen(source, false); !s.ok()) return s;
  }
  return made;
}

absl::StatusOr<const Document*> StockWriter::UpdateDocument(Document d) {
  auto it = state_.stock.documents.find(d.id);
  if (it == state_.stock.documents.end()) return NotFoundError("document_id", "The document does not exist.");
  const DocumentRecord old = it->second;
  const DocumentRule& rule = RuleOf(old.doc.type);
  if (d.type != old.doc.type) {
    return InvalidArgumentError("type", Cat("The document is ", A(rule.name), "; its type cannot change."));
  }
  if (!rule.editable.contains(old.doc.status)) {
    return FailedPreconditionError("status",
                                   Cat(A(Cat(rule.StatusName(old.doc.status), " ", rule.name)), " cannot be edited."));
  }
  d.status = old.doc.status;
  d.shipment = old.doc.shipment;
  d.created_time = old.doc.created_time;
  d.last_modified_time = state_.Now();
  if (auto s = ValidateDocument(d, &old); !s.ok()) return s;
  if (auto s = Transition(&old.doc, &d); !s.ok()) return s;
  const DocumentId id = d.id;
  const DocumentId new_source = d.source_id;
  PutDocument(id, DocumentRecord{std::move(d), old.open});
  for (DocumentId order : {id, old.doc.source_id, new_source}) {
    if (auto s = RefreshOpen(order, false); !s.ok()) return s;
    if (auto s = CheckReturnsOf(order, "line_items"); !s.ok()) return s;
  }
  return &state_.stock.documents.at(id).doc;
}

absl::Status StockWriter::SetDocumentStatus(DocumentId id, DocumentStatus status, std::optional<Shipment> shipment) {
  auto it = state_.stock.documents.find(id);
  if (it == state_.stock.documents.end()) return NotFoundError("document_id", "The document does not exist.");
  const DocumentRecord old = it->second;
  const DocumentRule& rule = RuleOf(old.doc.type);
  if (!rule.Has(status)) {
    return InvalidArgumentError("status", Cat(A(rule.name), " has no such status."), ApiCode::kBadEnum);
  }
  if (status == old.doc.status) {
    return FailedPreconditionError("status", Cat("The ", Label(old.doc), " is already ", rule.StatusName(status), "."));
  }
  if (!rule.Moves(old.doc.status, status)) {
    return FailedPreconditionError("status", Cat(A(Cat(rule.StatusName(old.doc.status), " ", rule.name)),
                                                 " cannot be marked as ", rule.StatusName(status), "."));
  }
  if (shipment && old.doc.type != DocumentType::kPackage) {
    return InvalidArgumentError("shipment", Cat("Only a package is shipped; this is ", A(rule.name), "."));
  }
  Document d = old.doc;
  d.status = status;
  d.last_modified_time = state_.Now();
  if (d.type == DocumentType::kPackage) {
    if (status == DocumentStatus::kDraft) {
      d.shipment.reset();
    } else if (shipment) {
      shipment->shipment_number = std::string(Trim(shipment->shipment_number));
      if (shipment->shipment_number.empty()) shipment->shipment_number = EngineNumber("SH-", id.value());
      d.shipment = std::move(*shipment);
    } else if (!d.shipment) {
      d.shipment = Shipment{.shipment_number = EngineNumber("SH-", id.value()), .date = d.date};
    }
  }
  // An order others fulfil stays in effect (and cannot be voided) while
  // they do; a document entering effect needs its source in effect.
  if (rule.open != OpenFigure::kNone && !InEffect(d)) {
    if (auto s = RefuseIfReferred(d, "status"); !s.ok()) return s;
  }
  if (InEffect(d) && rule.fulfils && d.source_id.valid()) {
    const Document& source = state_.stock.documents.at(d.source_id).doc;
    if (!InEffect(source)) {
      return FailedPreconditionError("source_id", Cat("The ", Label(source), " is ",
                                                      RuleOf(source.type).StatusName(source.status), "."));
    }
  }
  if (status != DocumentStatus::kVoid && !InEffect(old.doc) && InEffect(d)) {
    // Items and locations may have changed since a draft was written.
    for (size_t i = 0; i < d.line_items.size(); ++i) {
      if (state_.items.Find(d.line_items[i].item_id) == nullptr) {
        return PrefixField(ItemNotFound(d.line_items[i].item_id), LineField(i, ""));
      }
      if (!state_.locations.contains(*d.line_items[i].location_id)) {
        return PrefixField(LocationNotFound(*d.line_items[i].location_id), LineField(i, ""));
      }
    }
  }
  if (status != DocumentStatus::kVoid && old.doc.status == DocumentStatus::kVoid) {
    if (auto s = CheckFulfilment(d); !s.ok()) return s;
  }
  if (auto s = Transition(&old.doc, &d); !s.ok()) return s;
  const DocumentId source = d.source_id;
  PutDocument(id, DocumentRecord{std::move(d), old.open});
  if (auto s = RefreshOpen(id, false); !s.ok()) return s;
  if (auto s = RefreshOpen(source, false); !s.ok()) return s;
  // What returns take back must still have been given out.
  if (auto s = CheckReturnsOf(id, "status"); !s.ok()) return s;
  return CheckReturnsOf(source, "status");
}

absl::Status StockWriter::DeleteDocument(DocumentId id) {
  auto it = state_.stock.documents.find(id);
  if (it == state_.stock.documents.end()) return NotFoundError("document_id", "The document does not exist.");
  const Document d = it->second.doc;
  if (auto s = RefuseIfReferred(d, "document_id"); !s.ok()) return s;
  if (auto s = Transition(&d, nullptr); !s.ok()) return s;
  if (auto s = RefreshOpen(id, true); !s.ok()) return s;
  PutDocument(id, std::nullopt);
  if (auto s = RefreshOpen(d.source_id, false); !s.ok()) return s;
  return CheckReturnsOf(d.source_id, "document_id");
}

}  // namespace inventory::internal
