// Location endpoints: /locations and /settings/locations/enable
// (openapi/locations.yml). tax_settings_id is optional here: the engine
// does not own tax settings.
#include "common/text.h"
#include "json/router.h"

namespace inventory::internal {
namespace {

absl::Status DecodeLocationBody(const FieldReader& in, Location* l) {
  INVENTORY_RETURN_IF_ERROR(in.Enum("type", {"general", "line_item_only"}, &l->type));
  return DecodeLocation(in, l);
}

absl::StatusOr<Reply> CreateLocation(Call& call) {
  FieldReader in = call.fields();
  INVENTORY_RETURN_IF_ERROR(in.Require("location_name"));
  Location l;
  INVENTORY_RETURN_IF_ERROR(DecodeLocationBody(in, &l));
  Transaction txn = call.engine.BeginTransaction();
  auto created = txn.CreateLocation(std::move(l));
  if (!created.ok()) return created.status();
  Reply r = Ok("Location has been created.", 201);
  r.body["locations"] = EncodeLocation(**created);
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> UpdateLocation(Call& call) {
  auto id = PathId(call, 0, "location_id");
  if (!id.ok()) return id.status();
  FieldReader in = call.fields();
  if (in.Has("location_name")) INVENTORY_RETURN_IF_ERROR(in.Require("location_name"));
  Transaction txn = call.engine.BeginTransaction();
  const Location* old = txn.FindLocation(LocationId(*id));
  if (old == nullptr) return LocationNotFound(LocationId(*id));
  Location l = *old;
  INVENTORY_RETURN_IF_ERROR(DecodeLocationBody(in, &l));
  auto updated = txn.UpdateLocation(std::move(l));
  if (!updated.ok()) return updated.status();
  Reply r = Ok("Location has been updated.");
  r.body["locations"] = EncodeLocation(**updated);
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<Reply> GetLocation(Call& call) {
  auto id = PathId(call, 0, "location_id");
  if (!id.ok()) return id.status();
  Snapshot snap = call.engine.GetSnapshot();
  const Location* l = snap.FindLocation(LocationId(*id));
  if (l == nullptr) return LocationNotFound(LocationId(*id));
  json::object o = EncodeLocation(*l);
  o["is_primary_location"] = l->is_primary;
  o["is_location_active"] = l->status == Status::kActive;
  Reply r = Ok("success");
  r.body["location"] = std::move(o);
  return r;
}

absl::StatusOr<Reply> ListLocations(Call& call) {
  const std::string* type = call.Query("location_type");
  if (type != nullptr && *type != "general" && *type != "line_item_only") {
    return InvalidArgumentError("location_type", "location_type must be one of: general, line_item_only.",
                                ApiCode::kBadEnum);
  }
  Snapshot snap = call.engine.GetSnapshot();
  json::array rows;
  for (const Location* l : snap.ListLocations()) {
    if (type != nullptr && l->type != *type) continue;
    rows.push_back(EncodeLocation(*l));
  }
  Reply r = Ok("success");
  r.body["locations"] = std::move(rows);
  return r;
}

absl::StatusOr<Reply> LocationUsers(Call& call) {
  auto id = PathId(call, 0, "location_id");
  if (!id.ok()) return id.status();
  int page = 1, per_page = 200;
  INVENTORY_RETURN_IF_ERROR(ParsePaging(call, &page, &per_page));
  Snapshot snap = call.engine.GetSnapshot();
  const Location* l = snap.FindLocation(LocationId(*id));
  if (l == nullptr) return LocationNotFound(LocationId(*id));
  json::array users;
  size_t first = static_cast<size_t>(page - 1) * per_page;
  for (size_t i = first; i < l->user_ids.size() && i < first + per_page; ++i) {
    // The reference's location-user has "name" (the location's own
    // associated_users say "user_name"); the engine knows only the ids.
    users.push_back(json::object{{"user_id", l->user_ids[i]}, {"name", ""}});
  }
  Reply r = Ok("success");
  r.body["users"] = std::move(users);
  r.body["page_context"] = json::object{{"page", page},
                                        {"per_page", per_page},
                                        {"has_more_page", l->user_ids.size() > first + per_page}};
  return r;
}

Handler OnLocation(std::string_view message, std::function<absl::Status(Transaction&, LocationId)> write) {
  return [message, write](Call& call) -> absl::StatusOr<Reply> {
    auto id = PathId(call, 0, "location_id");
    if (!id.ok()) return id.status();
    Transaction txn = call.engine.BeginTransaction();
    INVENTORY_RETURN_IF_ERROR(write(txn, LocationId(*id)));
    INVENTORY_RETURN_IF_ERROR(txn.Commit());
    return Ok(message);
  };
}

}  // namespace

void RegisterLocationRoutes(Router& router) {
  Flavour f = Flavour::kInventory;
  // Every organization has locations from the start; enabling is a no-op
  // kept for clients that call it.
  router.Add("POST", f, "/settings/locations/enable", [](Call&) -> absl::StatusOr<Reply> {
    return Ok("We're enabling locations for your organization.");
  });
  router.Add("POST", f, "/locations", CreateLocation);
  router.Add("GET", f, "/locations", ListLocations);
  router.Add("GET", f, "/locations/{}", GetLocation);
  router.Add("PUT", f, "/locations/{}", UpdateLocation);
  // The reference's message has the double period.
  router.Add("DELETE", f, "/locations/{}", OnLocation("The location has been deleted..", [](Transaction& t, LocationId id) {
               return t.DeleteLocation(id);
             }));
  router.Add("POST", f, "/locations/{}/active", OnLocation("The location has been marked as active.",
                                                           [](Transaction& t, LocationId id) {
                                                             return t.SetLocationStatus(id, Status::kActive);
                                                           }));
  router.Add("POST", f, "/locations/{}/inactive", OnLocation("The location has been marked as inactive.",
                                                             [](Transaction& t, LocationId id) {
                                                               return t.SetLocationStatus(id, Status::kInactive);
                                                             }));
  router.Add("POST", f, "/locations/{}/markasprimary", OnLocation("The location has been marked as primary.",
                                                                  [](Transaction& t, LocationId id) {
                                                                    return t.MarkPrimaryLocation(id);
                                                                  }));
  router.Add("GET", f, "/locations/{}/users", LocationUsers);
}

}  // namespace inventory::internal
