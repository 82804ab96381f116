// The JSON facade: Zoho Inventory / Books request bodies in, their response
// shapes and messages out, routed by organization_id to one Engine per
// organization (created on first use; organizations never share data).
//
// Example:
//   JsonApi api;
//   JsonResponse r = api.Handle({.method = "POST",
//       .path = "/inventory/v1/items?organization_id=1",
//       .body = R"({"name":"Tea","sku":"T-1","rate":5})"});
//   // r.status == 201, r.body == {"code":0,"message":"The item has been added.","item":{...}}
//
// Thread safety: Handle may be called from several threads.
#ifndef INVENTORY_JSON_API_H_
#define INVENTORY_JSON_API_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "inventory/engine.h"
#include "inventory/options.h"

namespace inventory {

struct JsonRequest {
  std::string method;  // GET, POST, PUT, DELETE
  std::string path;    // with query string, e.g. /inventory/v1/items?organization_id=1
  std::string body;    // JSON text; may be empty
  std::vector<std::pair<std::string, std::string>> headers;
};

struct JsonResponse {
  int status = 200;  // HTTP status
  std::string body;  // JSON text: {"code":0,"message":...} or an error
};

class JsonApi {
 public:
  // `options` are used for every organization's engine.
  explicit JsonApi(Options options = {});
  // Options of each organization's own: options_for(organization_id) is
  // called once per organization, when its engine is first opened (under
  // the facade's lock, so it need not be thread-safe). For example, one
  // organization valued FIFO and another at weighted average. With
  // data_dir, the engine still opens <data_dir>/<organization_id>.
  using OptionsFor = std::function<Options(std::string_view organization_id)>;
  explicit JsonApi(OptionsFor options_for);
  ~JsonApi();
  JsonApi(const JsonApi&) = delete;
  JsonApi& operator=(const JsonApi&) = delete;

  JsonResponse Handle(const JsonRequest& request);
  // One line of `invctl jsonl`: {"method","path","body","headers"} in,
  // {"status","body"} out (no newline). A malformed line gets an error
  // response, never an exception.
  std::string HandleLine(std::string_view line);
  // The engine of an organization, opened on first use: in memory, or
  // with Options::data_dir, from the directory <data_dir>/<organization_id>
  // (then the id must be 1 to 64 letters, digits, - or _). Fails as
  // Engine::Open does; Handle answers such a failure as an error response.
  absl::StatusOr<Engine*> OpenOrganization(std::string_view organization_id);
  // The same for tests and in-memory use: aborts if it cannot be opened.
  Engine& Organization(std::string_view organization_id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace inventory

#endif  // INVENTORY_JSON_API_H_
