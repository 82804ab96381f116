// The fixture of the C++ document tests (tests/stock/documents_test.cc and
// documents_review_test.cc): an engine (reopened with other options when a
// test asks), writes in their own transactions that must change nothing when
// refused, a figures string, and helpers that make items, locations, bins
// and documents.
#ifndef INVENTORY_TESTS_SUPPORT_DOCUMENTS_TESTING_H_
#define INVENTORY_TESTS_SUPPORT_DOCUMENTS_TESTING_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "inventory/engine.h"
#include "support/catalog_testing.h"

namespace inventory::testutil {

// The date of the fixture's opening stock and of documents that name none.
inline constexpr absl::CivilDay kDocumentDay(2026, 11, 27);

class DocumentsFixture : public ::testing::Test {
 protected:
  DocumentsFixture() { Reopen({}); }
  // Opens a fresh engine with these options (the fixture starts with none).
  void Reopen(const Options& options) {
    engine_.reset();
    engine_ = OpenEngine(options);
    primary_ = engine_->GetSnapshot().PrimaryLocation()->id;
  }
  void TearDown() override {
    if (engine_) {
      EXPECT_THAT(engine_->Verify(), IsOk());
    }
  }

  // Runs a write in its own transaction; a refused one must change nothing.
  template <class F>
  absl::Status Write(F&& write) {
    const std::string before = engine_->DebugString();
    absl::Status status;
    {
      Transaction txn = engine_->BeginTransaction();
      status = StatusOf(write(txn));
      if (status.ok()) {
        EXPECT_THAT(txn.Commit(), IsOk());
      }
    }
    if (!status.ok()) {
      EXPECT_EQ(engine_->DebugString(), before) << status;
    }
    return status;
  }

  // "on_hand/available/committed/actual/incoming@value".
  std::string Fig(ItemId item, std::optional<LocationId> at = {}) {
    Snapshot snap = engine_->GetSnapshot();
    const StockFigures f = at ? snap.StockAt(item, *at) : snap.ItemStock(item);
    return Cat(f.stock_on_hand.ToString(), "/", f.available_stock.ToString(), "/", f.committed_stock.ToString(), "/",
               f.actual_available_stock.ToString(), "/", f.incoming_stock.ToString(), "@", f.asset_value.ToString());
  }

  ItemId AddItem(std::string name, std::string sku, std::string opening = "", bool serial = false,
                 bool batch = false, bool bins = false) {
    ItemId id;
    EXPECT_THAT(Write([&](Transaction& t) -> absl::Status {
                  auto r = t.CreateItem({.name = name, .sku = sku, .rate = M("5"), .purchase_rate = M("2"),
                                         .storage_location_enabled = bins, .track_serial_number = serial,
                                         .track_batch_number = batch});
                  if (!r.ok()) return r.status();
                  id = (*r)->id;
                  if (opening.empty()) return absl::OkStatus();
                  OpeningStock line{.location_id = primary_, .quantity = Q(opening), .rate = M("2")};
                  if (serial) {
                    for (int i = 1; i <= std::stoi(opening); ++i) line.serial_numbers.push_back(Cat("SN-", i));
                  }
                  return t.SetOpeningStock(id, kDocumentDay, {line});
                }),
                IsOk());
    return id;
  }

  LocationId AddLocation(std::string name) {
    LocationId id;
    EXPECT_THAT(Write([&](Transaction& t) -> absl::Status {
                  auto l = t.CreateLocation({.name = name});
                  if (l.ok()) id = (*l)->id;
                  return l.status();
                }),
                IsOk());
    return id;
  }

  absl::StatusOr<Document> Create(Document d) {
    if (d.date == absl::CivilDay()) d.date = kDocumentDay;
    Document made;
    absl::Status s = Write([&](Transaction& t) -> absl::Status {
      auto r = t.CreateDocument(d);
      if (r.ok()) made = **r;
      return r.status();
    });
    if (!s.ok()) return s;
    return made;
  }
  Document MustCreate(Document d) {
    absl::StatusOr<Document> r = Create(std::move(d));
    EXPECT_THAT(r.status(), IsOk());
    return r.ok() ? *r : Document();
  }
  absl::Status Update(const Document& d) {
    return Write([&](Transaction& t) { return t.UpdateDocument(d); });
  }
  absl::Status SetStatus(DocumentId id, DocumentStatus status, std::optional<Shipment> shipment = {}) {
    return Write([&](Transaction& t) { return t.SetDocumentStatus(id, status, shipment); });
  }
  absl::Status Delete(DocumentId id) {
    return Write([&](Transaction& t) { return t.DeleteDocument(id); });
  }
  Document Get(DocumentId id) { return *engine_->GetSnapshot().FindDocument(id); }
  static DocumentLine Line(ItemId item, std::string quantity, std::string rate = "5", int64_t source_line = 0) {
    return DocumentLine{.item_id = item, .quantity = Q(quantity), .rate = M(rate), .source_line_item_id = source_line};
  }
  // "SN-1 SN-3": the item's serials in stock.
  std::string Serials(ItemId item) {
    std::string out;
    for (const SerialNumberStock& s : engine_->GetSnapshot().SerialNumbers(item)) {
      out += Cat(out.empty() ? "" : " ", s.serial_number);
    }
    return out;
  }
  // "3=2 10=1": the item's bins at the location (primary by default).
  std::string Bins(ItemId item, std::optional<LocationId> at = {}) {
    std::string out;
    for (const BinQuantity& b : engine_->GetSnapshot().BinStock(item, at.value_or(primary_))) {
      out += Cat(out.empty() ? "" : " ", b.storage_location_id, "=", b.quantity.ToString());
    }
    return out;
  }
  StorageLocationId AddBin(std::string name, std::optional<LocationId> at = {}) {
    StorageLocationId id;
    EXPECT_THAT(Write([&](Transaction& t) -> absl::Status {
                  auto b = t.CreateStorageLocation({.location_id = at.value_or(primary_), .name = name});
                  if (b.ok()) id = *b;
                  return b.status();
                }),
                IsOk());
    return id;
  }

  std::unique_ptr<Engine> engine_;
  LocationId primary_;
};

}  // namespace inventory::testutil

#endif  // INVENTORY_TESTS_SUPPORT_DOCUMENTS_TESTING_H_
