// Routing of facade requests: a table of (method, path pattern) -> handler,
// the parsed request a handler sees, and the reply it builds.
// Handlers live in <module>_handlers.cc and register themselves through
// Register<Module>Routes; each runs one Transaction or Snapshot.
#ifndef INVENTORY_SRC_JSON_ROUTER_H_
#define INVENTORY_SRC_JSON_ROUTER_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "absl/status/statusor.h"
#include "inventory/engine.h"
#include "catalog/catalog_rules.h"  // ItemNotFound, GroupNotFound, LocationNotFound
#include "json/codec.h"

namespace inventory::internal {

struct Call {
  Engine& engine;
  Flavour flavour;
  std::vector<std::string> params;  // the {placeholders} of the pattern, in order
  std::map<std::string, std::string> query;    // decoded query parameters
  std::map<std::string, std::string> headers;  // names lower-cased
  const json::object& body;                    // empty object when no body

  FieldReader fields() const { return FieldReader(body); }
  const std::string* Query(std::string_view key) const;
  bool QueryBool(std::string_view key, bool fallback) const;
};

struct Reply {
  int status = 200;
  json::object body;  // includes "code" and "message"
};

// {"code": 0, "message": message}.
Reply Ok(std::string_view message, int status = 200);

using Handler = std::function<absl::StatusOr<Reply>(Call&)>;

// Runs `write` in its own transaction and answers `message` on success.
absl::StatusOr<Reply> Write(Call& call, std::string_view message,
                            const std::function<absl::Status(Transaction&)>& write);

class Router {
 public:
  // `pattern` is relative to the flavour's prefix, e.g. "/items/{}".
  void Add(std::string_view method, Flavour flavour, std::string_view pattern, Handler handler);
  // Finds the handler; kNotFound (4007) for an unknown path, kUnimplemented
  // mapped to 405 (4008) for a known path with another method.
  absl::StatusOr<const Handler*> Match(std::string_view method, Flavour flavour,
                                       std::string_view path, std::vector<std::string>* params) const;

 private:
  struct Route {
    std::string method;
    Flavour flavour;
    std::vector<std::string> segments;  // "{}" matches any one segment
    Handler handler;
  };
  std::vector<Route> routes_;
};

// Parses "a,b,c" of ids; an error names `field` when any is malformed.
absl::StatusOr<std::vector<ItemId>> ParseItemIds(const Call& call, std::string_view field);
// page (>= 1) and per_page (1..1000, default 200) from the query.
absl::Status ParsePaging(const Call& call, int* page, int* per_page);
absl::StatusOr<int64_t> PathId(const Call& call, size_t index, std::string_view field);

void RegisterItemRoutes(Router& router);
void RegisterGroupRoutes(Router& router);
void RegisterCompositeRoutes(Router& router);
void RegisterLocationRoutes(Router& router);
// Opening stock, inventory adjustments, transfer orders, bundles, stock history.
void RegisterStockRoutes(Router& router);
// Sales and purchase documents, shipment orders, sales return receives and
// the item transaction lists.
void RegisterDocumentRoutes(Router& router);
// Serial numbers, batches, bins (storage locations) and default bins.
void RegisterTrackingRoutes(Router& router);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_JSON_ROUTER_H_
