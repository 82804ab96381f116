// Sales and purchase documents through the C++ API: whole flows (order,
// package, ship, invoice; purchase order, receive, bill; a POS sale with
// serials; a return; bins), with every figure checked exactly after every
// step, the refusals' exact codes and messages (a refused write changes
// nothing), and two threads selling the last unit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "common/block_pool.h"
#include "inventory/engine.h"
#include "inventory/errors.h"
#include "support/catalog_testing.h"
#include "support/documents_testing.h"
#include "support/workload.h"

namespace inventory {
namespace {

using ::inventory::testutil::Cat;
using ::inventory::testutil::IsError;
using ::inventory::testutil::IsOk;
using ::inventory::testutil::M;
using ::inventory::testutil::OpenEngine;
using ::inventory::testutil::Q;
using ::inventory::testutil::StatusOf;

constexpr absl::CivilDay kDay = testutil::kDocumentDay;
using DS = DocumentStatus;
using DT = DocumentType;

class DocumentsTest : public testutil::DocumentsFixture {};

TEST_F(DocumentsTest, OrderPackShipInvoice) {
  const ItemId tea = AddItem("Tea", "T-1", "10");
  EXPECT_EQ(Fig(tea), "10/10/0/10/0@20");

  Document order = MustCreate({.type = DT::kSalesOrder, .status = DS::kDraft, .party_id = "C-1",
                               .party_name = "Ada", .line_items = {Line(tea, "4")}});
  EXPECT_EQ(order.number, "SO-00001");
  EXPECT_EQ(Fig(tea), "10/10/0/10/0@20") << "a draft commits nothing";
  ASSERT_THAT(SetStatus(order.id, DS::kOpen), IsOk());
  EXPECT_EQ(Fig(tea), "10/10/4/6/0@20");
  EXPECT_EQ(Fig(tea, primary_), "10/10/4/6/0@20");
  const int64_t so_line = order.line_items[0].line_item_id;

  Document package = MustCreate({.type = DT::kPackage, .source_id = order.id,
                                 .line_items = {Line(tea, "3", "5", so_line)}});
  EXPECT_EQ(package.status, DS::kDraft);
  EXPECT_EQ(Fig(tea), "10/10/4/6/0@20") << "packing moves nothing";
  ASSERT_THAT(SetStatus(package.id, DS::kShipped,
                        Shipment{.shipment_number = "SHP-1", .date = kDay, .delivery_method = "DHL"}),
              IsOk());
  EXPECT_EQ(Fig(tea), "10/7/1/6/0@20");
  EXPECT_EQ(engine_->GetSnapshot().FindDocument(package.id)->shipment->shipment_number, "SHP-1");
  EXPECT_EQ(engine_->GetSnapshot().OpenQuantity(order.id, so_line), Q("1"));
  ASSERT_THAT(SetStatus(package.id, DS::kDelivered), IsOk());
  EXPECT_EQ(Fig(tea), "10/7/1/6/0@20") << "delivering a shipped package moves nothing more";

  Document invoice = MustCreate({.type = DT::kInvoice, .status = DS::kOpen, .source_id = order.id,
                                 .line_items = {Line(tea, "4", "5", so_line)}});
  EXPECT_EQ(invoice.number, "INV-00001");
  EXPECT_EQ(Fig(tea), "6/7/0/7/0@12") << "invoiced 4 of 4: nothing left committed";

  // One unit is left to pack; asking for two is refused, naming the line.
  EXPECT_THAT(Create({.type = DT::kPackage, .source_id = order.id, .line_items = {Line(tea, "2", "5", so_line)}})
                  .status(),
              IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].quantity", ApiCode::kConflict));
  EXPECT_EQ(Create({.type = DT::kPackage, .source_id = order.id, .line_items = {Line(tea, "2", "5", so_line)}})
                .status()
                .message(),
            "The sales order SO-00001 has 1 of 'Tea' left for a package; this asks for 2.");
  Document last = MustCreate({.type = DT::kPackage, .source_id = order.id, .line_items = {Line(tea, "1", "5", so_line)}});
  ASSERT_THAT(SetStatus(last.id, DS::kShipped), IsOk());
  EXPECT_EQ(engine_->GetSnapshot().FindDocument(last.id)->shipment->shipment_number,
            absl::StrFormat("SH-%05d", last.id.value()));
  EXPECT_EQ(Fig(tea), "6/6/0/6/0@12");

  // The order cannot be voided or deleted while documents fulfil it.
  EXPECT_THAT(SetStatus(order.id, DS::kVoid),
              IsError(absl::StatusCode::kFailedPrecondition, "status", ApiCode::kConflict));
  EXPECT_THAT(Delete(order.id), IsError(absl::StatusCode::kFailedPrecondition, "document_id", ApiCode::kConflict));
  // A shipped package cannot be edited.
  Document edit = *engine_->GetSnapshot().FindDocument(last.id);
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateDocument(edit); }),
              IsError(absl::StatusCode::kFailedPrecondition, "status", ApiCode::kConflict));

  // Voiding the invoice puts the accounting stock back at its cost.
  ASSERT_THAT(SetStatus(invoice.id, DS::kVoid), IsOk());
  EXPECT_EQ(Fig(tea), "10/6/0/6/0@20");
  // Unshipping the last package (deleting its shipment) puts it back.
  ASSERT_THAT(SetStatus(last.id, DS::kDraft), IsOk());
  EXPECT_EQ(Fig(tea), "10/7/1/6/0@20");
  EXPECT_FALSE(engine_->GetSnapshot().FindDocument(last.id)->shipment.has_value());

  // An order line leads back to its order; a package's line does not.
  EXPECT_EQ(engine_->GetSnapshot().FindOrderOfLine(so_line)->id, order.id);
  EXPECT_EQ(engine_->GetSnapshot().FindOrderOfLine(package.line_items[0].line_item_id), nullptr);
  // Item transactions: the documents that name the item.
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_EQ(snap.ListDocuments({.type = DT::kPackage, .item_id = tea}).size(), 2u);
  EXPECT_EQ(snap.ListDocuments({.type = DT::kPackage, .status = DS::kDelivered}).size(), 1u);
  EXPECT_EQ(snap.DocumentsFulfilling(order.id).size(), 3u);
}

TEST_F(DocumentsTest, FiguresMoveAtTheLinesLocationOnly) {
  const ItemId tea = AddItem("Tea", "T-1", "10");
  LocationId shop;
  ASSERT_THAT(Write([&](Transaction& t) -> absl::Status {
                auto l = t.CreateLocation({.name = "Shop"});
                if (l.ok()) shop = (*l)->id;
                return l.status();
              }),
              IsOk());
  DocumentLine at_shop = Line(tea, "2");
  at_shop.location_id = shop;
  // The order is at the primary location, one line at the shop.
  Document order = MustCreate({.type = DT::kSalesOrder, .status = DS::kOpen,
                               .line_items = {Line(tea, "3"), at_shop}});
  EXPECT_EQ(Fig(tea, primary_), "10/10/3/7/0@20");
  EXPECT_EQ(Fig(tea, shop), "0/0/2/-2/0@0");
  EXPECT_EQ(Fig(tea), "10/10/5/5/0@20");
  // A purchase order for the shop: incoming there.
  Document po = MustCreate({.type = DT::kPurchaseOrder, .status = DS::kOpen, .location_id = shop,
                            .line_items = {Line(tea, "6", "2")}});
  EXPECT_EQ(Fig(tea, shop), "0/0/2/-2/6@0");
  EXPECT_EQ(Fig(tea, primary_), "10/10/3/7/0@20");
  DocumentLine received = Line(tea, "6", "2", po.line_items[0].line_item_id);
  received.location_id = shop;
  MustCreate({.type = DT::kPurchaseReceive, .status = DS::kReceived, .source_id = po.id, .line_items = {received}});
  EXPECT_EQ(Fig(tea, shop), "0/6/2/4/0@0");
  DocumentLine shipped = Line(tea, "2", "5", order.line_items[1].line_item_id);
  shipped.location_id = shop;
  Document package = MustCreate({.type = DT::kPackage, .source_id = order.id, .line_items = {shipped}});
  ASSERT_THAT(SetStatus(package.id, DS::kShipped), IsOk());
  EXPECT_EQ(Fig(tea, shop), "0/4/0/4/0@0");
  EXPECT_EQ(Fig(tea, primary_), "10/10/3/7/0@20");
  EXPECT_EQ(Fig(tea), "10/14/3/11/0@20");
}

TEST_F(DocumentsTest, PurchaseOrderReceiveBill) {
  const ItemId tea = AddItem("Tea", "T-1");
  Document po = MustCreate({.type = DT::kPurchaseOrder, .status = DS::kOpen, .party_id = "V-1",
                            .line_items = {Line(tea, "5", "3")}});
  EXPECT_EQ(po.number, "PO-00001");
  EXPECT_EQ(Fig(tea), "0/0/0/0/5@0");
  const int64_t po_line = po.line_items[0].line_item_id;

  Document receive = MustCreate({.type = DT::kPurchaseReceive, .status = DS::kReceived, .source_id = po.id,
                                 .line_items = {Line(tea, "2", "3", po_line)}});
  EXPECT_EQ(Fig(tea), "0/2/0/2/3@0") << "received stock is physical only: no value yet";
  Document bill = MustCreate({.type = DT::kBill, .status = DS::kOpen, .source_id = po.id,
                              .line_items = {Line(tea, "5", "3", po_line)}});
  EXPECT_EQ(Fig(tea), "5/2/0/2/0@15") << "billed 5 at 3";
  MustCreate({.type = DT::kPurchaseReceive, .status = DS::kReceived, .source_id = po.id,
              .line_items = {Line(tea, "3", "3", po_line)}});
  EXPECT_EQ(Fig(tea), "5/5/0/5/0@15");
  EXPECT_THAT(Create({.type = DT::kPurchaseReceive, .status = DS::kReceived, .source_id = po.id,
                      .line_items = {Line(tea, "1", "3", po_line)}})
                  .status(),
              IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].quantity", ApiCode::kConflict));
  EXPECT_THAT(Delete(po.id), IsError(absl::StatusCode::kFailedPrecondition, "document_id", ApiCode::kConflict));
  // Changing the order may not leave its receipts behind.
  Document fewer = po;
  fewer.line_items[0].quantity = Q("4");
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateDocument(fewer); }),
              IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].quantity", ApiCode::kConflict));
  // Voiding the bill takes its value out again; deleting a receive, its stock.
  ASSERT_THAT(SetStatus(bill.id, DS::kVoid), IsOk());
  EXPECT_EQ(Fig(tea), "0/5/0/5/0@0");
  ASSERT_THAT(Delete(receive.id), IsOk());
  EXPECT_EQ(Fig(tea), "0/3/0/3/2@0") << "2 are expected again";
  // A receive against a draft order is refused.
  Document draft = MustCreate({.type = DT::kPurchaseOrder, .line_items = {Line(tea, "1", "3")}});
  EXPECT_THAT(Create({.type = DT::kPurchaseReceive, .status = DS::kReceived, .source_id = draft.id,
                      .line_items = {Line(tea, "1", "3", draft.line_items[0].line_item_id)}})
                  .status(),
              IsError(absl::StatusCode::kFailedPrecondition, "source_id", ApiCode::kConflict));
}

TEST_F(DocumentsTest, PosSaleWithSerialsAndAReturn) {
  const ItemId phone = AddItem("Phone", "P-1", "3", /*serial=*/true);
  EXPECT_EQ(Serials(phone), "SN-1 SN-2 SN-3");
  DocumentLine sold = Line(phone, "1", "499");
  sold.serial_numbers = {"SN-2"};
  Document sale = MustCreate({.type = DT::kSalesReceipt, .status = DS::kOpen, .line_items = {sold}});
  EXPECT_EQ(sale.number, "SR-00001");
  EXPECT_EQ(Fig(phone), "2/2/0/2/0@4");
  EXPECT_EQ(Serials(phone), "SN-1 SN-3");
  // Selling the same serial again is refused.
  EXPECT_THAT(Create({.type = DT::kSalesReceipt, .status = DS::kOpen, .line_items = {sold}}).status(),
              IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].serial_numbers[0]",
                      ApiCode::kInsufficientStock));
  // A serial-tracked line needs its serials.
  EXPECT_THAT(Create({.type = DT::kSalesReceipt, .status = DS::kOpen, .line_items = {Line(phone, "1")}}).status(),
              IsError(absl::StatusCode::kInvalidArgument, "line_items[0].serial_numbers", ApiCode::kInvalidValue));
  // Invoices do not move units: serials on them are refused.
  EXPECT_THAT(Create({.type = DT::kInvoice, .status = DS::kOpen, .line_items = {sold}}).status(),
              IsError(absl::StatusCode::kInvalidArgument, "line_items[0].serial_numbers", ApiCode::kInvalidValue));

  // The customer brings it back.
  DocumentLine back = sold;
  Document ret = MustCreate({.type = DT::kSalesReturn, .status = DS::kDraft, .source_id = sale.id, .line_items = {back}});
  EXPECT_EQ(Fig(phone), "2/2/0/2/0@4") << "a draft return moves nothing";
  ASSERT_THAT(SetStatus(ret.id, DS::kReceived), IsOk());
  EXPECT_EQ(Fig(phone), "3/3/0/3/0@6") << "back in at the purchase rate";
  EXPECT_EQ(Serials(phone), "SN-1 SN-2 SN-3");
  // Voiding the sale now: SN-2 is in stock again, so it cannot come back twice.
  EXPECT_THAT(SetStatus(sale.id, DS::kVoid),
              IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].serial_numbers[0]", ApiCode::kStockUsed));
  ASSERT_THAT(Delete(ret.id), IsOk());
  ASSERT_THAT(SetStatus(sale.id, DS::kVoid), IsOk());
  EXPECT_EQ(Fig(phone), "3/3/0/3/0@6");
  EXPECT_EQ(Serials(phone), "SN-1 SN-2 SN-3");
}

// A document's record lives in the block pool (a POS sale's record from
// malloc faulted in fresh heap pages: bench/README.md), and deleting the
// document gives its block back.
TEST_F(DocumentsTest, ADocumentsRecordIsPoolMemoryGivenBackWhenDeleted) {
  if (!internal::kPooling) GTEST_SKIP() << "no pool under AddressSanitizer";
  const ItemId tea = AddItem("Tea", "T-1", "5");
  // The first document of an item makes the page of the item index that
  // holds it (pool memory too, kept for the items near it).
  MustCreate({.type = DT::kSalesOrder, .status = DS::kDraft, .line_items = {Line(tea, "1")}});
  // The tree of document numbers (pool nodes too) grows its root as numbers
  // come and keeps that room when one goes: a second order, deleted, leaves
  // room for the one measured.
  ASSERT_THAT(Delete(MustCreate({.type = DT::kSalesOrder, .status = DS::kDraft, .line_items = {Line(tea, "1")}}).id),
              IsOk());
  const size_t before = internal::PoolBytesInUse();
  // A draft order moves no stock, so the ledger's blocks do not change. The
  // copy MustCreate returns is gone at the end of the statement.
  const DocumentId order =
      MustCreate({.type = DT::kSalesOrder, .status = DS::kDraft, .line_items = {Line(tea, "2")}}).id;
  const size_t with = internal::PoolBytesInUse();
  // The record's node and its one line.
  EXPECT_GE(with - before, internal::PoolBlockBytes(sizeof(DocumentLine)) + 64);
  EXPECT_EQ((with - before) % 64, 0u) << "whole cache lines";
  ASSERT_THAT(Delete(order), IsOk());
  EXPECT_EQ(internal::PoolBytesInUse(), before);
  EXPECT_EQ(Fig(tea), "5/5/0/5/0@10");
}

// A document's lines are pool memory from the start (DocumentAllocator),
// and the engine keeps the caller's lines as they are: a sale's lines are
// neither copied nor placed anew.
TEST_F(DocumentsTest, ASaleKeepsTheCallersPoolLines) {
  if (!internal::kPooling) GTEST_SKIP() << "no pool under AddressSanitizer";
  const ItemId tea = AddItem("Tea", "T-1", "5");
  const ItemId cake = AddItem("Cake", "C-1", "5");
  Document sale{.type = DT::kSalesReceipt, .date = testutil::kDocumentDay, .status = DS::kOpen};
  const size_t before = internal::PoolBytesInUse();
  sale.line_items.reserve(2);
  EXPECT_EQ(internal::PoolBytesInUse() - before, internal::PoolBlockBytes(2 * sizeof(DocumentLine)));
  sale.line_items.push_back(Line(tea, "1"));
  sale.line_items.push_back(Line(cake, "2"));
  const DocumentLine* lines = sale.line_items.data();
  Transaction txn = engine_->BeginTransaction();
  absl::StatusOr<const Document*> made = txn.CreateDocument(std::move(sale));
  ASSERT_THAT(made.status(), IsOk());
  EXPECT_EQ((*made)->line_items.data(), lines);
  ASSERT_THAT(txn.Commit(), IsOk());
  EXPECT_EQ(Fig(tea), "4/4/0/4/0@8");
  EXPECT_EQ(Fig(cake), "3/3/0/3/0@6");
}

// The reference's sales return is made from a sales order, for its shipped
// units: no more of an item than its packages shipped, less other returns.
TEST_F(DocumentsTest, AReturnFromASalesOrderTakesBackNoMoreThanShipped) {
  const ItemId tea = AddItem("Tea", "T-1", "10");
  Document order = MustCreate({.type = DT::kSalesOrder, .status = DS::kOpen, .line_items = {Line(tea, "4")}});
  Document package = MustCreate({.type = DT::kPackage, .source_id = order.id,
                                 .line_items = {Line(tea, "3", "5", order.line_items[0].line_item_id)}});
  absl::Status none = Create({.type = DT::kSalesReturn, .source_id = order.id, .line_items = {Line(tea, "1")}}).status();
  EXPECT_THAT(none, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].quantity", ApiCode::kConflict));
  EXPECT_EQ(none.message(),
            "The sales order SO-00001 shipped 0 of 'Tea' and 0 are returned already; this asks for 1.");
  ASSERT_THAT(SetStatus(package.id, DS::kShipped), IsOk());
  EXPECT_EQ(Fig(tea), "10/7/1/6/0@20");
  MustCreate({.type = DT::kSalesReturn, .status = DS::kReceived, .source_id = order.id,
              .line_items = {Line(tea, "2")}});
  EXPECT_EQ(Fig(tea), "12/9/1/8/0@24") << "back in both figures, at the purchase rate";
  EXPECT_EQ(Create({.type = DT::kSalesReturn, .source_id = order.id, .line_items = {Line(tea, "2")}})
                .status()
                .message(),
            "The sales order SO-00001 shipped 3 of 'Tea' and 2 are returned already; this asks for 2.");
  // The order cannot be voided while a return refers to it.
  EXPECT_THAT(SetStatus(order.id, DS::kVoid),
              IsError(absl::StatusCode::kFailedPrecondition, "status", ApiCode::kConflict));
}

TEST_F(DocumentsTest, OutgoingLinesRefuseStockBelowZeroWholeDocument) {
  const ItemId tea = AddItem("Tea", "T-1", "2");
  const ItemId milk = AddItem("Milk", "M-1", "5");
  absl::Status s = Create({.type = DT::kSalesReceipt, .status = DS::kOpen,
                           .line_items = {Line(milk, "1"), Line(tea, "3")}})
                       .status();
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "line_items[1].quantity", ApiCode::kInsufficientStock));
  EXPECT_EQ(s.message(), "Insufficient stock of 'Tea' at 'Primary Location': requested 3, available 2.");
  EXPECT_EQ(Fig(milk), "5/5/0/5/0@10");
  // A sales order may commit more than is available (a backorder).
  MustCreate({.type = DT::kSalesOrder, .status = DS::kOpen, .line_items = {Line(tea, "3")}});
  EXPECT_EQ(Fig(tea), "2/2/3/-1/0@4");
}

TEST_F(DocumentsTest, BatchesFirstExpiringFirst) {
  const ItemId milk = AddItem("Milk", "M-1", "", false, /*batch=*/true);
  ASSERT_THAT(Write([&](Transaction& t) {
                return t.SetOpeningStock(
                    milk, kDay,
                    {{.location_id = primary_, .quantity = Q("6"), .rate = M("2"),
                      .batches = {{.batch_number = "LATE", .quantity = Q("3"), .expiry_date = absl::CivilDay(2027, 3, 1)},
                                  {.batch_number = "SOON", .quantity = Q("2"), .expiry_date = absl::CivilDay(2026, 12, 1)},
                                  {.batch_number = "NONE", .quantity = Q("1")}}}});
              }),
              IsOk());
  Document challan = MustCreate({.type = DT::kDeliveryChallan, .status = DS::kOpen, .line_items = {Line(milk, "4")}});
  ASSERT_EQ(challan.line_items[0].batches.size(), 2u);
  EXPECT_EQ(challan.line_items[0].batches[0].batch_number, "SOON");
  EXPECT_EQ(challan.line_items[0].batches[0].quantity, Q("2"));
  EXPECT_EQ(challan.line_items[0].batches[1].batch_number, "LATE");
  EXPECT_EQ(challan.line_items[0].batches[1].quantity, Q("2"));
  EXPECT_EQ(Fig(milk), "6/2/0/2/0@12") << "a challan moves physical stock only";
  EXPECT_THAT(Create({.type = DT::kDeliveryChallan, .status = DS::kOpen, .line_items = {Line(milk, "3")}}).status(),
              IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].batches", ApiCode::kInsufficientStock));
  // Returned: the batches come back.
  ASSERT_THAT(SetStatus(challan.id, DS::kReturned), IsOk());
  EXPECT_EQ(Fig(milk), "6/6/0/6/0@12");
  EXPECT_EQ(engine_->GetSnapshot().Batches(milk).size(), 3u);
}

TEST_F(DocumentsTest, PutawayAndMoveOrderBetweenBins) {
  const ItemId tea = AddItem("Tea", "T-1", "", false, false, /*bins=*/true);
  MustCreate({.type = DT::kPurchaseReceive, .status = DS::kReceived, .line_items = {Line(tea, "5")}});
  EXPECT_EQ(Bins(tea), "");
  DocumentLine put = Line(tea, "3");
  put.to_storages = {{"A", Q("3")}};
  Document putaway = MustCreate({.type = DT::kPutaway, .status = DS::kCompleted, .line_items = {put}});
  EXPECT_EQ(Bins(tea), "A=3");
  put.quantity = Q("3");
  EXPECT_THAT(Create({.type = DT::kPutaway, .status = DS::kCompleted, .line_items = {put}}).status(),
              IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].quantity", ApiCode::kInsufficientStock));
  DocumentLine move = Line(tea, "2");
  move.storages = {{"A", Q("2")}};
  move.to_storages = {{"B", Q("2")}};
  Document order = MustCreate({.type = DT::kMoveOrder, .status = DS::kOpen, .line_items = {move}});
  EXPECT_EQ(Bins(tea), "A=3") << "a confirmed move order has not moved yet";
  ASSERT_THAT(SetStatus(order.id, DS::kCompleted), IsOk());
  EXPECT_EQ(Bins(tea), "A=1 B=2");
  EXPECT_EQ(Fig(tea), "0/5/0/5/0@0") << "bins move no figure";
  // The putaway's stock has partly moved on: it cannot be taken back.
  absl::Status refused = Delete(putaway.id);
  EXPECT_THAT(refused, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].to_storages[0].quantity",
                               ApiCode::kStockUsed));
  EXPECT_EQ(refused.message(), "The storage location 'A' holds 1 of 'Tea' at 'Primary Location': requested 3; the "
                               "document that moved it cannot be changed or deleted.");
  EXPECT_THAT(SetStatus(order.id, DS::kDraft),
              IsError(absl::StatusCode::kFailedPrecondition, "status", ApiCode::kConflict));
  ASSERT_THAT(Delete(order.id), IsOk());
  EXPECT_EQ(Bins(tea), "A=3");
  ASSERT_THAT(Delete(putaway.id), IsOk());
  EXPECT_EQ(Bins(tea), "");
}

TEST_F(DocumentsTest, StatusRulesAndNumbers) {
  const ItemId tea = AddItem("Tea", "T-1", "5");
  EXPECT_THAT(Create({.type = DT::kPackage, .status = DS::kShipped, .line_items = {Line(tea, "1")}}).status(),
              IsError(absl::StatusCode::kInvalidArgument, "status", ApiCode::kBadEnum));
  Document a = MustCreate({.type = DT::kInvoice, .number = " inv-7 ", .line_items = {Line(tea, "1")}});
  EXPECT_EQ(a.number, "inv-7");
  EXPECT_THAT(Create({.type = DT::kInvoice, .number = "INV-7", .line_items = {Line(tea, "1")}}).status(),
              IsError(absl::StatusCode::kAlreadyExists, "number", ApiCode::kDuplicate));
  // Another type may use the same number.
  MustCreate({.type = DT::kSalesOrder, .number = "INV-7", .line_items = {Line(tea, "1")}});
  EXPECT_THAT(SetStatus(a.id, DS::kDelivered), IsError(absl::StatusCode::kInvalidArgument, "status", ApiCode::kBadEnum));
  EXPECT_THAT(SetStatus(a.id, DS::kDraft), IsError(absl::StatusCode::kFailedPrecondition, "status", ApiCode::kConflict));
  EXPECT_THAT(Create({.type = DT::kInvoice, .line_items = {}}).status(),
              IsError(absl::StatusCode::kInvalidArgument, "line_items", ApiCode::kMissingField));
  EXPECT_THAT(Create({.type = DT::kInvoice, .line_items = {Line(tea, "0")}}).status(),
              IsError(absl::StatusCode::kInvalidArgument, "line_items[0].quantity", ApiCode::kInvalidValue));
  EXPECT_THAT(Create({.type = DT::kInvoice, .line_items = {Line(ItemId(999), "1")}}).status(),
              IsError(absl::StatusCode::kNotFound, "line_items[0].item_id", ApiCode::kItemNotFound));
  // An item named by a document cannot be deleted.
  const ItemId spare = AddItem("Spare", "S-1");
  MustCreate({.type = DT::kSalesOrder, .line_items = {Line(spare, "1")}});
  EXPECT_TRUE(engine_->GetSnapshot().HasTransactions(spare)) << "a draft order names it";
  std::vector<ItemId> ids = {spare};
  EXPECT_THAT(Write([&](Transaction& t) { return t.DeleteItems(ids); }),
              IsError(absl::StatusCode::kFailedPrecondition, "item_id", ApiCode::kItemInUse));
}

TEST_F(DocumentsTest, UpdatingAnOrderMovesItsCommitment) {
  const ItemId tea = AddItem("Tea", "T-1", "10");
  const ItemId milk = AddItem("Milk", "M-1", "10");
  Document order = MustCreate({.type = DT::kSalesOrder, .status = DS::kOpen, .line_items = {Line(tea, "4")}});
  EXPECT_EQ(Fig(tea), "10/10/4/6/0@20");
  order.line_items = {Line(milk, "2")};
  ASSERT_THAT(Write([&](Transaction& t) { return t.UpdateDocument(order); }), IsOk());
  EXPECT_EQ(Fig(tea), "10/10/0/10/0@20");
  EXPECT_EQ(Fig(milk), "10/10/2/8/0@20");
  ASSERT_THAT(SetStatus(order.id, DS::kVoid), IsOk());
  EXPECT_EQ(Fig(milk), "10/10/0/10/0@20");
  ASSERT_THAT(SetStatus(order.id, DS::kDraft), IsOk());
  ASSERT_THAT(Delete(order.id), IsOk());
  EXPECT_EQ(engine_->GetSnapshot().ListDocuments({.type = DT::kSalesOrder}).size(), 0u);
}

TEST_F(DocumentsTest, TwoThreadsSellingTheLastUnitOneSucceeds) {
  const ItemId tea = AddItem("Tea", "T-1", "1");
  std::atomic<int> sold = 0, refused = 0;
  std::atomic<bool> go = false;
  auto sell = [&] {
    while (!go.load()) std::this_thread::yield();
    Transaction txn = engine_->BeginTransaction();
    auto r = txn.CreateDocument({.type = DT::kSalesReceipt, .date = kDay, .status = DS::kOpen,
                                 .line_items = {Line(tea, "1")}});
    if (r.ok() && txn.Commit().ok()) {
      ++sold;
    } else if (ErrorApiCode(StatusOf(r)) == ApiCode::kInsufficientStock) {
      ++refused;
    }
  };
  std::thread a(sell), b(sell);
  go = true;
  a.join();
  b.join();
  EXPECT_EQ(sold.load(), 1);
  EXPECT_EQ(refused.load(), 1);
  EXPECT_EQ(Fig(tea), "0/0/0/0/0@0");
}

// The randomized workload (every document type among the other writes):
// after every transaction the ledger sums to every figure, tracking agrees
// with it, and the orders' open quantities to committed and incoming stock.
TEST(DocumentsRandomTest, EveryStepVerifies) {
  std::map<DocumentType, size_t> kept;  // over the seeds
  size_t bins = 0, defaults = 0, inactive = 0;
  for (uint64_t seed : {1, 2, 3}) {
    std::unique_ptr<Engine> engine = OpenEngine();
    testutil::Workload work(seed);
    int committed = 0;
    for (int step = 0; step < 600; ++step) {
      committed += work.Step(*engine);
      ASSERT_THAT(engine->Verify(), IsOk()) << "seed " << seed << " step " << step;
    }
    EXPECT_GT(committed, 400) << "seed " << seed;
    Snapshot snap = engine->GetSnapshot();
    for (int type = 1; type <= 11; ++type) {
      kept[DocumentType(type)] += snap.ListDocuments({.type = DocumentType(type)}).size();
    }
    bins += snap.ListStorageLocations().size();
    for (const Item* item : snap.ListItems({.per_page = 1000}).rows) {
      for (const Location* l : snap.ListLocations()) defaults += snap.DefaultStorageLocation(item->id, l->id).has_value();
      for (const BatchDetails& b : snap.ListBatches(item->id, true)) inactive += b.status == Status::kInactive;
    }
  }
  for (int type = 1; type <= 11; ++type) EXPECT_GT(kept[DocumentType(type)], 0u) << "type " << type;
  EXPECT_GT(bins, 0u);
  EXPECT_GT(defaults, 0u);
  EXPECT_GT(inactive, 0u);
}

}  // namespace
}  // namespace inventory

namespace inventory {
namespace {

using ::inventory::testutil::IsError;
using ::inventory::testutil::IsOk;
using ::inventory::testutil::Q;

// Serial numbers, batches and bins as their own endpoints see them.
class RegistryTest : public DocumentsTest {};

TEST_F(RegistryTest, SerialNumbersKeepTheirIdsWhenSold) {
  const ItemId phone = AddItem("Phone", "P-1", "2", /*serial=*/true);
  std::vector<std::string> check = {"SN-1", "SN-2"};
  SerialNumberId sn1;
  {
    Snapshot before = engine_->GetSnapshot();
    std::vector<SerialNumberInfo> all = before.ListSerialNumbers(phone, false);
    ASSERT_EQ(all.size(), 2u);
    sn1 = all[0].id;
    EXPECT_EQ(all[0].serial_number, "SN-1");
    EXPECT_FALSE(all[0].transacted_out);
    EXPECT_THAT(before.ValidateSerialNumbers(phone, check), IsOk());
  }
  DocumentLine sold = Line(phone, "1", "499");
  sold.serial_numbers = {"SN-1"};
  MustCreate({.type = DocumentType::kSalesReceipt, .status = DocumentStatus::kOpen, .line_items = {sold}});
  Snapshot snap = engine_->GetSnapshot();
  EXPECT_EQ(snap.ListSerialNumbers(phone, false).size(), 1u);
  std::vector<SerialNumberInfo> with_sold = snap.ListSerialNumbers(phone, true);
  ASSERT_EQ(with_sold.size(), 2u);
  EXPECT_TRUE(with_sold[0].transacted_out);
  EXPECT_EQ(with_sold[0].id, sn1);
  EXPECT_EQ(with_sold[0].location_id, primary_) << "where it was last";
  EXPECT_EQ(snap.FindSerialNumber(sn1)->serial_number, "SN-1");
  absl::Status s = snap.ValidateSerialNumbers(phone, check);
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "serial_numbers[0]", ApiCode::kInsufficientStock));
  EXPECT_EQ(s.message(), "The serial number 'SN-1' of 'Phone' is no longer in stock.");
  std::vector<std::string> unknown = {"SN-2", "SN-9"};
  EXPECT_EQ(snap.ValidateSerialNumbers(phone, unknown).message(),
            "The serial number 'SN-9' of 'Phone' is not one the item has.");
}

TEST_F(RegistryTest, BatchesCreatedEmptyDatedAndDeactivated) {
  const ItemId milk = AddItem("Milk", "M-1", "", false, /*batch=*/true);
  BatchId b1;
  ASSERT_THAT(Write([&](Transaction& t) -> absl::Status {
                auto r = t.CreateBatch({.item_id = milk, .batch_number = " B1 ",
                                        .expiry_date = absl::CivilDay(2026, 12, 31)});
                if (r.ok()) b1 = *r;
                return r.status();
              }),
              IsOk());
  {
    Snapshot snap = engine_->GetSnapshot();
    EXPECT_TRUE(snap.ListBatches(milk, false).empty());
    ASSERT_EQ(snap.ListBatches(milk, true).size(), 1u);
    EXPECT_EQ(snap.FindBatch(b1)->batch_number, "B1");
  }
  // Stock arriving in it takes its dates.
  DocumentLine in = Line(milk, "4", "2");
  in.batches = {{.batch_number = "B1", .quantity = Q("4")}};
  MustCreate({.type = DocumentType::kPurchaseReceive, .status = DocumentStatus::kReceived, .line_items = {in}});
  std::optional<BatchDetails> b = engine_->GetSnapshot().FindBatch(b1);
  EXPECT_EQ(b->balance_quantity, Q("4"));
  EXPECT_EQ(b->stock[0].expiry_date, absl::CivilDay(2026, 12, 31));
  // Its number cannot change while it holds stock; its dates can.
  BatchDetails edit = *b;
  edit.batch_number = "B2";
  EXPECT_THAT(Write([&](Transaction& t) { return t.UpdateBatch(edit); }),
              IsError(absl::StatusCode::kFailedPrecondition, "batch_number", ApiCode::kConflict));
  edit.batch_number = "B1";
  edit.expiry_date = absl::CivilDay(2027, 1, 31);
  ASSERT_THAT(Write([&](Transaction& t) { return t.UpdateBatch(edit); }), IsOk());
  EXPECT_EQ(engine_->GetSnapshot().Batches(milk)[0].expiry_date, absl::CivilDay(2027, 1, 31));
  EXPECT_THAT(Write([&](Transaction& t) { return t.DeleteBatch(b1); }),
              IsError(absl::StatusCode::kFailedPrecondition, "batch_id", ApiCode::kConflict));
  // An inactive batch takes part in no document: the engine picks none.
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetBatchStatus(b1, Status::kInactive); }), IsOk());
  EXPECT_THAT(Create({.type = DocumentType::kSalesReceipt, .status = DocumentStatus::kOpen,
                      .line_items = {Line(milk, "1")}})
                  .status(),
              IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].batches", ApiCode::kInsufficientStock));
  DocumentLine named = Line(milk, "1");
  named.batches = {{.batch_number = "B1", .quantity = Q("1")}};
  EXPECT_THAT(Create({.type = DocumentType::kSalesReceipt, .status = DocumentStatus::kOpen, .line_items = {named}})
                  .status(),
              IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].batches[0].batch_number",
                      ApiCode::kConflict));
}

// Every issue of a batch-tracked item that names no batches takes them
// first-expiring first: adjustments and transfers too, not only documents.
TEST_F(RegistryTest, AdjustmentsAndTransfersPickBatchesFirstExpiringFirst) {
  const ItemId milk = AddItem("Milk", "M-1", "", false, /*batch=*/true);
  LocationId shop;
  ASSERT_THAT(Write([&](Transaction& t) -> absl::Status {
                auto l = t.CreateLocation({.name = "Shop"});
                if (l.ok()) shop = (*l)->id;
                if (!l.ok()) return l.status();
                return t.SetOpeningStock(
                    milk, kDay,
                    {{.location_id = primary_, .quantity = Q("5"), .rate = M("2"),
                      .batches = {{.batch_number = "LATE", .quantity = Q("3"), .expiry_date = absl::CivilDay(2027, 3, 1)},
                                  {.batch_number = "SOON", .quantity = Q("2"), .expiry_date = absl::CivilDay(2026, 12, 1)}}}});
              }),
              IsOk());
  std::optional<InventoryAdjustment> out;
  ASSERT_THAT(Write([&](Transaction& t) -> absl::Status {
                auto a = t.CreateAdjustment({.date = kDay, .reason = "Damaged",
                                             .line_items = {{.item_id = milk, .location_id = primary_,
                                                             .quantity_adjusted = Q("-1")}}});
                if (a.ok()) out = t.FindAdjustment(*a);
                return a.status();
              }),
              IsOk());
  ASSERT_EQ(out->line_items[0].batches.size(), 1u);
  EXPECT_EQ(out->line_items[0].batches[0].batch_number, "SOON");
  const TransferOrder* moved = nullptr;
  TransferOrder kept;
  ASSERT_THAT(Write([&](Transaction& t) -> absl::Status {
                auto o = t.CreateTransferOrder({.transfer_order_number = "TO-1", .date = kDay,
                                                .from_location_id = primary_, .to_location_id = shop,
                                                .line_items = {{.item_id = milk, .quantity_transfer = Q("2")}}});
                if (o.ok()) kept = **o;
                moved = o.ok() ? *o : nullptr;
                return o.status();
              }),
              IsOk());
  ASSERT_NE(moved, nullptr);
  ASSERT_EQ(kept.line_items[0].batches.size(), 2u);
  EXPECT_EQ(kept.line_items[0].batches[0].batch_number, "SOON");
  EXPECT_EQ(kept.line_items[0].batches[0].quantity, Q("1"));
  EXPECT_EQ(kept.line_items[0].batches[1].batch_number, "LATE");
  EXPECT_EQ(kept.line_items[0].batches[1].quantity, Q("1"));
  absl::Status s = Write([&](Transaction& t) {
    return t.CreateAdjustment({.date = kDay, .reason = "Damaged",
                               .line_items = {{.item_id = milk, .location_id = primary_,
                                               .quantity_adjusted = Q("-3")}}})
        .status();
  });
  EXPECT_THAT(s, IsError(absl::StatusCode::kFailedPrecondition, "line_items[0].batches", ApiCode::kInsufficientStock));
  EXPECT_EQ(s.message(), "Insufficient stock in batches of 'Milk' at 'Primary Location': requested 3, available 2.");
}

TEST_F(RegistryTest, DefinedBinsAndADefaultBin) {
  const ItemId tea = AddItem("Tea", "T-1", "", false, false, /*bins=*/true);
  EXPECT_THAT(Write([&](Transaction& t) { return t.CreateStorageLocation({.location_id = primary_, .name = "A-1"}).status(); }),
              IsError(absl::StatusCode::kFailedPrecondition, "location_id", ApiCode::kConflict));
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetStorageLocationsEnabled(primary_, true); }), IsOk());
  StorageLocationId a1, b1;
  ASSERT_THAT(Write([&](Transaction& t) -> absl::Status {
                auto a = t.CreateStorageLocation({.location_id = primary_, .name = "A-1"});
                if (!a.ok()) return a.status();
                a1 = *a;
                auto b = t.CreateStorageLocation({.location_id = primary_, .name = "B-1"});
                if (b.ok()) b1 = *b;
                return b.status();
              }),
              IsOk());
  EXPECT_THAT(Write([&](Transaction& t) { return t.CreateStorageLocation({.location_id = primary_, .name = "a-1"}).status(); }),
              IsError(absl::StatusCode::kAlreadyExists, "name", ApiCode::kDuplicate));
  // A line at the location names its bins by id.
  DocumentLine wrong = Line(tea, "2");
  wrong.storages = {{"A-1", Q("2")}};
  EXPECT_THAT(Create({.type = DocumentType::kPurchaseReceive, .status = DocumentStatus::kReceived,
                      .line_items = {wrong}})
                  .status(),
              IsError(absl::StatusCode::kNotFound, "line_items[0].storages[0].storage_location_id", ApiCode::kNotFound));
  ASSERT_THAT(Write([&](Transaction& t) { return t.SetDefaultStorageLocation(tea, primary_, b1); }), IsOk());
  DocumentLine in = Line(tea, "2");
  in.storages = {{Cat(a1.value()), Q("2")}};
  MustCreate({.type = DocumentType::kPurchaseReceive, .status = DocumentStatus::kReceived,
              .line_items = {in, Line(tea, "3")}});
  EXPECT_EQ(Bins(tea), Cat(a1.value(), "=2 ", b1.value(), "=3")) << "the rest went to the default bin";
  MustCreate({.type = DocumentType::kPurchaseReceive, .status = DocumentStatus::kReceived,
              .line_items = {Line(tea, "1")}});
  EXPECT_EQ(Bins(tea), Cat(a1.value(), "=2 ", b1.value(), "=4")) << "bins add up to the location's stock";
  EXPECT_THAT(Write([&](Transaction& t) { return t.DeleteStorageLocation(a1); }),
              IsError(absl::StatusCode::kFailedPrecondition, "storage_location_id", ApiCode::kConflict));
  EXPECT_THAT(Write([&](Transaction& t) { return t.SetStorageLocationsEnabled(primary_, false); }),
              IsError(absl::StatusCode::kFailedPrecondition, "location_id", ApiCode::kConflict));
  EXPECT_EQ(engine_->GetSnapshot().ListStorageLocations(primary_).size(), 2u);
  EXPECT_EQ(engine_->GetSnapshot().DefaultStorageLocation(tea, primary_), b1);
  EXPECT_EQ(engine_->GetSnapshot().StorageLocationBalance(b1), Q("4"));
  EXPECT_EQ(engine_->GetSnapshot().StorageLocationBalance(StorageLocationId(999999)), Q("0"));
}

}  // namespace
}  // namespace inventory
