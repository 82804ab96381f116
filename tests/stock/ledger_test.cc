// The stock ledger: figures, FIFO and weighted-average valuation with exact
// values, negative stock, all-or-nothing batches, reversal, rollback,
// revaluation (value postings), Verify(), history, and a randomized run
// against a simple model.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/text.h"
#include "inventory/errors.h"
#include "stock/ledger.h"
#include "stock/valuation.h"

namespace inventory {
template <class Tag>
void PrintTo(Decimal<Tag> d, std::ostream* os) {
  *os << d.ToString();
}
}  // namespace inventory

namespace inventory::internal {

// Readable failures (found by argument-dependent lookup, so outside the
// anonymous namespace).
void PrintTo(const Lot& lot, std::ostream* os) {
  *os << "{" << lot.id << ", " << lot.quantity.ToString() << ", " << lot.value.ToString() << "}";
}
void PrintTo(const LotMove& m, std::ostream* os) {
  *os << "{" << m.lot_id << ", " << m.quantity.ToString() << ", " << m.value.ToString() << "}";
}
void PrintTo(const Figures& f, std::ostream* os) {
  *os << "{" << f.on_hand.ToString() << ", " << f.available.ToString() << ", "
      << f.committed.ToString() << ", " << f.in_transit.ToString() << "}";
}

namespace {

constexpr ItemId kItem(12);
constexpr ItemId kOther(13);
constexpr LocationId kLoc(3);
constexpr LocationId kLoc2(4);

Quantity Q(std::string_view text) {
  auto q = Quantity::Parse(text);
  EXPECT_TRUE(q.ok()) << text;
  return q.ok() ? *q : Quantity();
}
Money M(std::string_view text) {
  auto m = Money::Parse(text);
  EXPECT_TRUE(m.ok()) << text;
  return m.ok() ? *m : Money();
}

DocumentRef Doc(DocumentKind kind, int64_t id, absl::CivilDay date = absl::CivilDay(2024, 5, 1)) {
  return DocumentRef{kind, id, Cat("D-", id), date};
}
DocumentRef Adj(int64_t id, absl::CivilDay date = absl::CivilDay(2024, 5, 1)) {
  return Doc(DocumentKind::kAdjustment, id, date);
}

// A line moving on_hand and available together (opening stock,
// adjustments, bundles, transfers).
PostingRequest Line(ItemId item, LocationId location, std::string_view quantity,
                    std::string_view unit_cost = "0") {
  const Quantity q = Q(quantity);
  return PostingRequest{.item = item, .location = location, .delta = {.on_hand = q, .available = q},
                        .unit_cost = M(unit_cost)};
}

// A value posting: no figure moves, the cell's value changes by `change`.
PostingRequest Revalue(ItemId item, LocationId location, std::string_view change) {
  return PostingRequest{.item = item, .location = location, .total_value = M(change)};
}

Lot L(int64_t id, std::string_view quantity, std::string_view value) {
  return Lot{id, Q(quantity), M(value)};
}
LotMove Mv(int64_t id, std::string_view quantity, std::string_view value) {
  return LotMove{id, Q(quantity), M(value)};
}
std::vector<Lot> LotsOf(const Ledger& ledger, ItemId item, LocationId location) {
  auto lots = ledger.Lots(item, location);
  return {lots.begin(), lots.end()};
}
std::vector<LotMove> MovesOf(const Ledger& ledger, uint32_t seq) {
  auto moves = ledger.LotMoves(seq);
  return {moves.begin(), moves.end()};
}

#define ASSERT_OK(expr)                       \
  do {                                        \
    const absl::Status _s = (expr);           \
    ASSERT_TRUE(_s.ok()) << #expr << ": " << _s; \
  } while (0)
#define EXPECT_VERIFIED(ledger) EXPECT_TRUE((ledger).Verify().ok()) << (ledger).Verify()

// ----------------------------------------------------------- valuation.h

TEST(ValuationTest, RoundsHalfAwayFromZero) {
  EXPECT_EQ(MulDivRound(5, 1, 2), 3);
  EXPECT_EQ(MulDivRound(-5, 1, 2), -3);
  EXPECT_EQ(MulDivRound(5, -1, 2), -3);
  EXPECT_EQ(MulDivRound(7, 1, 3), 2);
  EXPECT_EQ(MulDivRound(8, 1, 3), 3);
  EXPECT_EQ(MulDivRound(-8, 1, 3), -3);
  EXPECT_EQ(MulDivRound(1, 1, 0), std::nullopt);
  EXPECT_EQ(MulDivRound(INT64_MAX, 2, 1), std::nullopt);
  // 128-bit intermediate: no overflow on the way.
  EXPECT_EQ(MulDivRound(INT64_MAX, 1'000'000, 1'000'000), INT64_MAX);
}

// MulDivRound takes a 64-bit path when a * b fits; it must round exactly as
// the 128-bit one. The reference here is the plain 128-bit computation.
TEST(ValuationTest, SixtyFourBitPathRoundsAsTheWideOne) {
  auto wide = [](int64_t a, int64_t b, int64_t c) -> std::optional<int64_t> {
    const Int128 n = static_cast<Int128>(a) * b;
    Int128 q = n / c;
    const Int128 r = n % c;
    if (2 * (r < 0 ? -r : r) >= (c < 0 ? -static_cast<Int128>(c) : static_cast<Int128>(c))) {
      q += ((n < 0) != (c < 0)) ? -1 : 1;
    }
    if (q > INT64_MAX || q < INT64_MIN) return std::nullopt;
    return static_cast<int64_t>(q);
  };
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200000; ++i) {
    const int bits = 1 + static_cast<int>(rng() % 40);
    auto draw = [&](int b) { return static_cast<int64_t>(rng() % (uint64_t{1} << b)) * ((rng() & 1) ? -1 : 1); };
    const int64_t a = draw(bits), b = draw(62 - bits), c = draw(1 + static_cast<int>(rng() % 40));
    if (c == 0) continue;
    ASSERT_EQ(MulDivRound(a, b, c), wide(a, b, c)) << a << " * " << b << " / " << c;
  }
  EXPECT_EQ(MulDivRound(INT64_MIN, 1, -1), std::nullopt);
  EXPECT_EQ(MulDivRound(INT64_MIN, 1, 1), INT64_MIN);
  EXPECT_EQ(MulDivRound(-3, 1, 2), -2);
  EXPECT_EQ(MulDivRound(3, 1, -2), -2);
  EXPECT_EQ(MulDivRound(-3, 1, -2), 2);
}

TEST(ValuationTest, QuantityTimesCostIsExactThenRoundedOnce) {
  EXPECT_EQ(ValueOf(Q("12"), M("2.50")), M("30"));
  EXPECT_EQ(ValueOf(Q("3"), M("3.333333")), M("9.999999"));
  EXPECT_EQ(ValueOf(Q("0.5"), M("0.000001")), M("0.000001"));  // 0.0000005 -> up
  EXPECT_EQ(ValueOf(Q("-0.5"), M("0.000001")), M("-0.000001"));
  EXPECT_EQ(ValueOf(Q("1.234567"), M("7.654321")), M("9.449772"));  // 9.44977149...
  EXPECT_EQ(UnitCostOf(M("10"), Q("3")), M("3.333333"));
  EXPECT_EQ(UnitCostOf(M("20"), Q("3")), M("6.666667"));
  EXPECT_EQ(ShareOf(M("10"), Q("1"), Q("3")), M("3.333333"));
  EXPECT_EQ(ShareOf(M("10"), Q("3"), Q("3")), M("10"));
}

// ---------------------------------------------------------------- figures

TEST(LedgerTest, MovesTheFiguresEachDocumentMoves) {
  Ledger ledger;
  ASSERT_OK(ledger.Post(Doc(DocumentKind::kOpeningStock, 1), Line(kItem, kLoc, "10", "2.50")));
  ASSERT_OK(ledger.Post(Doc(DocumentKind::kOpeningStock, 1), Line(kItem, kLoc2, "4", "2.50")));
  // An invoice moves stock on hand only; a shipment available stock only.
  ASSERT_OK(ledger.Post(Doc(DocumentKind::kInvoice, 2),
                        {.item = kItem, .location = kLoc, .delta = {.on_hand = -Q("3")}}));
  EXPECT_EQ(ledger.CellFigures(kItem, kLoc), (Figures{Q("7"), Q("10"), Q("0"), Q("0")}));
  ASSERT_OK(ledger.Post(Doc(DocumentKind::kShipment, 3),
                        {.item = kItem, .location = kLoc, .delta = {.available = -Q("3")}}));
  ASSERT_OK(ledger.Post(Doc(DocumentKind::kSalesOrder, 4),
                        {.item = kItem, .location = kLoc, .delta = {.committed = Q("2")}}));
  const Figures& cell = ledger.CellFigures(kItem, kLoc);
  EXPECT_EQ(cell, (Figures{Q("7"), Q("7"), Q("2"), Q("0")}));
  EXPECT_EQ(cell.actual_available(), Q("5"));
  EXPECT_EQ(ledger.ItemFigures(kItem), (Figures{Q("11"), Q("11"), Q("2"), Q("0")}));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("17.50"));  // 25.00 - 3 x 2.50
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc2), M("10"));
  EXPECT_EQ(ledger.AssetValue(kItem), M("27.50"));
  EXPECT_EQ(ledger.posting(2).value, M("-7.50"));
  EXPECT_EQ(ledger.posting(3).value, M("0"));  // available only: no value

  EXPECT_TRUE(ledger.HasPostings(kItem));
  EXPECT_FALSE(ledger.HasPostings(kOther));
  EXPECT_EQ(ledger.LocationsWithStock(kItem), (std::vector<LocationId>{kLoc, kLoc2}));
  EXPECT_TRUE(ledger.LocationHasStock(kLoc2));
  EXPECT_FALSE(ledger.LocationHasStock(LocationId(99)));
  EXPECT_EQ(ledger.CellFigures(kOther, kLoc), Figures{});
  EXPECT_EQ(ledger.AssetValue(kOther), Money());
  EXPECT_EQ(ledger.Mark(), 5u);
  EXPECT_VERIFIED(ledger);

  // Emptying a cell takes the location out of the stocked ones.
  ASSERT_OK(ledger.Post(Adj(5), Line(kItem, kLoc2, "-4")));
  EXPECT_EQ(ledger.LocationsWithStock(kItem), (std::vector<LocationId>{kLoc}));
  EXPECT_FALSE(ledger.LocationHasStock(kLoc2));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc2), Money());
  EXPECT_VERIFIED(ledger);
}

TEST(LedgerTest, RefusesMalformedRequests) {
  Ledger ledger;
  const std::string before = ledger.DebugString();
  auto code_of = [&](PostingRequest r) { return ledger.Post(Adj(1), r).code(); };
  EXPECT_EQ(code_of(Line(ItemId(), kLoc, "1")), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code_of(Line(kItem, LocationId(), "1")), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code_of(PostingRequest{.item = kItem, .location = kLoc}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code_of(Line(kItem, kLoc, "1", "-1")), absl::StatusCode::kInvalidArgument);
  PostingRequest out_with_value = Line(kItem, kLoc, "-1");
  out_with_value.total_value = M("1");
  EXPECT_EQ(code_of(out_with_value), absl::StatusCode::kInvalidArgument);
  PostingRequest bad_from = Line(kItem, kLoc, "1");
  bad_from.cost_from = CostFrom{0, 1};  // no posting 0 yet
  EXPECT_EQ(code_of(bad_from), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code_of(Line(kItem, kLoc, "9000000000000", "9000000")), absl::StatusCode::kInvalidArgument);
  // Value postings: total_value is required and non-zero, cost_from is not
  // taken, and a negative total_value makes sense only without quantity.
  absl::Status s = ledger.Post(Adj(1), Revalue(kItem, kLoc, "0"));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(s), "total_value");
  PostingRequest value_from = Revalue(kItem, kLoc, "1");
  value_from.cost_from = CostFrom{0, 1};
  EXPECT_EQ(code_of(value_from), absl::StatusCode::kInvalidArgument);
  PostingRequest negative_in = Line(kItem, kLoc, "1");
  negative_in.total_value = M("-1");
  EXPECT_EQ(code_of(negative_in), absl::StatusCode::kInvalidArgument);
  PostingRequest committed_with_value{.item = kItem, .location = kLoc, .delta = {.committed = Q("1")},
                                      .total_value = M("-1")};
  EXPECT_EQ(code_of(committed_with_value), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ledger.DebugString(), before);
  EXPECT_VERIFIED(ledger);
}

// -------------------------------------------------------------- valuation

TEST(LedgerTest, FifoIssuesTheOldestLotsFirst) {
  Ledger ledger({.valuation = Valuation::kFifo});
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "10", "2.50")));  // lot 1: 25.00
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "5", "3.10")));   // lot 2: 15.50
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(1, "10", "25"), L(2, "5", "15.50")}));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("40.50"));

  ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "-12")));
  // 10 x 2.50 + 2 x 3.10 = 31.20.
  EXPECT_EQ(ledger.posting(2).value, M("-31.20"));
  EXPECT_EQ(ledger.posting(2).unit_cost, M("2.60"));
  EXPECT_EQ(MovesOf(ledger, 2), (std::vector<LotMove>{Mv(1, "-10", "-25"), Mv(2, "-2", "-6.20")}));
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(2, "3", "9.30")}));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("9.30"));

  ASSERT_OK(ledger.Post(Adj(4), Line(kItem, kLoc, "-3")));
  EXPECT_EQ(ledger.posting(3).value, M("-9.30"));
  EXPECT_TRUE(LotsOf(ledger, kItem, kLoc).empty());
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), Money());
  EXPECT_VERIFIED(ledger);
}

// Lot moves are stored in chunks of 65,536; a posting's moves may span two
// of them, and any number of lots. Rollback, Reverse and Verify see them
// whole, and a rollback leaves the ledger exactly as before: later lots get
// the ids they would have had.
// Document numbers are stored once per run of references sharing them; a
// rollback must not drop one an earlier reference still uses.
// An issue the oldest lot covers changes only the cell's copy of that lot;
// every later reader (the lot list, an issue spanning lots, a revaluation,
// a rollback, a reversal) sees the lot as the copy holds it.
TEST(LedgerTest, IssuesFromTheOldestLotAreSeenByEveryLaterReader) {
  Ledger ledger({.valuation = Valuation::kFifo});
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "10", "2")));  // lot 1: 20.00
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "5", "3")));   // lot 2: 15.00
  ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "-3")));
  ASSERT_OK(ledger.Post(Adj(4), Line(kItem, kLoc, "-2")));
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(1, "5", "10"), L(2, "5", "15")}));
  EXPECT_EQ(ledger.Lots(kItem, kLoc).size(), 2u);
  EXPECT_EQ(ledger.Lots(kItem, kLoc).front(), L(1, "5", "10"));
  EXPECT_EQ(ledger.Lots(kItem, kLoc).back(), L(2, "5", "15"));
  EXPECT_VERIFIED(ledger);
  const size_t mark = ledger.Mark();
  const std::string before = ledger.DebugString();

  // Spanning both lots: 5 x 2 + 2 x 3.
  ASSERT_OK(ledger.Post(Adj(5), Line(kItem, kLoc, "-7")));
  EXPECT_EQ(ledger.posting(4).value, M("-16"));
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(2, "3", "9")}));
  EXPECT_VERIFIED(ledger);
  ledger.RollbackTo(mark);
  EXPECT_EQ(ledger.DebugString(), before);
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(1, "5", "10"), L(2, "5", "15")}));
  EXPECT_VERIFIED(ledger);

  // A revaluation spreads by the quantities as they are now: 5 and 5.
  ASSERT_OK(ledger.Post(Adj(6), Revalue(kItem, kLoc, "1")));
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(1, "5", "10.50"), L(2, "5", "15.50")}));
  // Reversing the first issue puts its 3 back into lot 1 at 2.00 each.
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 3, Adj(3)));
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(1, "8", "16.50"), L(2, "5", "15.50")}));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("32"));
  EXPECT_VERIFIED(ledger);
}

TEST(LedgerTest, ReceiptsAfterUsedUpLotsReuseTheirRoomAndKeepFifoOrder) {
  Ledger ledger({.valuation = Valuation::kFifo});
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "2", "1")));  // lot 1: 2 at 1.00
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "2", "2")));  // lot 2: 2 at 2.00
  size_t bytes = 0;
  // Each round adds a lot of 1 and issues 1 from the oldest: two lots stay
  // live, the used-up ones before them are dropped, not grown past.
  for (int64_t round = 0; round < 200; ++round) {
    const std::string cost = std::to_string(3 + round);
    ASSERT_OK(ledger.Post(Adj(3 + 2 * round), Line(kItem, kLoc, "1", cost)));
    ASSERT_OK(ledger.Post(Adj(4 + 2 * round), Line(kItem, kLoc, "-1")));
    if (round == 5) bytes = ledger.MemoryUsage().balance_bytes;
  }
  EXPECT_EQ(ledger.MemoryUsage().balance_bytes, bytes);
  // The oldest live lots are the last rounds' receipts but four, in order.
  const LotList lots = ledger.Lots(kItem, kLoc);
  ASSERT_EQ(lots.size(), 4u);
  EXPECT_EQ(lots[0].quantity, Q("1"));
  EXPECT_EQ(lots[0].value, M("199"));
  EXPECT_EQ(lots[3].value, M("202"));
  // The next issue takes the oldest: 199.00.
  ASSERT_OK(ledger.Post(Adj(1000), Line(kItem, kLoc, "-1")));
  EXPECT_EQ(ledger.posting(ledger.Mark() - 1).value, M("-199"));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("603"));
  EXPECT_VERIFIED(ledger);
}

// Receipts at the same cost stay lots of their own: reversals of receipts,
// of the issues that took them and of value postings act on each
// receipt's own units. (A receipt joining the lot before it when costs
// are equal was tried and reverted: each of these tests failed with it;
// bench/README.md, step 14.)
TEST(LedgerTest, SameCostReceiptsStaySeparateThroughReversals) {
  auto ledger_with = [](std::initializer_list<std::pair<const char*, const char*>> receipts) {
    auto ledger = std::make_unique<Ledger>(LedgerOptions{.valuation = Valuation::kFifo});
    int64_t id = 1;
    for (const auto& [quantity, cost] : receipts) {
      EXPECT_TRUE(ledger->Post(Adj(id++), Line(kItem, kLoc, quantity, cost)).ok());
    }
    return ledger;
  };
  {
    // An issue across two receipts at 2.00, put back: receipt 1 is whole
    // again, receipt 2 is not.
    auto ledger = ledger_with({{"5", "2"}, {"3", "2"}});
    ASSERT_OK(ledger->Post(Adj(3), Line(kItem, kLoc, "-6")));
    ASSERT_OK(ledger->Post(Adj(4), Line(kItem, kLoc, "-2")));
    ASSERT_OK(ledger->Reverse(DocumentKind::kAdjustment, 3, Adj(5)));
    const size_t mark = ledger->Mark();
    ASSERT_OK(ledger->Reverse(DocumentKind::kAdjustment, 1, Adj(6)));
    ledger->RollbackTo(mark);
    EXPECT_EQ(ErrorApiCode(ledger->Reverse(DocumentKind::kAdjustment, 2, Adj(7))), kStockUsedCode);
    EXPECT_VERIFIED(*ledger);
  }
  {
    // Taking other stock for a used receipt takes the oldest: 1 at 2.00 of
    // its own, then 2 at 7.00.
    auto ledger = ledger_with({{"5", "7"}, {"5", "2"}, {"3", "2"}});
    ASSERT_OK(ledger->Post(Adj(4), Line(kItem, kLoc, "-11")));
    ASSERT_OK(ledger->Post(Adj(5), Line(kItem, kLoc, "-2")));
    ASSERT_OK(ledger->Reverse(DocumentKind::kAdjustment, 4, Adj(6)));
    ASSERT_OK(ledger->Reverse(DocumentKind::kAdjustment, 3, Adj(7), IfStockUsed::kTakeOtherStock));
    EXPECT_EQ(ledger->posting(static_cast<uint32_t>(ledger->Mark() - 1)).value, M("-16"));
    EXPECT_EQ(ledger->AssetValue(kItem, kLoc), M("31"));
    EXPECT_VERIFIED(*ledger);
  }
  {
    // A lot put back by an issue's reversal keeps its place before a later
    // receipt at the first lot's cost: 5 at 2.00, 2 at 3.00, 3 at 2.00.
    auto ledger = ledger_with({{"5", "2"}});
    ASSERT_OK(ledger->Post(Adj(2), Line(kItem, kLoc, "-5")));
    ASSERT_OK(ledger->Post(Adj(3), Line(kItem, kLoc, "2", "3")));
    ASSERT_OK(ledger->Post(Adj(4), Line(kItem, kLoc, "-2")));
    ASSERT_OK(ledger->Reverse(DocumentKind::kAdjustment, 2, Adj(5)));
    ASSERT_OK(ledger->Post(Adj(6), Line(kItem, kLoc, "3", "2")));
    ASSERT_OK(ledger->Reverse(DocumentKind::kAdjustment, 4, Adj(7)));
    ASSERT_OK(ledger->Post(Adj(8), Line(kItem, kLoc, "-6")));
    EXPECT_EQ(ledger->posting(static_cast<uint32_t>(ledger->Mark() - 1)).value, M("-13"));
    EXPECT_VERIFIED(*ledger);
  }
  {
    // A value posting over receipts at one cost, the first receipt issued,
    // the value posting deleted: the used-up lot's share goes to the
    // others by quantity (3.00 to the second receipt's 3 units, 2.00 to
    // the 2 units at 5.00).
    auto ledger = ledger_with({{"5", "2"}, {"3", "2"}, {"2", "5"}});
    ASSERT_OK(ledger->Post(Adj(4), Revalue(kItem, kLoc, "10")));
    ASSERT_OK(ledger->Post(Adj(5), Line(kItem, kLoc, "-5")));
    ASSERT_OK(ledger->Reverse(DocumentKind::kAdjustment, 4, Adj(6), IfStockUsed::kTakeOtherStock));
    ASSERT_OK(ledger->Post(Adj(7), Line(kItem, kLoc, "-3")));
    EXPECT_EQ(ledger->posting(static_cast<uint32_t>(ledger->Mark() - 1)).value, M("-3"));
    EXPECT_EQ(ledger->AssetValue(kItem, kLoc), M("8"));
    EXPECT_VERIFIED(*ledger);
  }
}

// A landing in two pieces at the destination, next to a lot at the first
// piece's cost, comes out whole when its transfer is deleted.
TEST(LedgerTest, ALandingNextToALotAtItsCostReversesWhole) {
  for (IfStockUsed if_used : {IfStockUsed::kRefuse, IfStockUsed::kTakeOtherStock}) {
    Ledger ledger({.valuation = Valuation::kFifo});
    ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "2", "3")));
    ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "4", "5")));
    ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc2, "5", "3")));
    const DocumentRef transfer = Doc(DocumentKind::kTransferOrder, 9);
    ASSERT_OK(ledger.Post(transfer, Line(kItem, kLoc, "-6")));  // seq 3: 6.00 + 20.00
    PostingRequest land = Line(kItem, kLoc2, "6");
    land.cost_from = CostFrom{3, 1};
    ASSERT_OK(ledger.Post(transfer, land));
    EXPECT_EQ(ledger.AssetValue(kItem, kLoc2), M("41"));
    ASSERT_OK(ledger.Reverse(DocumentKind::kTransferOrder, 9, transfer, if_used));
    EXPECT_EQ(ledger.posting(5).value, M("-26"));
    EXPECT_EQ(ledger.AssetValue(kItem, kLoc2), M("15"));
    EXPECT_EQ(ledger.Lots(kItem, kLoc2).size(), 1u);
    EXPECT_VERIFIED(ledger);
  }
}

// Receipts at two costs, issues and reversals at random, against a model
// that keeps each receipt's units apart in receipt order: with whole units
// and costs no share is rounded, so every issue's value, every refusal to
// reverse a used receipt and the cell's value must be the model's.
TEST(LedgerTest, FifoReceiptsIssuesAndReversalsAgainstAModel) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SCOPED_TRACE(seed);
    Ledger ledger({.valuation = Valuation::kFifo});
    std::mt19937_64 rng(seed);
    auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    struct Receipt {
      int64_t cost = 0;             // whole currency units a unit
      int64_t added = 0, left = 0;  // whole units
    };
    struct Doc {
      bool receipt = false;
      size_t index = 0;                              // a receipt's
      std::vector<std::pair<size_t, int64_t>> took;  // an issue's: (receipt, units)
      bool reversed = false;
    };
    std::vector<Receipt> receipts;  // in FIFO order
    std::vector<Doc> docs;          // docs[i] is adjustment i + 1
    int used_refusals = 0, receipts_reversed = 0, issues_reversed = 0;
    auto held = [&] {
      int64_t units = 0, value = 0;
      for (const Receipt& g : receipts) units += g.left, value += g.left * g.cost;
      return std::pair{units, value};
    };
    for (int step = 0; step < 2000; ++step) {
      const int64_t id = static_cast<int64_t>(docs.size()) + 1;
      const int op = uniform(0, 9);
      if (op < 4) {
        const int64_t units = uniform(1, 5), cost = uniform(2, 3);
        ASSERT_OK(ledger.Post(Adj(id), Line(kItem, kLoc, std::to_string(units), std::to_string(cost))));
        receipts.push_back({cost, units, units});
        docs.push_back({.receipt = true, .index = receipts.size() - 1});
      } else if (op < 7) {
        const int64_t units = uniform(1, 6);
        absl::Status s = ledger.Post(Adj(id), Line(kItem, kLoc, Cat("-", units)));
        if (held().first < units) {
          ASSERT_EQ(ErrorApiCode(s), kInsufficientStockCode) << "step " << step;
          docs.push_back({.reversed = true});  // nothing to reverse
          continue;
        }
        ASSERT_OK(s);
        Doc doc;
        int64_t need = units, value = 0;
        for (size_t g = 0; g < receipts.size() && need > 0; ++g) {
          const int64_t n = std::min(need, receipts[g].left);
          if (n == 0) continue;
          receipts[g].left -= n;
          need -= n;
          value += n * receipts[g].cost;
          doc.took.push_back({g, n});
        }
        ASSERT_EQ(ledger.posting(static_cast<uint32_t>(ledger.Mark() - 1)).value, Money::FromInt(-value))
            << "step " << step;
        docs.push_back(std::move(doc));
      } else {
        docs.push_back({.reversed = true});  // the reversal's own number
        const size_t pick = static_cast<size_t>(uniform(0, static_cast<int>(docs.size()) - 1));
        Doc& doc = docs[pick];
        if (doc.reversed) continue;
        absl::Status s = ledger.Reverse(DocumentKind::kAdjustment, static_cast<int64_t>(pick) + 1, Adj(id));
        if (doc.receipt) {
          Receipt& g = receipts[doc.index];
          if (g.left != g.added) {
            ASSERT_EQ(ErrorApiCode(s), kStockUsedCode) << "step " << step << ": " << s;
            ++used_refusals;
            continue;
          }
          ASSERT_OK(s);
          g.left = g.added = 0;
          ++receipts_reversed;
        } else {
          ASSERT_OK(s);
          for (const auto& [g, n] : doc.took) receipts[g].left += n;
          ++issues_reversed;
        }
        doc.reversed = true;
      }
      const auto [units, value] = held();
      ASSERT_EQ(ledger.CellFigures(kItem, kLoc).on_hand, Quantity::FromInt(units)) << "step " << step;
      ASSERT_EQ(ledger.AssetValue(kItem, kLoc), Money::FromInt(value)) << "step " << step;
    }
    EXPECT_VERIFIED(ledger);
    // The run exercised what it claims to.
    EXPECT_GT(used_refusals, 10);
    EXPECT_GT(receipts_reversed, 10);
    EXPECT_GT(issues_reversed, 10);
  }
}

TEST(LedgerTest, RollbackKeepsTheNumbersOfEarlierDocuments) {
  Ledger ledger({.valuation = Valuation::kFifo});
  auto doc = [](int64_t id, std::string number) {
    return DocumentRef{DocumentKind::kAdjustment, id, std::move(number), absl::CivilDay(2024, 5, 1)};
  };
  ASSERT_OK(ledger.Post(doc(1, "INV-7"), Line(kItem, kLoc, "5", "1")));
  ASSERT_OK(ledger.Post(doc(2, ""), Line(kItem, kLoc, "1", "1")));
  const size_t mark = ledger.Mark();
  ASSERT_OK(ledger.Post(doc(3, "INV-7"), Line(kItem, kLoc, "1", "1")));
  ledger.RollbackTo(mark);
  ASSERT_OK(ledger.Post(doc(4, "INV-8"), Line(kItem, kLoc, "1", "1")));
  auto rows = ledger.History(kItem, kLoc, std::nullopt, std::nullopt);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].document.number, "INV-7");
  EXPECT_EQ(rows[1].document.number, "");
  EXPECT_EQ(rows[2].document.number, "INV-8");
  EXPECT_VERIFIED(ledger);
}

TEST(LedgerTest, RefusesDocumentDatesItCannotStore) {
  Ledger ledger({.valuation = Valuation::kFifo});
  absl::Status s = ledger.Post(DocumentRef{DocumentKind::kAdjustment, 1, "", absl::CivilDay(7000000, 1, 1)},
                               Line(kItem, kLoc, "1", "1"));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "A document's date must be within 5 million years of 1970.");
  EXPECT_EQ(ledger.Mark(), 0u);
}

TEST(LedgerTest, LotMovesMaySpanChunks) {
  Ledger ledger({.valuation = Valuation::kFifo});
  constexpr int kReceipts = 65535;  // one move each: one slot left in the chunk
  std::vector<PostingRequest> receipts(kReceipts, Line(kItem, kLoc, "1", "2"));
  receipts.back() = Line(kItem, kLoc, "1", "3");
  ASSERT_OK(ledger.PostAll(Adj(1), receipts));
  Ledger twin({.valuation = Valuation::kFifo});
  ASSERT_OK(twin.PostAll(Adj(1), receipts));

  // An issue of 2 takes lots 1 and 2: its moves straddle the chunks.
  const size_t mark = ledger.Mark();
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "-2")));
  EXPECT_EQ(MovesOf(ledger, kReceipts), (std::vector<LotMove>{Mv(1, "-1", "-2"), Mv(2, "-1", "-2")}));
  EXPECT_EQ(MovesOf(ledger, kReceipts - 1), (std::vector<LotMove>{Mv(kReceipts, "1", "3")}));
  EXPECT_VERIFIED(ledger);
  ledger.RollbackTo(mark);
  ASSERT_OK(ledger.Post(Adj(3), Line(kItem, LocationId(4), "1", "5")));
  ASSERT_OK(twin.Post(Adj(3), Line(kItem, LocationId(4), "1", "5")));
  EXPECT_EQ(ledger.DebugString(), twin.DebugString());

  ASSERT_OK(ledger.Post(Adj(4), Line(kItem, kLoc, "-2")));
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 4, Adj(5)));
  EXPECT_EQ(ledger.CellFigures(kItem, kLoc).on_hand, Q("65535"));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("131071"));  // 65,534 x 2 + 3
  EXPECT_VERIFIED(ledger);

  // A revaluation touches every one of the 65,535 lots, and an issue may
  // take them all.
  ASSERT_OK(ledger.Post(Adj(6), Revalue(kItem, kLoc, "65.535")));
  EXPECT_EQ(ledger.LotMoves(static_cast<uint32_t>(ledger.Mark() - 1)).size(), 65535u);
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("131136.535"));
  ASSERT_OK(ledger.Post(Adj(7), Line(kItem, kLoc, "-65535")));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), Money());
  EXPECT_VERIFIED(ledger);
}

TEST(LedgerTest, FifoPartOfALotWithARepeatingCostLeavesNoResidue) {
  Ledger ledger({.valuation = Valuation::kFifo});
  PostingRequest in = Line(kItem, kLoc, "3");
  in.total_value = M("10");
  ASSERT_OK(ledger.Post(Adj(1), in));
  EXPECT_EQ(ledger.posting(0).unit_cost, M("3.333333"));
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "-1")));
  EXPECT_EQ(ledger.posting(1).value, M("-3.333333"));  // 10 x 1/3, rounded
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(1, "2", "6.666667")}));
  ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "-2")));
  EXPECT_EQ(ledger.posting(2).value, M("-6.666667"));  // the rest of the lot
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), Money());
  EXPECT_VERIFIED(ledger);
}

TEST(LedgerTest, WeightedAverageIssuesAtTheAverageAndEmptiesToZero) {
  Ledger ledger({.valuation = Valuation::kWeightedAverage});
  PostingRequest in = Line(kItem, kLoc, "3");
  in.total_value = M("10");
  ASSERT_OK(ledger.Post(Adj(1), in));
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "-1")));
  // 10.00 x 1 / 3 = 3.3333333... -> 3.333333 (half away from zero).
  EXPECT_EQ(ledger.posting(1).value, M("-3.333333"));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("6.666667"));
  ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "-2")));
  // The issue that empties the cell takes all that is left.
  EXPECT_EQ(ledger.posting(2).value, M("-6.666667"));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), Money());
  EXPECT_TRUE(LotsOf(ledger, kItem, kLoc).empty());
  EXPECT_VERIFIED(ledger);
}

TEST(LedgerTest, WeightedAverageBlendsReceipts) {
  Ledger ledger({.valuation = Valuation::kWeightedAverage});
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "10", "2.50")));
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "5", "3.10")));
  ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "-4")));
  EXPECT_EQ(ledger.posting(2).value, M("-10.80"));  // 40.50 / 15 = 2.70 each
  EXPECT_EQ(ledger.posting(2).unit_cost, M("2.70"));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("29.70"));
  // A half millionth rounds away from zero: 2 units worth 0.000001, issue 1.
  PostingRequest tiny = Line(kOther, kLoc, "2");
  tiny.total_value = M("0.000001");
  ASSERT_OK(ledger.Post(Adj(4), tiny));
  ASSERT_OK(ledger.Post(Adj(5), Line(kOther, kLoc, "-1")));
  EXPECT_EQ(ledger.posting(4).value, M("-0.000001"));
  EXPECT_EQ(ledger.AssetValue(kOther, kLoc), Money());
  EXPECT_EQ(ledger.CellFigures(kOther, kLoc).on_hand, Q("1"));
  EXPECT_VERIFIED(ledger);
}

TEST(LedgerTest, CostFromCarriesLotsAcrossATransfer) {
  Ledger ledger({.valuation = Valuation::kFifo});
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "3", "1")));
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "2", "2")));
  // In transit: out of the source, into the destination's in-transit.
  const DocumentRef transfer = Doc(DocumentKind::kTransferOrder, 9);
  const PostingRequest in_transit[] = {
      Line(kItem, kLoc, "-5"),
      {.item = kItem, .location = kLoc2, .delta = {.in_transit = Q("5")}},
  };
  ASSERT_OK(ledger.PostAll(transfer, in_transit));
  EXPECT_EQ(ledger.posting(2).value, M("-7"));
  // Transferred: lands at the destination with the source's cost layers.
  PostingRequest land{.item = kItem,
                      .location = kLoc2,
                      .delta = {.on_hand = Q("5"), .available = Q("5"), .in_transit = -Q("5")},
                      .cost_from = CostFrom{2, 1}};
  ASSERT_OK(ledger.Post(transfer, land));
  EXPECT_EQ(ledger.CellFigures(kItem, kLoc2), (Figures{Q("5"), Q("5"), Q("0"), Q("0")}));
  EXPECT_EQ(ledger.posting(4).value, M("7"));
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc2), (std::vector<Lot>{L(5, "3", "3"), L(6, "2", "4")}));
  EXPECT_EQ(ledger.AssetValue(kItem), M("7"));
  EXPECT_VERIFIED(ledger);

  // Deleting the transfer order puts everything back where it was.
  ASSERT_OK(ledger.Reverse(DocumentKind::kTransferOrder, 9, transfer));
  EXPECT_EQ(ledger.CellFigures(kItem, kLoc), (Figures{Q("5"), Q("5"), Q("0"), Q("0")}));
  EXPECT_EQ(ledger.CellFigures(kItem, kLoc2), Figures{});
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(1, "3", "3"), L(2, "2", "4")}));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("7"));
  EXPECT_VERIFIED(ledger);
}

TEST(LedgerTest, BundleCompositeCostsWhatItConsumed) {
  for (Valuation valuation : {Valuation::kFifo, Valuation::kWeightedAverage}) {
    SCOPED_TRACE(static_cast<int>(valuation));
    Ledger ledger({.valuation = valuation});
    const ItemId a(1), b(2), composite(3);
    ASSERT_OK(ledger.Post(Adj(1), Line(a, kLoc, "4", "1.25")));
    ASSERT_OK(ledger.Post(Adj(1), Line(b, kLoc, "10", "0.30")));
    const uint32_t base = static_cast<uint32_t>(ledger.Mark());
    PostingRequest bundle[] = {Line(a, kLoc, "-2"), Line(b, kLoc, "-6"), Line(composite, kLoc, "2")};
    bundle[2].cost_from = CostFrom{base, 2};
    ASSERT_OK(ledger.PostAll(Doc(DocumentKind::kBundle, 5), bundle));
    EXPECT_EQ(ledger.posting(base + 2).value, M("4.30"));  // 2.50 + 1.80
    EXPECT_EQ(ledger.posting(base + 2).unit_cost, M("2.15"));
    EXPECT_EQ(ledger.AssetValue(composite), M("4.30"));
    EXPECT_EQ(ledger.AssetValue(a), M("2.50"));
    EXPECT_EQ(ledger.AssetValue(b), M("1.20"));
    EXPECT_VERIFIED(ledger);

    ASSERT_OK(ledger.Reverse(DocumentKind::kBundle, 5, Doc(DocumentKind::kBundle, 5)));
    EXPECT_EQ(ledger.ItemFigures(composite), Figures{});
    EXPECT_EQ(ledger.AssetValue(composite), Money());
    EXPECT_EQ(ledger.ItemFigures(a).on_hand, Q("4"));
    EXPECT_EQ(ledger.AssetValue(a), M("5"));
    EXPECT_EQ(ledger.AssetValue(b), M("3"));
    EXPECT_VERIFIED(ledger);
  }
}

// ---------------------------------------------------------- negative stock

TEST(LedgerTest, RefusesNegativeStockAndChangesNothing) {
  Ledger ledger;
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "2", "1")));
  const std::string before = ledger.DebugString();
  PostingRequest out = Line(kItem, kLoc, "-5");
  out.line = 4;
  absl::Status s = ledger.Post(Adj(2), out);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(std::string(s.message()), "Insufficient stock of item 12 at location 3: requested 5, available 2.");
  EXPECT_EQ(ErrorApiCode(s), kInsufficientStockCode);
  std::optional<StockShortage> shortage = GetStockShortage(s);
  ASSERT_TRUE(shortage.has_value());
  EXPECT_EQ(shortage->item, kItem);
  EXPECT_EQ(shortage->location, kLoc);
  EXPECT_EQ(shortage->line, 4);
  EXPECT_EQ(shortage->requested, Q("5"));
  EXPECT_EQ(shortage->available, Q("2"));
  EXPECT_EQ(ledger.DebugString(), before);

  // Available stock alone (a shipment) is checked too, and a cell never
  // posted to has nothing.
  ASSERT_OK(ledger.Post(Doc(DocumentKind::kInvoice, 3),
                        {.item = kItem, .location = kLoc, .delta = {.on_hand = -Q("1.5")}}));
  s = ledger.Post(Doc(DocumentKind::kShipment, 4),
                  {.item = kItem, .location = kLoc, .delta = {.available = -Q("2.5")}});
  EXPECT_EQ(std::string(s.message()), "Insufficient stock of item 12 at location 3: requested 2.5, available 2.");
  s = ledger.Post(Adj(5), Line(kItem, kLoc2, "-1"));
  EXPECT_EQ(std::string(s.message()), "Insufficient stock of item 12 at location 4: requested 1, available 0.");
  EXPECT_FALSE(GetStockShortage(absl::OkStatus()).has_value());
  EXPECT_VERIFIED(ledger);
}

TEST(LedgerTest, AllowsNegativeStockWhenAskedAndCoversItAtItsOwnCost) {
  for (Valuation valuation : {Valuation::kFifo, Valuation::kWeightedAverage}) {
    SCOPED_TRACE(static_cast<int>(valuation));
    Ledger ledger({.valuation = valuation, .allow_negative = true});
    ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "2", "1.50")));
    ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "-5")));
    // 2 held at 1.50, 3 beyond at the last incoming cost 1.50.
    EXPECT_EQ(ledger.posting(1).value, M("-7.50"));
    EXPECT_EQ(ledger.CellFigures(kItem, kLoc).on_hand, Q("-3"));
    EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("-4.50"));
    EXPECT_TRUE(LotsOf(ledger, kItem, kLoc).empty());
    // A receipt at 2.00 covers the 3 at the 4.50 they went out at; the rest
    // is stock worth 2 x 2.00.
    ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "5", "2")));
    EXPECT_EQ(ledger.posting(2).value, M("8.50"));
    EXPECT_EQ(ledger.CellFigures(kItem, kLoc).on_hand, Q("2"));
    EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("4"));
    if (valuation == Valuation::kFifo) {
      EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(5, "2", "4")}));
    }
    EXPECT_VERIFIED(ledger);
    ledger.set_allow_negative(false);
    EXPECT_FALSE(ledger.Post(Adj(4), Line(kItem, kLoc, "-3")).ok());
  }
}

// ----------------------------------------------------------- transactions

TEST(LedgerTest, PostAllIsAllOrNothing) {
  Ledger ledger;
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "5", "1")));
  ASSERT_OK(ledger.Post(Adj(1), Line(kOther, kLoc, "2", "1")));
  const std::string before = ledger.DebugString();

  const PostingRequest short_second[] = {Line(kItem, kLoc, "-1"), Line(kOther, kLoc, "-3")};
  absl::Status s = ledger.PostAll(Adj(2), short_second);
  EXPECT_EQ(std::string(s.message()), "Insufficient stock of item 13 at location 3: requested 3, available 2.");
  EXPECT_EQ(ledger.DebugString(), before);

  // The check is on the net change per cell: two lines of one cell add up.
  const PostingRequest two_lines[] = {Line(kItem, kLoc, "-3"), Line(kItem, kLoc, "-4")};
  s = ledger.PostAll(Adj(3), two_lines);
  EXPECT_EQ(std::string(s.message()), "Insufficient stock of item 12 at location 3: requested 7, available 5.");
  EXPECT_EQ(ledger.DebugString(), before);

  const PostingRequest bad_third[] = {Line(kItem, kLoc, "-1"), Line(kOther, kLoc, "1"),
                                      Line(kItem, LocationId(), "1")};
  EXPECT_EQ(ledger.PostAll(Adj(4), bad_third).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ledger.DebugString(), before);

  // A failure while applying (here cost_from naming a receipt) also undoes
  // the lines already applied.
  PostingRequest bad_from = Line(kOther, kLoc, "1");
  bad_from.cost_from = CostFrom{0, 1};
  const PostingRequest applied_then_bad[] = {Line(kItem, kLoc, "-1"), bad_from};
  EXPECT_EQ(ledger.PostAll(Adj(5), applied_then_bad).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ledger.DebugString(), before);

  // Out then back in within one batch nets to +2: allowed.
  const PostingRequest out_then_in[] = {Line(kOther, kLoc, "-3"), Line(kOther, kLoc, "5", "1")};
  ASSERT_OK(ledger.PostAll(Adj(6), out_then_in));
  EXPECT_EQ(ledger.CellFigures(kOther, kLoc).on_hand, Q("4"));
  EXPECT_EQ(ledger.AssetValue(kOther, kLoc), M("4"));
  EXPECT_TRUE(ledger.PostAll(Adj(7), {}).ok());
  EXPECT_VERIFIED(ledger);
}

class LedgerRollbackTest : public testing::TestWithParam<Valuation> {};

TEST_P(LedgerRollbackTest, RestoresEverythingExactly) {
  Ledger ledger({.valuation = GetParam()});
  const std::string empty = ledger.DebugString();
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "10", "2.50")));
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "5", "3.10")));
  ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "-12")));  // lot 2 partly used
  ASSERT_OK(ledger.Post(Adj(8), Revalue(kItem, kLoc, "-0.300001")));
  const size_t mark = ledger.Mark();
  const std::string before = ledger.DebugString();
  const std::vector<Lot> lots_before = LotsOf(ledger, kItem, kLoc);
  const Money value_before = ledger.AssetValue(kItem, kLoc);

  ASSERT_OK(ledger.Post(Adj(4), Line(kItem, kLoc, "-2")));    // more of lot 2
  ASSERT_OK(ledger.Post(Adj(5), Line(kItem, kLoc, "7", "4")));
  ASSERT_OK(ledger.Post(Adj(5), Line(kItem, kLoc2, "1", "1")));  // new cell
  ASSERT_OK(ledger.Post(Adj(6), Line(kOther, kLoc, "1", "1")));  // new item
  ASSERT_OK(ledger.Post(Adj(9), Revalue(kItem, kLoc, "2")));
  ASSERT_OK(ledger.Post(Adj(7), Line(kItem, kLoc, "-6")));
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 3, Adj(3)));
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 7, Adj(70)));
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 8, Adj(8)));  // from before the mark
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 9, Adj(9)));
  EXPECT_NE(ledger.DebugString(), before);
  EXPECT_VERIFIED(ledger);

  ledger.RollbackTo(mark);
  EXPECT_EQ(ledger.Mark(), mark);
  EXPECT_EQ(ledger.DebugString(), before);
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), lots_before);
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), value_before);
  EXPECT_EQ(ledger.CellFigures(kItem, kLoc2), Figures{});
  EXPECT_FALSE(ledger.HasPostings(kOther));
  EXPECT_FALSE(ledger.LocationHasStock(kLoc2));
  EXPECT_VERIFIED(ledger);

  ledger.RollbackTo(ledger.Mark() + 5);  // beyond the end: ignored
  EXPECT_EQ(ledger.DebugString(), before);
  ledger.RollbackTo(0);
  EXPECT_EQ(ledger.DebugString(), empty);
  EXPECT_VERIFIED(ledger);
}

INSTANTIATE_TEST_SUITE_P(Valuations, LedgerRollbackTest,
                         testing::Values(Valuation::kFifo, Valuation::kWeightedAverage));

// An item's cells live in its block, which is remade larger at the 3rd,
// 5th and 9th location: figures, lots and order survive each remake and a
// rollback across them.
TEST(LedgerTest, AnItemAtManyLocationsKeepsItsCellsThroughGrowthAndRollback) {
  Ledger ledger({.valuation = Valuation::kFifo});
  std::vector<LocationId> locations;
  for (int64_t l = 0; l < 12; ++l) locations.push_back(LocationId(100 - l));  // not in id order
  for (size_t i = 0; i < 5; ++i) {
    ASSERT_OK(ledger.Post(Adj(static_cast<int64_t>(i) + 1), Line(kItem, locations[i], Cat(i + 1), "2")));
  }
  ASSERT_OK(ledger.Post(Adj(6), Line(kItem, locations[1], "-1")));
  const size_t mark = ledger.Mark();
  const std::string before = ledger.DebugString();

  const PostingRequest spread[] = {Line(kItem, locations[5], "6", "3"), Line(kItem, locations[6], "7", "3"),
                                   Line(kItem, locations[7], "8", "3"), Line(kItem, locations[8], "9", "3"),
                                   Line(kItem, locations[2], "-3"),     Line(kItem, locations[9], "10", "3")};
  ASSERT_OK(ledger.PostAll(Adj(7), spread));
  EXPECT_EQ(ledger.LocationsWithStock(kItem),
            (std::vector<LocationId>{locations[0], locations[1], locations[3], locations[4], locations[5],
                                     locations[6], locations[7], locations[8], locations[9]}));
  EXPECT_EQ(ledger.CellFigures(kItem, locations[1]).on_hand, Q("1"));
  EXPECT_EQ(ledger.CellFigures(kItem, locations[2]), Figures{});
  EXPECT_EQ(ledger.CellFigures(kItem, locations[9]).on_hand, Q("10"));
  EXPECT_EQ(ledger.ItemFigures(kItem).on_hand, Q("1") + Q("1") + Q("4") + Q("5") + Q("40"));
  EXPECT_EQ(ledger.AssetValue(kItem), M("2") + M("2") + M("8") + M("10") + M("120"));
  EXPECT_EQ(LotsOf(ledger, kItem, locations[4]), (std::vector<Lot>{L(5, "5", "10")}));
  EXPECT_EQ(LotsOf(ledger, kItem, locations[8]), (std::vector<Lot>{L(10, "9", "27")}));
  EXPECT_VERIFIED(ledger);

  ledger.RollbackTo(mark);
  EXPECT_EQ(ledger.DebugString(), before);
  EXPECT_EQ(ledger.LocationsWithStock(kItem),
            (std::vector<LocationId>{locations[0], locations[1], locations[2], locations[3], locations[4]}));
  EXPECT_EQ(ledger.CellFigures(kItem, locations[2]).on_hand, Q("3"));
  EXPECT_EQ(ledger.CellFigures(kItem, locations[5]), Figures{});
  EXPECT_VERIFIED(ledger);
  ledger.RollbackTo(0);
  EXPECT_FALSE(ledger.HasPostings(kItem));
  EXPECT_VERIFIED(ledger);
}

// --------------------------------------------------------------- reversal

TEST(LedgerTest, ReversesIssuesIntoTheLotsTheyCameFrom) {
  Ledger ledger({.valuation = Valuation::kFifo});
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "10", "2.50")));
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "5", "3.10")));
  const std::vector<Lot> lots = LotsOf(ledger, kItem, kLoc);
  ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "-12")));
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 3, Adj(3, absl::CivilDay(2024, 5, 2))));
  EXPECT_EQ(ledger.posting(3).reverses, 2u);
  EXPECT_EQ(ledger.posting(3).value, M("31.20"));
  EXPECT_EQ(ledger.posting(3).delta, (Figures{Q("12"), Q("12"), Q("0"), Q("0")}));
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), lots);
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("40.50"));
  // Already reversed: nothing more to do. Unknown: not found.
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 3, Adj(3)));
  EXPECT_EQ(ledger.Mark(), 4u);
  absl::Status s = ledger.Reverse(DocumentKind::kAdjustment, 99, Adj(99));
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(std::string(s.message()), "The adjustment 99 has no stock postings to reverse.");

  // Reversing a receipt whose lot is whole takes exactly that lot.
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 1, Adj(1)));
  EXPECT_EQ(ledger.posting(4).value, M("-25"));
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(2, "5", "15.50")}));
  EXPECT_VERIFIED(ledger);
}

TEST(LedgerTest, ReverseRefusesWhenTheStockItAddedWasUsed) {
  Ledger ledger({.valuation = Valuation::kFifo});
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "5", "1")));
  PostingRequest composite_in = Line(kItem, kLoc, "2");
  composite_in.total_value = M("8");
  const DocumentRef bundle{DocumentKind::kBundle, 7, "BN-7", absl::CivilDay(2024, 5, 1)};
  ASSERT_OK(ledger.Post(bundle, composite_in));
  // Issuing 5 uses the older lot only: the bundle's lot is whole.
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "-5")));
  {
    const size_t mark = ledger.Mark();
    ASSERT_OK(ledger.Reverse(DocumentKind::kBundle, 7, bundle));  // a dry run
    EXPECT_EQ(ledger.AssetValue(kItem, kLoc), Money());
    ledger.RollbackTo(mark);
  }
  // Issuing 1 more takes from it.
  ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "-1")));
  const std::string before = ledger.DebugString();
  absl::Status s = ledger.Reverse(DocumentKind::kBundle, 7, bundle);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(std::string(s.message()),
            "Cannot reverse bundle BN-7: the stock it added of item 12 at location 3 has since been used.");
  EXPECT_EQ(ErrorApiCode(s), kStockUsedCode);
  EXPECT_EQ(ledger.DebugString(), before);
  // Forced, it still needs the stock: only 1 is left of the 2.
  s = ledger.Reverse(DocumentKind::kBundle, 7, bundle, IfStockUsed::kTakeOtherStock);
  EXPECT_EQ(std::string(s.message()), "Insufficient stock of item 12 at location 3: requested 2, available 1.");
  // Once the issue is reversed, the lot is whole again.
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 3, Adj(3)));
  ASSERT_OK(ledger.Reverse(DocumentKind::kBundle, 7, bundle));
  EXPECT_EQ(ledger.CellFigures(kItem, kLoc).on_hand, Q("0"));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), Money());
  EXPECT_VERIFIED(ledger);
}

TEST(LedgerTest, WeightedAverageReversalUndoesAReceiptExactly) {
  Ledger ledger({.valuation = Valuation::kWeightedAverage});
  PostingRequest first = Line(kItem, kLoc, "3");
  first.total_value = M("10");
  ASSERT_OK(ledger.Post(Adj(1), first));
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "2", "5")));  // 5 units, 20.00
  ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "-1")));      // at 4.00
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("16"));
  // Issued since: refused; forced, it goes out at the average (4.00).
  absl::Status s = ledger.Reverse(DocumentKind::kAdjustment, 2, Adj(2));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  {
    const size_t mark = ledger.Mark();
    ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 2, Adj(2), IfStockUsed::kTakeOtherStock));
    EXPECT_EQ(ledger.posting(3).value, M("-8"));
    ledger.RollbackTo(mark);
  }
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 3, Adj(3)));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("20"));
  // The issue is undone, so the receipt can go, taking exactly its 10.00.
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 2, Adj(2)));
  EXPECT_EQ(ledger.posting(4).value, M("-10"));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("10"));
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 1, Adj(1)));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), Money());
  EXPECT_VERIFIED(ledger);
}

TEST(LedgerTest, ReversesOnlyWhatIsNotReversedYet) {
  // An updated document: the old lines reversed, new ones posted under the
  // same document; deleting it then reverses only the new ones.
  Ledger ledger;
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "10", "1")));
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 1, Adj(1)));
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "8", "1")));
  EXPECT_EQ(ledger.CellFigures(kItem, kLoc).on_hand, Q("8"));
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 1, Adj(1)));
  EXPECT_EQ(ledger.CellFigures(kItem, kLoc).on_hand, Q("0"));
  EXPECT_EQ(ledger.Mark(), 4u);
  EXPECT_EQ(ledger.posting(3).reverses, 2u);
  EXPECT_VERIFIED(ledger);
}

// ------------------------------------------------------------- revaluation

TEST(LedgerTest, WeightedAverageRevaluationChangesTheAverage) {
  Ledger ledger({.valuation = Valuation::kWeightedAverage});
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "4", "2.50")));  // 10.00
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc2, "1", "7")));    // another cell
  ASSERT_OK(ledger.Post(Adj(2), Revalue(kItem, kLoc, "6")));
  const Posting& up = ledger.posting(2);
  EXPECT_EQ(up.delta, Figures{});
  EXPECT_EQ(up.value, M("6"));
  EXPECT_EQ(up.unit_cost, Money());
  EXPECT_TRUE(MovesOf(ledger, 2).empty());
  EXPECT_EQ(ledger.CellFigures(kItem, kLoc), (Figures{Q("4"), Q("4"), Q("0"), Q("0")}));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("16"));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc2), M("7"));
  EXPECT_EQ(ledger.AssetValue(kItem), M("23"));
  EXPECT_VERIFIED(ledger);

  // The next issue goes out at the new average, 16.00 / 4.
  ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "-1")));
  EXPECT_EQ(ledger.posting(3).value, M("-4"));
  EXPECT_EQ(ledger.posting(3).unit_cost, M("4"));
  EXPECT_VERIFIED(ledger);
  // Down to an average that does not divide evenly: (12 - 2.000001) / 3.
  ASSERT_OK(ledger.Post(Adj(4), Revalue(kItem, kLoc, "-2.000001")));
  EXPECT_EQ(ledger.posting(4).value, M("-2.000001"));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("9.999999"));
  EXPECT_EQ(ledger.AssetValue(kItem), M("16.999999"));
  EXPECT_VERIFIED(ledger);
  ASSERT_OK(ledger.Post(Adj(5), Line(kItem, kLoc, "-1")));
  EXPECT_EQ(ledger.posting(5).value, M("-3.333333"));
  ASSERT_OK(ledger.Post(Adj(6), Line(kItem, kLoc, "-2")));
  EXPECT_EQ(ledger.posting(6).value, M("-6.666666"));  // all that is left
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), Money());
  EXPECT_EQ(ledger.AssetValue(kItem), M("7"));
  EXPECT_VERIFIED(ledger);

  // History lists the value postings, the balance unchanged by them.
  std::vector<std::string> rows;
  for (const HistoryRow& r : ledger.History(kItem, kLoc, std::nullopt, std::nullopt)) {
    rows.push_back(Cat(r.seq, " ", r.on_hand.ToString(), " ", r.posting.value.ToString()));
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"0 4 10", "2 4 6", "3 3 -4", "4 3 -2.000001",
                                            "5 2 -3.333333", "6 0 -6.666666"}));
}

TEST(LedgerTest, FifoRevaluationSpreadsOverTheLotsByQuantity) {
  Ledger ledger({.valuation = Valuation::kFifo});
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "1", "1")));  // lot 1
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "1", "2")));  // lot 2
  ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "1", "3")));  // lot 3
  ASSERT_OK(ledger.Post(Adj(4), Revalue(kItem, kLoc, "10")));
  // 10.00 / 3 to each lot, rounded; the newest takes the remainder.
  EXPECT_EQ(MovesOf(ledger, 3), (std::vector<LotMove>{Mv(1, "0", "3.333333"), Mv(2, "0", "3.333333"),
                                                      Mv(3, "0", "3.333334")}));
  EXPECT_EQ(ledger.posting(3).value, M("10"));
  EXPECT_EQ(ledger.posting(3).unit_cost, Money());
  EXPECT_EQ(ledger.posting(3).delta, Figures{});
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(1, "1", "4.333333"), L(2, "1", "5.333333"),
                                                           L(3, "1", "6.333334")}));
  EXPECT_EQ(ledger.CellFigures(kItem, kLoc).on_hand, Q("3"));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("16"));
  EXPECT_EQ(ledger.AssetValue(kItem), M("16"));
  EXPECT_VERIFIED(ledger);

  // The next issue takes the oldest lot at its revalued cost.
  ASSERT_OK(ledger.Post(Adj(5), Line(kItem, kLoc, "-1")));
  EXPECT_EQ(ledger.posting(4).value, M("-4.333333"));
  EXPECT_EQ(ledger.posting(4).unit_cost, M("4.333333"));
  // Down: -1.000001 / 2 = -0.5000005 rounds away from zero; the rest -0.5.
  ASSERT_OK(ledger.Post(Adj(6), Revalue(kItem, kLoc, "-1.000001")));
  EXPECT_EQ(MovesOf(ledger, 5), (std::vector<LotMove>{Mv(2, "0", "-0.500001"), Mv(3, "0", "-0.5")}));
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(2, "1", "4.833332"), L(3, "1", "5.833334")}));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("10.666666"));
  EXPECT_VERIFIED(ledger);

  // Lots of different sizes share by quantity: 3 + 1 units, -2.00 splits
  // -1.50 / -0.50.
  Ledger other({.valuation = Valuation::kFifo});
  ASSERT_OK(other.Post(Adj(1), Line(kItem, kLoc, "3", "1")));  // lot 1: 3.00
  ASSERT_OK(other.Post(Adj(2), Line(kItem, kLoc, "1", "5")));  // lot 2: 5.00
  ASSERT_OK(other.Post(Adj(3), Revalue(kItem, kLoc, "-2")));
  EXPECT_EQ(MovesOf(other, 2), (std::vector<LotMove>{Mv(1, "0", "-1.5"), Mv(2, "0", "-0.5")}));
  EXPECT_EQ(LotsOf(other, kItem, kLoc), (std::vector<Lot>{L(1, "3", "1.5"), L(2, "1", "4.5")}));
  EXPECT_VERIFIED(other);
  ASSERT_OK(other.Post(Adj(4), Line(kItem, kLoc, "-2")));
  EXPECT_EQ(other.posting(3).value, M("-1"));  // 2 of lot 1 at 0.50
  ASSERT_OK(other.Post(Adj(5), Line(kItem, kLoc, "-2")));
  EXPECT_EQ(other.posting(4).value, M("-5"));  // 0.50 + 4.50
  EXPECT_EQ(other.AssetValue(kItem, kLoc), Money());
  EXPECT_VERIFIED(other);

  // Verify sees a revalued cell's value tampered with.
  ledger.CorruptForTesting(kItem, kLoc, {}, M("1"));
  EXPECT_EQ(std::string(ledger.Verify().message()),
            "Ledger mismatch for item 12 at location 3: asset_value is 11.666666 but its postings sum to 10.666666.");
}

TEST(LedgerTest, RefusesARevaluationWithoutStockOrBelowZero) {
  for (Valuation valuation : {Valuation::kFifo, Valuation::kWeightedAverage}) {
    SCOPED_TRACE(static_cast<int>(valuation));
    Ledger ledger({.valuation = valuation, .allow_negative = true});
    std::string before = ledger.DebugString();
    // A cell never posted to.
    absl::Status s = ledger.Post(Adj(1), Revalue(kItem, kLoc, "5"));
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ErrorField(s), "item_total");
    EXPECT_EQ(std::string(s.message()), "Item 12 has no stock at location 3 to revalue.");
    EXPECT_EQ(ledger.DebugString(), before);
    // An emptied cell, and one below zero.
    ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "2", "1.50")));
    ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "-2")));
    before = ledger.DebugString();
    s = ledger.Post(Adj(4), Revalue(kItem, kLoc, "5"));
    EXPECT_EQ(std::string(s.message()), "Item 12 has no stock at location 3 to revalue.");
    EXPECT_EQ(ledger.DebugString(), before);
    ASSERT_OK(ledger.Post(Adj(5), Line(kItem, kLoc, "-1")));  // -1 worth -1.50
    before = ledger.DebugString();
    s = ledger.Post(Adj(6), Revalue(kItem, kLoc, "-0.01"));
    EXPECT_EQ(std::string(s.message()), "Item 12 has no stock at location 3 to revalue.");
    EXPECT_EQ(ledger.DebugString(), before);
    EXPECT_VERIFIED(ledger);

    // 4 at 0.75 cover the 1 short (at its 1.50): 3 left worth 2.25.
    ASSERT_OK(ledger.Post(Adj(7), Line(kItem, kLoc, "4", "0.75")));
    EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("2.25"));
    before = ledger.DebugString();
    s = ledger.Post(Adj(8), Revalue(kItem, kLoc, "-2.250001"));
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ErrorField(s), "item_total");
    EXPECT_EQ(std::string(s.message()),
              "Revaluing item 12 at location 3 by -2.250001 would make its value negative: it is worth 2.25.");
    EXPECT_EQ(ledger.DebugString(), before);
    // Down to exactly 0 is allowed; the stock then issues at 0.
    ASSERT_OK(ledger.Post(Adj(8), Revalue(kItem, kLoc, "-2.25")));
    EXPECT_EQ(ledger.AssetValue(kItem, kLoc), Money());
    EXPECT_EQ(ledger.CellFigures(kItem, kLoc).on_hand, Q("3"));
    EXPECT_VERIFIED(ledger);
    ASSERT_OK(ledger.Post(Adj(9), Line(kItem, kLoc, "-1")));
    EXPECT_EQ(ledger.posting(ledger.Mark() - 1).value, Money());

    // All or nothing: a batch whose value line finds no stock changes
    // nothing; one that brings the stock in first may revalue it.
    before = ledger.DebugString();
    const PostingRequest no_stock[] = {Line(kOther, kLoc, "2", "1"), Revalue(kOther, kLoc2, "1")};
    s = ledger.PostAll(Adj(10), no_stock);
    EXPECT_EQ(std::string(s.message()), "Item 13 has no stock at location 4 to revalue.");
    EXPECT_EQ(ledger.DebugString(), before);
    const PostingRequest in_then_up[] = {Line(kOther, kLoc, "2", "1"), Revalue(kOther, kLoc, "1")};
    ASSERT_OK(ledger.PostAll(Adj(11), in_then_up));
    EXPECT_EQ(ledger.AssetValue(kOther, kLoc), M("3"));
    EXPECT_VERIFIED(ledger);
  }

  // FIFO: no lot may go below zero either, even when the cell would not.
  Ledger ledger({.valuation = Valuation::kFifo});
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "1", "1")));
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "1", "9")));
  const std::string before = ledger.DebugString();
  absl::Status s = ledger.Post(Adj(3), Revalue(kItem, kLoc, "-6"));  // -3 each
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorField(s), "item_total");
  EXPECT_EQ(std::string(s.message()),
            "Revaluing item 12 at location 3 by -6 would make the value of cost lot 1 negative: it is worth 1.");
  EXPECT_EQ(ledger.DebugString(), before);
  ASSERT_OK(ledger.Post(Adj(3), Revalue(kItem, kLoc, "-2")));
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(1, "1", "0"), L(2, "1", "8")}));
  EXPECT_VERIFIED(ledger);
}

TEST(LedgerTest, ReversesARevaluationIntoTheSameLots) {
  Ledger ledger({.valuation = Valuation::kFifo});
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "1", "1")));
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "1", "2")));
  ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "1", "3")));
  const std::vector<Lot> lots = LotsOf(ledger, kItem, kLoc);
  ASSERT_OK(ledger.Post(Adj(4), Revalue(kItem, kLoc, "10")));
  {
    const size_t mark = ledger.Mark();
    const std::string before = ledger.DebugString();
    ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 4, Adj(4)));
    EXPECT_EQ(ledger.posting(4).reverses, 3u);
    EXPECT_EQ(ledger.posting(4).value, M("-10"));
    EXPECT_EQ(ledger.posting(4).unit_cost, Money());
    EXPECT_EQ(MovesOf(ledger, 4), (std::vector<LotMove>{Mv(1, "0", "-3.333333"), Mv(2, "0", "-3.333333"),
                                                        Mv(3, "0", "-3.333334")}));
    EXPECT_EQ(LotsOf(ledger, kItem, kLoc), lots);
    EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("6"));
    EXPECT_VERIFIED(ledger);
    ledger.RollbackTo(mark);
    EXPECT_EQ(ledger.DebugString(), before);
    EXPECT_VERIFIED(ledger);
  }
  // Lot 1 is used up since: lots 2 and 3 get their own -3.333333 and
  // -3.333334, and share lot 1's -3.333333 by quantity (half each, rounded
  // away from zero, the newest taking the rest).
  ASSERT_OK(ledger.Post(Adj(5), Line(kItem, kLoc, "-1")));
  EXPECT_EQ(ledger.posting(4).value, M("-4.333333"));
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 4, Adj(4)));
  EXPECT_EQ(ledger.posting(5).value, M("-10"));
  EXPECT_EQ(MovesOf(ledger, 5), (std::vector<LotMove>{Mv(2, "0", "-5"), Mv(3, "0", "-5")}));
  EXPECT_EQ(LotsOf(ledger, kItem, kLoc), (std::vector<Lot>{L(2, "1", "0.333333"), L(3, "1", "1.333334")}));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("1.666667"));
  EXPECT_VERIFIED(ledger);
  // Already reversed: nothing more to do.
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 4, Adj(4)));
  EXPECT_EQ(ledger.Mark(), 6u);
}

TEST(LedgerTest, ReverseOfARevaluationNeedsTheStockAndAValueLeft) {
  for (Valuation valuation : {Valuation::kFifo, Valuation::kWeightedAverage}) {
    SCOPED_TRACE(static_cast<int>(valuation));
    Ledger ledger({.valuation = valuation});
    ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "2", "1")));
    ASSERT_OK(ledger.Post(Adj(2), Revalue(kItem, kLoc, "1")));  // 3.00
    ASSERT_OK(ledger.Post(Adj(3), Line(kItem, kLoc, "-2")));    // out at 3.00
    EXPECT_EQ(ledger.posting(2).value, M("-3"));
    // The stock it revalued is gone: refused, whatever if_used says.
    std::string before = ledger.DebugString();
    for (IfStockUsed if_used : {IfStockUsed::kRefuse, IfStockUsed::kTakeOtherStock}) {
      absl::Status s = ledger.Reverse(DocumentKind::kAdjustment, 2, Adj(2), if_used);
      EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(ErrorApiCode(s), kStockUsedCode);
      EXPECT_EQ(std::string(s.message()),
                "Cannot reverse adjustment D-2: the stock it revalued of item 12 at location 3 has since been used.");
      EXPECT_EQ(ledger.DebugString(), before);
    }
    // With the issue put back, the revaluation can be undone.
    ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 3, Adj(3)));
    ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 2, Adj(2)));
    EXPECT_EQ(ledger.posting(4).value, M("-1"));
    EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("2"));
    EXPECT_VERIFIED(ledger);

    // Undoing +10 after a later -11 would leave 1.00 - 10.00: refused.
    ASSERT_OK(ledger.Post(Adj(5), Revalue(kItem, kLoc, "10")));   // 12.00
    ASSERT_OK(ledger.Post(Adj(6), Revalue(kItem, kLoc, "-11")));  // 1.00
    before = ledger.DebugString();
    absl::Status s = ledger.Reverse(DocumentKind::kAdjustment, 5, Adj(5));
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ErrorField(s), "item_total");
    EXPECT_EQ(std::string(s.message()),
              "Revaluing item 12 at location 3 by -10 would make its value negative: it is worth 1.");
    EXPECT_EQ(ledger.DebugString(), before);
    ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 6, Adj(6)));
    ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 5, Adj(5)));
    EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("2"));
    EXPECT_VERIFIED(ledger);
  }
}

TEST(LedgerTest, WeightedAverageReversalAfterARevaluationTakesTheAverage) {
  Ledger ledger({.valuation = Valuation::kWeightedAverage});
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "2", "5")));   // 10.00
  ASSERT_OK(ledger.Post(Adj(2), Line(kItem, kLoc, "2", "10")));  // 20.00
  ASSERT_OK(ledger.Post(Adj(3), Revalue(kItem, kLoc, "-10")));   // 4 worth 20.00
  const size_t mark = ledger.Mark();
  // A revaluation is not a use of the stock, but the receipt's own 20.00
  // would leave the other 2 units worth 0: it goes out at the average.
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 2, Adj(2)));
  EXPECT_EQ(ledger.posting(3).value, M("-10"));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("10"));
  EXPECT_VERIFIED(ledger);
  ledger.RollbackTo(mark);
  // With the revaluation reversed first, the receipt takes exactly its own.
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 3, Adj(3)));
  ASSERT_OK(ledger.Reverse(DocumentKind::kAdjustment, 2, Adj(2)));
  EXPECT_EQ(ledger.posting(4).value, M("-20"));
  EXPECT_EQ(ledger.AssetValue(kItem, kLoc), M("10"));
  EXPECT_VERIFIED(ledger);
}

// ----------------------------------------------------------------- Verify

TEST(LedgerTest, VerifyFindsACorruptedBalance) {
  Ledger ledger;
  ASSERT_OK(ledger.Post(Adj(1), Line(kItem, kLoc, "10", "1")));
  EXPECT_VERIFIED(ledger);
  ledger.CorruptForTesting(kItem, kLoc, {.on_hand = Q("1")}, Money());
  absl::Status s = ledger.Verify();
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(std::string(s.message()), "Ledger mismatch for item 12 at location 3: on_hand is 11 but its postings sum to 10.");
  ledger.CorruptForTesting(kItem, kLoc, {.on_hand = -Q("1"), .committed = Q("2")}, Money());
  EXPECT_EQ(std::string(ledger.Verify().message()),
            "Ledger mismatch for item 12 at location 3: committed is 2 but its postings sum to 0.");
  ledger.CorruptForTesting(kItem, kLoc, {.committed = -Q("2")}, M("0.000001"));
  EXPECT_EQ(std::string(ledger.Verify().message()),
            "Ledger mismatch for item 12 at location 3: asset_value is 10.000001 but its postings sum to 10.");
  ledger.CorruptForTesting(kItem, kLoc, {}, M("-0.000001"));
  EXPECT_VERIFIED(ledger);
}

// ---------------------------------------------------------------- history

TEST(LedgerTest, HistoryIsInDateOrderWithARunningBalance) {
  Ledger ledger;
  using D = absl::CivilDay;
  ASSERT_OK(ledger.Post(Adj(1, D(2024, 3, 10)), Line(kItem, kLoc, "10", "1")));   // seq 0
  ASSERT_OK(ledger.Post(Adj(2, D(2024, 3, 1)), Line(kItem, kLoc2, "4", "1")));    // seq 1
  ASSERT_OK(ledger.Post(Doc(DocumentKind::kShipment, 3, D(2024, 3, 10)),
                        {.item = kItem, .location = kLoc, .delta = {.available = -Q("2")}}));  // 2
  ASSERT_OK(ledger.Post(Adj(4, D(2024, 3, 5)), Line(kItem, kLoc, "-3")));         // seq 3
  ASSERT_OK(ledger.Post(Adj(5, D(2024, 3, 20)), Line(kOther, kLoc, "1", "1")));   // other item

  auto rows_of = [](const std::vector<HistoryRow>& rows) {
    std::vector<std::string> out;
    for (const HistoryRow& r : rows) {
      out.push_back(Cat(r.seq, " ", r.document.number, " ", r.on_hand.ToString(), "/",
                        r.available.ToString()));
    }
    return out;
  };
  EXPECT_EQ(rows_of(ledger.History(kItem, std::nullopt, std::nullopt, std::nullopt)),
            (std::vector<std::string>{"1 D-2 4/4", "3 D-4 1/1", "0 D-1 11/11", "2 D-3 11/9"}));
  EXPECT_EQ(rows_of(ledger.History(kItem, kLoc, std::nullopt, std::nullopt)),
            (std::vector<std::string>{"3 D-4 -3/-3", "0 D-1 7/7", "2 D-3 7/5"}));
  // The balance carries the postings before `from`.
  EXPECT_EQ(rows_of(ledger.History(kItem, std::nullopt, D(2024, 3, 2), D(2024, 3, 9))),
            (std::vector<std::string>{"3 D-4 1/1"}));
  EXPECT_EQ(rows_of(ledger.History(kItem, kLoc, D(2024, 3, 10), D(2024, 3, 10))),
            (std::vector<std::string>{"0 D-1 7/7", "2 D-3 7/5"}));
  EXPECT_TRUE(ledger.History(ItemId(77), std::nullopt, std::nullopt, std::nullopt).empty());
  const auto rows = ledger.History(kItem, kLoc2, std::nullopt, std::nullopt);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].posting.delta.on_hand, Q("4"));
  EXPECT_EQ(rows[0].document.date, D(2024, 3, 1));
}

// ------------------------------------------------------------- randomized

struct RandomParam {
  Valuation valuation;
  bool allow_negative;
};

class LedgerRandomTest : public testing::TestWithParam<RandomParam> {};

// Applies thousands of mixed posts, value postings, batches, reversals and
// rollbacks, and checks after each: Verify(), the figures against a model
// kept here, no negative on_hand/available when negatives are refused, no
// negative value where there is stock, that a lone value posting changed
// the value by exactly its amount, and that every refused or rolled-back
// operation left the ledger exactly as it was.
TEST_P(LedgerRandomTest, StaysConsistent) {
  const RandomParam param = GetParam();
  Ledger ledger({.valuation = param.valuation, .allow_negative = param.allow_negative});
  std::mt19937_64 rng(20240501);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  constexpr int kItems = 5, kLocations = 3;
  using Model = std::map<std::pair<int, int>, Figures>;
  Model model;

  auto random_request = [&]() {
    PostingRequest r;
    r.item = ItemId(uniform(1, kItems));
    r.location = LocationId(uniform(1, kLocations));
    // Quantities in halves, costs in cents.
    const Quantity q = Quantity::FromUnits(int64_t{500'000} * uniform(1, 20));
    const Quantity signed_q = uniform(0, 9) < 5 ? q : -q;
    switch (uniform(0, 9)) {
      case 0: r.delta.on_hand = signed_q; break;                 // bill / invoice
      case 1: r.delta.available = signed_q; break;               // receive / shipment
      case 2: r.delta.committed = q; break;                      // sales order
      case 3: r.delta.in_transit = q; break;
      default: r.delta.on_hand = r.delta.available = signed_q;  // adjustment
    }
    r.unit_cost = Money::FromUnits(int64_t{10'000} * uniform(0, 1000));
    if (r.delta.on_hand > Quantity() && uniform(0, 4) == 0) {
      r.total_value = Money::FromUnits(uniform(0, 10'000'000));
    }
    if (uniform(0, 7) == 0) {
      // A value posting, up or down by up to 10.00 in millionths (its
      // unit_cost is ignored).
      r.delta = Figures{};
      r.total_value = Money::FromUnits((uniform(0, 1) ? 1 : -1) * uniform(1, 10'000'000));
    }
    return r;
  };
  auto digest = [&]() {
    std::string out = Cat(ledger.Mark(), "\n");
    for (int i = 1; i <= kItems; ++i) {
      for (int l = 1; l <= kLocations; ++l) {
        const Figures& f = ledger.CellFigures(ItemId(i), LocationId(l));
        out += Cat(i, "@", l, " ", f.on_hand.units(), "/", f.available.units(), "/",
                   f.committed.units(), "/", f.in_transit.units(), " ",
                   ledger.AssetValue(ItemId(i), LocationId(l)).units());
        for (const Lot& lot : ledger.Lots(ItemId(i), LocationId(l))) {
          out += Cat(" ", lot.id, ":", lot.quantity.units(), ":", lot.value.units());
        }
        out += "\n";
      }
    }
    return out;
  };
  auto apply_to_model = [&](Model& m, const Figures& delta, ItemId item, LocationId location) {
    m[{static_cast<int>(item.value()), static_cast<int>(location.value())}] += delta;
  };
  auto check = [&](int step) {
    ASSERT_TRUE(ledger.Verify().ok()) << "step " << step << ": " << ledger.Verify();
    for (int i = 1; i <= kItems; ++i) {
      Figures total;
      for (int l = 1; l <= kLocations; ++l) {
        const Figures& f = ledger.CellFigures(ItemId(i), LocationId(l));
        auto it = model.find({i, l});
        ASSERT_EQ(f, it == model.end() ? Figures{} : it->second) << "step " << step;
        total += f;
        if (!param.allow_negative) {
          ASSERT_GE(f.on_hand, Quantity()) << "step " << step;
          ASSERT_GE(f.available, Quantity()) << "step " << step;
        }
        if (f.on_hand.is_zero()) {
          ASSERT_TRUE(ledger.AssetValue(ItemId(i), LocationId(l)).is_zero()) << "step " << step;
        }
        // Not with weighted average and negatives allowed: reversing a
        // receipt that covered a shortfall takes back the shortfall's cost
        // (its exact value), which can leave fewer units worth less than 0.
        if (f.on_hand > Quantity() &&
            (param.valuation == Valuation::kFifo || !param.allow_negative)) {
          ASSERT_GE(ledger.AssetValue(ItemId(i), LocationId(l)), Money()) << "step " << step;
        }
        for (const Lot& lot : ledger.Lots(ItemId(i), LocationId(l))) {
          ASSERT_GE(lot.value, Money()) << "step " << step;
        }
      }
      ASSERT_EQ(ledger.ItemFigures(ItemId(i)), total) << "step " << step;
    }
  };

  int64_t next_doc = 1;
  std::vector<int64_t> docs;
  int refused = 0, reversed = 0, rolled_back = 0, revaluations_refused = 0;
  // One operation; returns whether it changed the ledger.
  auto operate = [&](int step) {
    const std::string before = digest();
    const int op = uniform(0, 9);
    absl::Status s;
    if (op <= 4 || docs.empty()) {
      const int n = op <= 2 ? 1 : uniform(2, 4);
      std::vector<PostingRequest> requests;
      for (int i = 0; i < n; ++i) requests.push_back(random_request());
      if (ledger.Mark() > 0 && uniform(0, 5) == 0) {
        // Take the cost of a random earlier issue (a transfer landing).
        const uint32_t from = static_cast<uint32_t>(uniform(0, static_cast<int>(ledger.Mark()) - 1));
        if (ledger.posting(from).delta.on_hand < Quantity()) {
          requests[0].total_value.reset();
          requests[0].delta.on_hand = -ledger.posting(from).delta.on_hand;
          requests[0].cost_from = CostFrom{from, 1};
        }
      }
      const int64_t id = next_doc++;
      const PostingRequest& first = requests[0];
      const Money value_before = ledger.AssetValue(first.item, first.location);
      const auto lots_before = ledger.Lots(first.item, first.location);
      std::vector<Quantity> lot_quantities_before;
      for (const Lot& lot : lots_before) lot_quantities_before.push_back(lot.quantity);
      s = ledger.PostAll(Adj(id, absl::CivilDay(2024, 1, 1) + uniform(0, 300)), requests);
      if (s.ok()) {
        docs.push_back(id);
        for (const PostingRequest& r : requests) apply_to_model(model, r.delta, r.item, r.location);
        if (n == 1 && first.delta.is_zero()) {
          // A lone value posting: exactly its amount, no quantity moved.
          ASSERT_EQ(ledger.AssetValue(first.item, first.location) - value_before, *first.total_value)
              << "step " << step;
          std::vector<Quantity> lot_quantities;
          for (const Lot& lot : ledger.Lots(first.item, first.location)) {
            lot_quantities.push_back(lot.quantity);
          }
          ASSERT_EQ(lot_quantities, lot_quantities_before) << "step " << step;
        }
      } else if (ErrorField(s) == "item_total") {
        ++revaluations_refused;
      }
    } else {
      const int64_t id = docs[uniform(0, static_cast<int>(docs.size()) - 1)];
      const size_t mark = ledger.Mark();
      s = ledger.Reverse(DocumentKind::kAdjustment, id, Adj(id),
                         uniform(0, 1) ? IfStockUsed::kRefuse : IfStockUsed::kTakeOtherStock);
      if (s.ok()) {
        reversed += ledger.Mark() > mark;
        for (size_t seq = mark; seq < ledger.Mark(); ++seq) {
          const Posting& p = ledger.posting(static_cast<uint32_t>(seq));
          apply_to_model(model, p.delta, p.item, p.location);
        }
      } else {
        EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
      }
    }
    if (!s.ok()) {
      ++refused;
      EXPECT_NE(s.code(), absl::StatusCode::kInternal) << s;
      ASSERT_EQ(digest(), before) << "step " << step << ": a refused operation changed the ledger";
    }
    check(step);
  };

  for (int step = 0; step < 2500; ++step) {
    if (uniform(0, 9) == 0) {
      // A transaction of a few operations, rolled back half of the time.
      const size_t mark = ledger.Mark();
      const Model model_before = model;
      const std::vector<int64_t> docs_before = docs;
      const std::string before = step % 20 == 0 ? ledger.DebugString() : digest();
      const int n = uniform(1, 5);
      for (int i = 0; i < n; ++i) operate(step);
      if (uniform(0, 1) == 0) {
        ledger.RollbackTo(mark);
        model = model_before;
        docs = docs_before;
        ++rolled_back;
        ASSERT_EQ(step % 20 == 0 ? ledger.DebugString() : digest(), before) << "step " << step;
        check(step);
      }
    } else {
      operate(step);
    }
    if (HasFatalFailure()) return;
  }
  // The run exercised what it claims to.
  int revaluations = 0, revaluations_reversed = 0;
  for (uint32_t seq = 0; seq < ledger.Mark(); ++seq) {
    const Posting& p = ledger.posting(seq);
    if (p.delta.is_zero()) ++(p.reverses == Posting::kNone ? revaluations : revaluations_reversed);
  }
  EXPECT_GT(refused, 50);
  EXPECT_GT(reversed, 50);
  EXPECT_GT(rolled_back, 50);
  EXPECT_GT(revaluations, 50);
  EXPECT_GT(revaluations_reversed, 10);
  EXPECT_GT(revaluations_refused, 10);
  EXPECT_GT(ledger.Mark(), 2000u);
}

INSTANTIATE_TEST_SUITE_P(
    Options, LedgerRandomTest,
    testing::Values(RandomParam{Valuation::kFifo, false}, RandomParam{Valuation::kFifo, true},
                    RandomParam{Valuation::kWeightedAverage, false},
                    RandomParam{Valuation::kWeightedAverage, true}),
    [](const testing::TestParamInfo<RandomParam>& info) {
      return Cat(info.param.valuation == Valuation::kFifo ? "Fifo" : "WeightedAverage",
                 info.param.allow_negative ? "AllowNegative" : "RefuseNegative");
    });

}  // namespace
}  // namespace inventory::internal
