// Engine, Snapshot and Transaction: locking, the undo log's lifetime, and
// the all-or-nothing wrapper around every catalog write.
// Owns: the engine's mutex and the CatalogState. May call: catalog/.
#include "inventory/engine.h"

#include <mutex>
#include <shared_mutex>

#include "catalog/catalog_ops.h"
#include "catalog/catalog_store.h"
#include "inventory/errors.h"
#include "stock/stock_ops.h"
#include "stock/stock_state.h"

namespace inventory {
namespace internal {

class WriteContext {
 public:
  WriteContext(Store& store, EngineState& state) : store(store), state(state) {}
  std::unique_lock<std::shared_mutex> lock;
  Store& store;
  EngineState& state;
  bool active = false;
};

class EngineImpl {
 public:
  explicit EngineImpl(const Options& options) : state(options), store(state), writer(store, state) {}
  EngineState state;
  // The one writer's undo log, kept between transactions so that its
  // capacity is reused (a POS commits millions of small transactions).
  Store store;
  mutable std::shared_mutex mu;
  // The one writer's context: a transaction holds it (and the lock) from
  // BeginTransaction to its end, so none is allocated per transaction.
  WriteContext writer;
};

void ReleaseWriteContext::operator()(WriteContext* ctx) const {
  // Everything written to the shared context happens before the unlock (the
  // next writer reuses it as soon as it gets the lock).
  ctx->active = false;
  std::unique_lock<std::shared_mutex> lock = std::move(ctx->lock);
}

}  // namespace internal

namespace {
absl::Status Inactive() {
  return FailedPreconditionError("", "The transaction has already been committed or rolled back.");
}
}  // namespace

Engine::Engine(std::unique_ptr<internal::EngineImpl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

absl::StatusOr<std::unique_ptr<Engine>> Engine::Open(const Options& options) {
  auto impl = std::make_unique<internal::EngineImpl>(options);
  internal::Store store(impl->state);
  Location primary;
  primary.id = LocationId(store.NextId());
  primary.name = options.primary_location_name.empty() ? "Primary Location"
                                                       : options.primary_location_name;
  primary.is_primary = true;
  store.PutLocation(std::move(primary));
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Transaction Engine::BeginTransaction() {
  std::unique_lock<std::shared_mutex> lock(impl_->mu);
  internal::WriteContext& ctx = impl_->writer;
  ctx.lock = std::move(lock);
  ctx.active = true;
  return Transaction(&impl_->state, Transaction::Context(&ctx));
}

Snapshot Engine::GetSnapshot() const {
  std::shared_lock<std::shared_mutex> lock(impl_->mu);
  return Snapshot(&impl_->state, std::move(lock));
}

const Options& Engine::options() const { return impl_->state.options; }

absl::Status Engine::Verify() const {
  std::shared_lock<std::shared_mutex> lock(impl_->mu);
  if (absl::Status s = impl_->state.stock.ledger.Verify(); !s.ok()) return s;
  return internal::VerifyTracking(impl_->state);
}

Snapshot::Snapshot(const internal::CatalogState* state, std::shared_lock<std::shared_mutex> lock)
    : Reader(state), lock_(std::move(lock)) {}
Snapshot::Snapshot(Snapshot&&) noexcept = default;
Snapshot& Snapshot::operator=(Snapshot&&) noexcept = default;
Snapshot::~Snapshot() = default;

Transaction::Transaction(internal::CatalogState* state, Context ctx)
    : Reader(state), ctx_(std::move(ctx)) {}
Transaction::Transaction(Transaction&&) noexcept = default;
Transaction& Transaction::operator=(Transaction&& other) noexcept {
  if (this != &other) {
    Rollback();
    Reader::operator=(other);
    ctx_ = std::move(other.ctx_);
  }
  return *this;
}
Transaction::~Transaction() { Rollback(); }

bool Transaction::active() const { return ctx_ && ctx_->active; }

absl::Status Transaction::Commit() {
  if (!active()) return Inactive();
  ctx_->store.ClearUndo();
  ctx_->active = false;
  ctx_.reset();  // releases the writer lock
  return absl::OkStatus();
}

void Transaction::Rollback() {
  if (!active()) return;
  ctx_->store.RollbackTo(0);
  ctx_->active = false;
  ctx_.reset();
}

size_t Transaction::SavePoint() const { return active() ? ctx_->store.UndoSize() : 0; }

void Transaction::RollbackTo(size_t save_point) {
  if (active()) ctx_->store.RollbackTo(save_point);
}

namespace {
// Runs one write all-or-nothing: on error, undoes whatever it changed.
template <class Writer, class F>
auto Atomically(internal::WriteContext* ctx, F&& f) -> decltype(f(std::declval<Writer&>())) {
  if (ctx == nullptr || !ctx->active) return Inactive();
  size_t mark = ctx->store.UndoSize();
  auto result = [&] {
    if constexpr (std::is_same_v<Writer, internal::CatalogWriter>) {
      internal::CatalogWriter writer(ctx->store);
      return f(writer);
    } else {
      internal::StockWriter writer(ctx->store, ctx->state);
      return f(writer);
    }
  }();
  if (!result.ok()) ctx->store.RollbackTo(mark);
  return result;
}
}  // namespace

#define INVENTORY_WRITE(call) \
  return Atomically<internal::CatalogWriter>(ctx_.get(), [&](internal::CatalogWriter& w) { return w.call; })
#define INVENTORY_STOCK_WRITE(call) \
  return Atomically<internal::StockWriter>(ctx_.get(), [&](internal::StockWriter& w) { return w.call; })

absl::StatusOr<const Item*> Transaction::CreateItem(Item item) { INVENTORY_WRITE(CreateItem(std::move(item))); }
absl::StatusOr<const Item*> Transaction::UpdateItem(Item item) { INVENTORY_WRITE(UpdateItem(std::move(item))); }
absl::Status Transaction::DeleteItems(std::span<const ItemId> ids) { INVENTORY_WRITE(DeleteItems(ids)); }
absl::Status Transaction::SetItemsStatus(std::span<const ItemId> ids, Status status) {
  INVENTORY_WRITE(SetItemsStatus(ids, status));
}
absl::Status Transaction::SetStorageLocationEnabled(std::span<const ItemId> ids, bool enabled) {
  INVENTORY_WRITE(SetStorageLocationEnabled(ids, enabled));
}
absl::Status Transaction::SetItemLocationAccess(ItemId id, bool all, std::vector<LocationId> ids) {
  INVENTORY_WRITE(SetItemLocationAccess(id, all, std::move(ids)));
}
absl::StatusOr<const ItemGroup*> Transaction::CreateGroup(ItemGroup group, std::vector<Item> variants) {
  INVENTORY_WRITE(CreateGroup(std::move(group), std::move(variants)));
}
absl::StatusOr<const ItemGroup*> Transaction::UpdateGroup(ItemGroup group, std::vector<Item> variants) {
  INVENTORY_WRITE(UpdateGroup(std::move(group), std::move(variants)));
}
absl::Status Transaction::DeleteGroup(GroupId id) { INVENTORY_WRITE(DeleteGroup(id)); }
absl::Status Transaction::SetGroupStatus(GroupId id, Status status) { INVENTORY_WRITE(SetGroupStatus(id, status)); }
absl::Status Transaction::UngroupItems(std::span<const ItemId> ids) { INVENTORY_WRITE(UngroupItems(ids)); }
absl::StatusOr<const Item*> Transaction::MoveItemToGroup(ItemId id, GroupId group,
                                                         std::array<std::string, 3> options) {
  INVENTORY_WRITE(MoveItemToGroup(id, group, std::move(options)));
}
absl::StatusOr<const ItemGroup*> Transaction::GroupItems(
    ItemGroup group, std::vector<std::pair<ItemId, std::array<std::string, 3>>> items) {
  INVENTORY_WRITE(GroupItems(std::move(group), std::move(items)));
}
absl::StatusOr<const Location*> Transaction::CreateLocation(Location l) { INVENTORY_WRITE(CreateLocation(std::move(l))); }
absl::StatusOr<const Location*> Transaction::UpdateLocation(Location l) { INVENTORY_WRITE(UpdateLocation(std::move(l))); }
absl::Status Transaction::DeleteLocation(LocationId id) { INVENTORY_WRITE(DeleteLocation(id)); }
absl::Status Transaction::SetLocationStatus(LocationId id, Status s) { INVENTORY_WRITE(SetLocationStatus(id, s)); }
absl::Status Transaction::MarkPrimaryLocation(LocationId id) { INVENTORY_WRITE(MarkPrimaryLocation(id)); }

absl::Status Transaction::SetOpeningStock(ItemId id, absl::CivilDay date, std::vector<OpeningStock> lines) {
  INVENTORY_STOCK_WRITE(SetOpeningStock(id, date, std::move(lines)));
}
absl::StatusOr<AdjustmentId> Transaction::CreateAdjustment(InventoryAdjustment a) {
  INVENTORY_STOCK_WRITE(CreateAdjustment(std::move(a)));
}
absl::Status Transaction::UpdateAdjustment(InventoryAdjustment a) {
  INVENTORY_STOCK_WRITE(UpdateAdjustment(std::move(a)));
}
absl::Status Transaction::DeleteAdjustment(AdjustmentId id) { INVENTORY_STOCK_WRITE(DeleteAdjustment(id)); }
absl::StatusOr<const TransferOrder*> Transaction::CreateTransferOrder(TransferOrder o) {
  INVENTORY_STOCK_WRITE(CreateTransferOrder(std::move(o)));
}
absl::StatusOr<const TransferOrder*> Transaction::UpdateTransferOrder(TransferOrder o) {
  INVENTORY_STOCK_WRITE(UpdateTransferOrder(std::move(o)));
}
absl::Status Transaction::SetTransferStatus(TransferOrderId id, TransferStatus status) {
  INVENTORY_STOCK_WRITE(SetTransferStatus(id, status));
}
absl::Status Transaction::DeleteTransferOrder(TransferOrderId id) { INVENTORY_STOCK_WRITE(DeleteTransferOrder(id)); }
absl::StatusOr<const Bundle*> Transaction::CreateBundle(Bundle b) { INVENTORY_STOCK_WRITE(CreateBundle(std::move(b))); }
absl::Status Transaction::SetBundleStatus(BundleId id, BundleStatus status) {
  INVENTORY_STOCK_WRITE(SetBundleStatus(id, status));
}
absl::Status Transaction::DeleteBundle(BundleId id) { INVENTORY_STOCK_WRITE(DeleteBundle(id)); }

#undef INVENTORY_STOCK_WRITE
#undef INVENTORY_WRITE

}  // namespace inventory
