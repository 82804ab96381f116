#include "engine/journal.h"

#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include "common/text.h"

namespace inventory::internal {
namespace {

// How an argument is held between decoding and the call: spans as vectors.
template <class T>
struct Held {
  using type = std::decay_t<T>;
};
template <class T>
struct Held<std::span<T>> {
  using type = std::vector<std::remove_const_t<T>>;
};

// An argument as the method takes it.
template <class A, class H>
decltype(auto) Pass(H& held) {
  if constexpr (IsSpan<A>::value) {
    return A(held);
  } else {
    return std::move(held);
  }
}

template <class T>
absl::Status StatusOf(const absl::StatusOr<T>& r) {
  return r.status();
}
inline absl::Status StatusOf(const absl::Status& s) { return s; }

// Decodes the method's arguments and calls it.
template <class R, class... Args>
absl::Status Call(Decoder& d, Transaction& txn, R (Transaction::*method)(Args...)) {
  std::tuple<typename Held<Args>::type...> args;
  const bool decoded = std::apply([&](auto&... a) { return (d.Get(a) && ...); }, args);
  if (!decoded) return absl::DataLossError("its arguments do not decode");
  return StatusOf(std::apply([&](auto&... a) { return (txn.*method)(Pass<Args>(a)...); }, args));
}

absl::Status Dispatch(CommandKind kind, Decoder& d, Transaction& t) {
  switch (kind) {
    case CommandKind::kCreateItem: return Call(d, t, &Transaction::CreateItem);
    case CommandKind::kUpdateItem: return Call(d, t, &Transaction::UpdateItem);
    case CommandKind::kDeleteItems: return Call(d, t, &Transaction::DeleteItems);
    case CommandKind::kSetItemsStatus: return Call(d, t, &Transaction::SetItemsStatus);
    case CommandKind::kSetStorageLocationEnabled: return Call(d, t, &Transaction::SetStorageLocationEnabled);
    case CommandKind::kSetItemLocationAccess: return Call(d, t, &Transaction::SetItemLocationAccess);
    case CommandKind::kCreateGroup: return Call(d, t, &Transaction::CreateGroup);
    case CommandKind::kUpdateGroup: return Call(d, t, &Transaction::UpdateGroup);
    case CommandKind::kDeleteGroup: return Call(d, t, &Transaction::DeleteGroup);
    case CommandKind::kSetGroupStatus: return Call(d, t, &Transaction::SetGroupStatus);
    case CommandKind::kUngroupItems: return Call(d, t, &Transaction::UngroupItems);
    case CommandKind::kMoveItemToGroup: return Call(d, t, &Transaction::MoveItemToGroup);
    case CommandKind::kGroupItems: return Call(d, t, &Transaction::GroupItems);
    case CommandKind::kCreateLocation: return Call(d, t, &Transaction::CreateLocation);
    case CommandKind::kUpdateLocation: return Call(d, t, &Transaction::UpdateLocation);
    case CommandKind::kDeleteLocation: return Call(d, t, &Transaction::DeleteLocation);
    case CommandKind::kSetLocationStatus: return Call(d, t, &Transaction::SetLocationStatus);
    case CommandKind::kMarkPrimaryLocation: return Call(d, t, &Transaction::MarkPrimaryLocation);
    case CommandKind::kSetOpeningStock: return Call(d, t, &Transaction::SetOpeningStock);
    case CommandKind::kCreateAdjustment: return Call(d, t, &Transaction::CreateAdjustment);
    case CommandKind::kUpdateAdjustment: return Call(d, t, &Transaction::UpdateAdjustment);
    case CommandKind::kDeleteAdjustment: return Call(d, t, &Transaction::DeleteAdjustment);
    case CommandKind::kCreateTransferOrder: return Call(d, t, &Transaction::CreateTransferOrder);
    case CommandKind::kUpdateTransferOrder: return Call(d, t, &Transaction::UpdateTransferOrder);
    case CommandKind::kSetTransferStatus: return Call(d, t, &Transaction::SetTransferStatus);
    case CommandKind::kDeleteTransferOrder: return Call(d, t, &Transaction::DeleteTransferOrder);
    case CommandKind::kCreateBundle: return Call(d, t, &Transaction::CreateBundle);
    case CommandKind::kSetBundleStatus: return Call(d, t, &Transaction::SetBundleStatus);
    case CommandKind::kDeleteBundle: return Call(d, t, &Transaction::DeleteBundle);
    case CommandKind::kCreateDocument: return Call(d, t, &Transaction::CreateDocument);
    case CommandKind::kUpdateDocument: return Call(d, t, &Transaction::UpdateDocument);
    case CommandKind::kSetDocumentStatus: return Call(d, t, &Transaction::SetDocumentStatus);
    case CommandKind::kDeleteDocument: return Call(d, t, &Transaction::DeleteDocument);
    case CommandKind::kCreateBatch: return Call(d, t, &Transaction::CreateBatch);
    case CommandKind::kUpdateBatch: return Call(d, t, &Transaction::UpdateBatch);
    case CommandKind::kDeleteBatch: return Call(d, t, &Transaction::DeleteBatch);
    case CommandKind::kSetBatchStatus: return Call(d, t, &Transaction::SetBatchStatus);
    case CommandKind::kSetStorageLocationsEnabled: return Call(d, t, &Transaction::SetStorageLocationsEnabled);
    case CommandKind::kCreateStorageLocation: return Call(d, t, &Transaction::CreateStorageLocation);
    case CommandKind::kUpdateStorageLocation: return Call(d, t, &Transaction::UpdateStorageLocation);
    case CommandKind::kDeleteStorageLocation: return Call(d, t, &Transaction::DeleteStorageLocation);
    case CommandKind::kSetStorageLocationStatus: return Call(d, t, &Transaction::SetStorageLocationStatus);
    case CommandKind::kSetDefaultStorageLocation: return Call(d, t, &Transaction::SetDefaultStorageLocation);
  }
  return absl::DataLossError("its kind is unknown");
}

}  // namespace

absl::Status ReplayCommands(std::string_view payload, Transaction& txn, CatalogState& state) {
  Decoder d(payload);
  for (int n = 0; d.remaining() > 0; ++n) {
    uint8_t kind = 0;
    int64_t next_id = 0;
    absl::Time now;
    auto fail = [&](const absl::Status& why) {
      return absl::DataLossError(Cat("command ", n, " (kind ", static_cast<int>(kind), ") does not replay: ",
                                     std::string(why.message())));
    };
    if (!d.Get(kind) || !d.Get(next_id) || !d.Get(now)) return fail(absl::DataLossError("it does not decode"));
    if (next_id != state.next_id) {
      return fail(absl::DataLossError(
          Cat("it was recorded with the id counter at ", next_id, ", and replay reached ", state.next_id)));
    }
    state.now = now;
    if (absl::Status s = Dispatch(static_cast<CommandKind>(kind), d, txn); !s.ok()) return fail(s);
  }
  return absl::OkStatus();
}

}  // namespace inventory::internal
