#include "engine/image.h"

#include <map>
#include <string_view>
#include <type_traits>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "boost/mp11/algorithm.hpp"
#include "common/text.h"
#include "inventory/errors.h"
#include "stock/document_rules.h"
#include "storage/codec.h"

namespace inventory::internal {
namespace {

std::string_view ValuationName(inventory::Valuation v) { return v == inventory::Valuation::kFifo ? "fifo" : "weighted average"; }
std::string_view YesNo(bool b) { return b ? "true" : "false"; }

}  // namespace

DirectorySettings SettingsOf(const Options& o) {
  return {.valuation = o.valuation,
          .allow_negative_stock = o.allow_negative_stock,
          .strict_barcodes = o.strict_barcodes,
          .primary_location_name = o.primary_location_name};
}

absl::Status CheckSettings(const DirectorySettings& stored, const DirectorySettings& given) {
  auto differs = [](std::string_view option, std::string_view mine, std::string_view theirs) {
    return FailedPreconditionError(
        option, Cat("Options::", option, " is ", mine, " but the data directory was created with ", theirs, "."));
  };
  if (stored.format != 2) {
    return absl::FailedPreconditionError(
        Cat("The data directory's format ", stored.format, " is not one this version reads (2)."));
  }
  if (stored.valuation != given.valuation) {
    return differs("valuation", ValuationName(given.valuation), ValuationName(stored.valuation));
  }
  if (stored.allow_negative_stock != given.allow_negative_stock) {
    return differs("allow_negative_stock", YesNo(given.allow_negative_stock), YesNo(stored.allow_negative_stock));
  }
  if (stored.strict_barcodes != given.strict_barcodes) {
    return differs("strict_barcodes", YesNo(given.strict_barcodes), YesNo(stored.strict_barcodes));
  }
  if (stored.primary_location_name != given.primary_location_name) {
    return differs("primary_location_name", Cat("\"", given.primary_location_name, "\""),
                   Cat("\"", stored.primary_location_name, "\""));
  }
  return absl::OkStatus();
}

namespace {

// Whether a member descriptor of EngineImage is its items.
template <class Member>
constexpr bool IsItems(Member) {
  return std::is_same_v<std::remove_cv_t<decltype(Member::pointer)>, decltype(&EngineImage::items)>;
}

// Capture's image but for the items, which a snapshot's encoder and
// Capture take from the table themselves.
EngineImage CaptureAllButItems(const EngineState& st, const DirectorySettings& settings) {
  EngineImage image;
  image.settings = settings;
  image.next_id = st.next_id;
  for (const auto& [id, l] : st.locations) image.locations.push_back(l);
  std::map<GroupId, const ItemGroup*> groups;  // id order: the name index orders ties by id
  for (const ItemGroup& g : st.groups) groups[g.id] = &g;
  for (const auto& [id, g] : groups) image.groups.push_back(*g);
  for (const auto& [id, o] : st.stock.opening) image.opening.push_back({id, o.date, o.lines});
  image.adjustments = st.stock.adjustments.List();
  for (const auto& [id, t] : st.stock.transfers) image.transfers.push_back({t.order, t.source_seqs});
  for (const auto& [id, b] : st.stock.bundles) image.bundles.push_back(b);
  for (const auto& [key, place] : st.stock.serials) {
    image.serials.push_back({key.first, key.second, place.location, place.in_transit});
  }
  for (const auto& [key, batch] : st.stock.batches) {
    BatchRow row{key.first, key.second, batch.manufactured_date, batch.expiry_date, {}};
    for (const auto& [place, q] : batch.quantities) row.quantities.push_back({place.location, place.in_transit, q});
    image.batches.push_back(std::move(row));
  }
  for (const auto& [key, q] : st.stock.bins) {
    image.bins.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), q});
  }
  for (const auto& [id, record] : st.stock.documents) image.documents.push_back({record.doc, record.open});
  for (size_t t = 0; t < st.stock.number_sequences.size(); ++t) {
    if (const int64_t last = st.stock.number_sequences[t]; last != 0) {
      image.number_sequences.push_back({static_cast<DocumentType>(t), last});
    }
  }
  for (const auto& [key, info] : st.stock.serial_info) {
    image.serial_registry.push_back({key.first, key.second, info.id, info.last_location});
  }
  for (const auto& [key, info] : st.stock.batch_info) image.batch_registry.push_back({key.first, key.second, info});
  for (const auto& [id, bin] : st.stock.storage_locations) image.storage_locations.push_back(bin);
  for (const auto& [id, on] : st.stock.bins_enabled) image.bins_enabled.push_back(id);
  for (const auto& [key, bin] : st.stock.default_bins) image.default_bins.push_back({key.first, key.second, bin});
  image.ledger = st.stock.ledger.Image();
  return image;
}

}  // namespace

EngineImage Capture(const EngineState& st, const DirectorySettings& settings) {
  EngineImage image = CaptureAllButItems(st, settings);
  image.items.reserve(st.items.size());
  st.items.ForEach([&](const Item& item) { image.items.push_back(item); });
  return image;
}

void EncodeImage(const EngineState& st, const DirectorySettings& settings, std::string* out) {
  const EngineImage image = CaptureAllButItems(st, settings);
  Encoder e(out);
  boost::mp11::mp_for_each<boost::describe::describe_members<EngineImage, boost::describe::mod_public>>(
      [&](auto member) {
        if constexpr (IsItems(member)) {  // as Encoder writes a vector: its size, then each
          e.Unsigned(st.items.size());
          st.items.ForEach([&](const Item& item) { e.Put(item); });
        } else {
          e.Put(image.*member.pointer);
        }
      });
}

namespace {

absl::Status Bad(std::string_view what) {
  return absl::DataLossError(Cat("The image does not hold together: ", what, "."));
}

// An id the image could have issued: valid and below its next id.
template <class Id>
absl::Status CheckId(Id id, int64_t next_id, std::string_view what) {
  return !id.valid() || id.value() >= next_id ? Bad(what) : absl::OkStatus();
}

// A restore in three parts, so that a snapshot can be restored as it is
// decoded: what comes before the items in the image, the items one at a
// time, and the rest.
absl::Status RestoreHead(const EngineImage& image, Store& store, EngineState& st) {
  st.locations.clear();
  for (const Location& l : image.locations) {
    if (absl::Status s = CheckId(l.id, image.next_id, "a location id"); !s.ok()) return s;
    store.PutLocation(l);
  }
  if (PrimaryLocationOf(st) == nullptr) return Bad("no primary location");
  for (const ItemGroup& g : image.groups) {
    if (absl::Status s = CheckId(g.id, image.next_id, "a group id"); !s.ok()) return s;
    store.PutGroup(g);
  }
  store.ClearUndo();
  return absl::OkStatus();
}

absl::Status RestoreTail(const EngineImage& image, EngineState& st) {
  st.next_id = image.next_id;
  for (const OpeningRow& o : image.opening) st.stock.opening[o.item] = {o.date, o.lines};
  for (const InventoryAdjustment& a : image.adjustments) st.stock.adjustments.Put(a);
  for (const TransferRow& t : image.transfers) {
    st.stock.transfers[t.order.id] = {t.order, t.source_seqs};
    st.stock.transfer_numbers[TransferNumberKey(t.order.transfer_order_number)] = t.order.id;
  }
  for (const Bundle& b : image.bundles) st.stock.bundles[b.id] = b;
  for (const SerialRow& s : image.serials) {
    st.stock.serials[{s.item, s.serial_number}] = Place{s.location, s.in_transit};
  }
  for (const BatchRow& b : image.batches) {
    BatchRecord& record = st.stock.batches[{b.item, b.batch_number}];
    record.manufactured_date = b.manufactured_date;
    record.expiry_date = b.expiry_date;
    for (const BatchPlaceRow& q : b.quantities) record.quantities[Place{q.location, q.in_transit}] = q.quantity;
  }
  for (const BinRow& b : image.bins) st.stock.bins[{b.item, b.location, b.storage_location_id}] = b.quantity;
  absl::flat_hash_set<DocumentId> image_ids;
  for (const DocumentRow& d : image.documents) image_ids.insert(d.document.id);
  for (const DocumentRow& d : image.documents) {
    if (absl::Status s = CheckId(d.document.id, image.next_id, "a document id"); !s.ok()) return s;
    if (!IsDocumentType(d.document.type)) return Bad("a document type");
    if (d.document.source_id.valid() && !image_ids.contains(d.document.source_id)) return Bad("a document's source");
    st.stock.documents[d.document.id] = {d.document, d.open};
  }
  for (const SequenceRow& q : image.number_sequences) {
    const size_t t = static_cast<size_t>(q.type);
    if (t >= st.stock.number_sequences.size()) return Bad("a number sequence's type");
    st.stock.number_sequences[t] = q.last;
  }
  for (const SerialInfoRow& r : image.serial_registry) {
    const TrackKey key{r.item, r.serial_number};
    st.stock.serial_info[key] = {r.id, r.last_location};
    if (!st.stock.serial_ids.emplace(r.id, key).second) return Bad("a serial number id");
  }
  for (const BatchInfoRow& r : image.batch_registry) {
    const TrackKey key{r.item, r.batch_number};
    st.stock.batch_info[key] = r.info;
    if (!st.stock.batch_ids.emplace(r.info.id, key).second) return Bad("a batch id");
  }
  for (const StorageLocation& b : image.storage_locations) st.stock.storage_locations[b.id] = b;
  for (LocationId id : image.bins_enabled) st.stock.bins_enabled[id] = true;
  for (const DefaultBinRow& r : image.default_bins) st.stock.default_bins[{r.item, r.location}] = r.bin;
  DocumentIndexes indexes = IndexDocuments(st);
  st.stock.document_numbers = std::move(indexes.numbers);
  st.stock.fulfilments = std::move(indexes.fulfilments);
  st.stock.item_documents = std::move(indexes.item_documents);
  st.stock.order_lines = std::move(indexes.order_lines);
  st.stock.incoming = std::move(indexes.incoming);
  if (absl::Status s = st.stock.ledger.Restore(image.ledger); !s.ok()) return s;
  if (absl::Status s = VerifyTracking(st); !s.ok()) return Bad(std::string(s.message()));
  if (absl::Status s = VerifyDocuments(st); !s.ok()) return Bad(std::string(s.message()));
  return absl::OkStatus();
}

// Restore of a whole image; `Image` is EngineImage, whose items move into
// the table, or const EngineImage, whose items are copied.
template <class Image>
absl::Status RestoreImage(Image& image, EngineState& st) {
  Store store(st);
  if (absl::Status s = RestoreHead(image, store, st); !s.ok()) return s;
  for (auto& item : image.items) {  // (a failed restore's state is discarded: see image.h)
    if (absl::Status s = CheckId(item.id, image.next_id, "an item id"); !s.ok()) return s;
    store.LoadItem(std::move(item));  // a move keeps the strings' memory
  }
  if constexpr (!std::is_const_v<Image>) image.items = {};
  return RestoreTail(image, st);
}

}  // namespace

absl::Status Restore(EngineImage&& image, EngineState& st) { return RestoreImage(image, st); }
absl::Status Restore(const EngineImage& image, EngineState& st) { return RestoreImage(image, st); }

absl::Status RestoreSnapshot(std::string_view bytes, const DirectorySettings& settings, EngineState& st) {
  EngineImage image;  // all but the items, which go straight into the table
  Decoder d(bytes);
  Store store(st);
  absl::Status status;
  boost::mp11::mp_for_each<boost::describe::describe_members<EngineImage, boost::describe::mod_public>>(
      [&](auto member) {
        if (!status.ok()) return;
        if constexpr (IsItems(member)) {
          // Settings, next id, locations and groups come before the items.
          if (!d.ok()) return;
          status = CheckSettings(image.settings, settings);
          if (status.ok()) status = RestoreHead(image, store, st);
          uint64_t n = 0;
          if (!status.ok() || !d.Unsigned(&n)) return;
          for (uint64_t i = 0; i < n && status.ok(); ++i) {
            Item item;
            if (!d.Get(item)) return;
            status = CheckId(item.id, image.next_id, "an item id");
            if (status.ok()) store.LoadItem(std::move(item));
          }
        } else {
          d.Get(image.*member.pointer);
        }
      });
  if (!status.ok()) return status;
  if (!d.done()) return absl::DataLossError("the snapshot does not decode.");
  return RestoreTail(image, st);
}

}  // namespace inventory::internal
