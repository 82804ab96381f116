// JsonApi: organizations, request parsing, routing, and the mapping of
// errors to HTTP statuses and {"code","message"} bodies.
#include "inventory/json_api.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

#include "common/text.h"
#include "json/router.h"
#include "json/writer.h"

namespace inventory {

using internal::Call;
using internal::Cat;
using internal::Flavour;
using internal::Reply;
using internal::Router;
namespace json = boost::json;

namespace internal {

const std::string* Call::Query(std::string_view key) const {
  auto it = query.find(std::string(key));
  return it == query.end() ? nullptr : &it->second;
}

bool Call::QueryBool(std::string_view key, bool fallback) const {
  const std::string* v = Query(key);
  if (v == nullptr) return fallback;
  return *v == "true" || *v == "1";
}

absl::StatusOr<Reply> Write(Call& call, std::string_view message,
                            const std::function<absl::Status(Transaction&)>& write) {
  Transaction txn = call.engine.BeginTransaction();
  INVENTORY_RETURN_IF_ERROR(write(txn));
  INVENTORY_RETURN_IF_ERROR(txn.Commit());
  return Ok(message);
}

Reply Ok(std::string_view message, int status) {
  Reply r;
  r.status = status;
  r.body["code"] = 0;
  r.body["message"] = message;
  return r;
}

namespace {
std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}
}  // namespace

void Router::Add(std::string_view method, Flavour flavour, std::string_view pattern, Handler handler) {
  routes_.push_back({std::string(method), flavour, SplitPath(pattern), std::move(handler)});
}

absl::StatusOr<const Handler*> Router::Match(std::string_view method, Flavour flavour,
                                             std::string_view path,
                                             std::vector<std::string>* params) const {
  std::vector<std::string> segs = SplitPath(path);
  // The pattern with the most literal segments wins ("/items/batches"
  // over "/items/{}"), then the first registered.
  bool path_known = false;
  const Route* best = nullptr;
  size_t best_literals = 0;
  for (const Route& r : routes_) {
    if (r.flavour != flavour || r.segments.size() != segs.size()) continue;
    size_t literals = 0;
    bool match = true;
    for (size_t i = 0; i < segs.size() && match; ++i) {
      if (r.segments[i] != "{}") {
        match = r.segments[i] == segs[i];
        ++literals;
      }
    }
    if (!match) continue;
    path_known = true;
    if (r.method != method) continue;
    if (best == nullptr || literals > best_literals) {
      best = &r;
      best_literals = literals;
    }
  }
  if (best != nullptr) {
    params->clear();
    for (size_t i = 0; i < segs.size(); ++i) {
      if (best->segments[i] == "{}") params->push_back(segs[i]);
    }
    return &best->handler;
  }
  if (path_known) {
    return WithDetail(absl::UnimplementedError(Cat("The method ", method, " is not allowed on ", path, ".")),
                      "method", ApiCode::kMethodNotAllowed);
  }
  return NotFoundError("path", Cat("The URL ", path, " is not a known endpoint."), ApiCode::kNoSuchEndpoint);
}

absl::StatusOr<std::vector<ItemId>> ParseItemIds(const Call& call, std::string_view field) {
  const std::string* list = call.Query(field);
  if (list == nullptr || Trim(*list).empty()) {
    return InvalidArgumentError(field, Cat(field, " is required."), ApiCode::kMissingField);
  }
  std::vector<ItemId> ids;
  size_t i = 0;
  std::string_view s = *list;
  while (i <= s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string_view::npos) j = s.size();
    std::string_view part = Trim(s.substr(i, j - i));
    int64_t id = ParseId(part);
    if (id == 0) return InvalidArgumentError(field, Cat(field, " has a malformed id '", part, "'."));
    ids.push_back(ItemId(id));
    i = j + 1;
  }
  return ids;
}

absl::Status ParsePaging(const Call& call, int* page, int* per_page) {
  auto read = [&](std::string_view key, int* out, int lo, int hi) -> absl::Status {
    const std::string* v = call.Query(key);
    if (v == nullptr) return absl::OkStatus();
    int64_t n = 0;
    auto r = std::from_chars(v->data(), v->data() + v->size(), n);
    if (r.ec != std::errc() || r.ptr != v->data() + v->size() || n < lo || n > hi) {
      return InvalidArgumentError(key, Cat(key, " must be a whole number from ", lo, " to ", hi, "."));
    }
    *out = static_cast<int>(n);
    return absl::OkStatus();
  };
  INVENTORY_RETURN_IF_ERROR(read("page", page, 1, 1'000'000'000));
  return read("per_page", per_page, 1, 1000);
}

absl::StatusOr<int64_t> PathId(const Call& call, size_t index, std::string_view field) {
  int64_t id = index < call.params.size() ? ParseId(call.params[index]) : 0;
  if (id == 0) return InvalidArgumentError(field, Cat(field, " in the URL is not a valid id."));
  return id;
}

}  // namespace internal

namespace {

int HttpStatusFor(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kNotFound: return 404;
    case absl::StatusCode::kUnimplemented: return 405;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange: return 400;
    case absl::StatusCode::kAborted: return 409;
    default: return 500;
  }
}

std::string Decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size()) {
      auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      int h = hex(s[i + 1]), l = hex(s[i + 2]);
      if (h >= 0 && l >= 0) {
        out.push_back(static_cast<char>(h * 16 + l));
        i += 2;
      } else {
        out.push_back(s[i]);
      }
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

JsonResponse ErrorResponse(const absl::Status& s) {
  json::object body;
  body["code"] = static_cast<int>(ErrorApiCode(s));
  body["message"] = std::string(s.message());
  std::string field = ErrorField(s);
  if (!field.empty()) body["field"] = field;
  return {HttpStatusFor(s), internal::WriteJson(body)};
}

}  // namespace

struct JsonApi::Impl {
  OptionsFor options_for;
  std::mutex mu;
  std::map<std::string, std::unique_ptr<Engine>, std::less<>> orgs;
  Router router;
};

JsonApi::JsonApi(Options options)
    : JsonApi(OptionsFor([options = std::move(options)](std::string_view) { return options; })) {}

JsonApi::JsonApi(OptionsFor options_for) : impl_(std::make_unique<Impl>()) {
  impl_->options_for = std::move(options_for);
  internal::RegisterItemRoutes(impl_->router);
  internal::RegisterGroupRoutes(impl_->router);
  internal::RegisterCompositeRoutes(impl_->router);
  internal::RegisterLocationRoutes(impl_->router);
  internal::RegisterStockRoutes(impl_->router);
  internal::RegisterDocumentRoutes(impl_->router);
  internal::RegisterTrackingRoutes(impl_->router);
}

JsonApi::~JsonApi() = default;

absl::StatusOr<Engine*> JsonApi::OpenOrganization(std::string_view organization_id) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto it = impl_->orgs.find(organization_id);
  if (it == impl_->orgs.end()) {
    Options options = impl_->options_for(organization_id);
    if (!options.data_dir.empty()) {
      // Each organization has a directory of its own, named by its id.
      const bool safe = !organization_id.empty() && organization_id.size() <= 64 &&
                        std::all_of(organization_id.begin(), organization_id.end(), [](char c) {
                          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                 c == '-' || c == '_';
                        });
      if (!safe) {
        return InvalidArgumentError("organization_id",
                                    "With a data directory, organization_id must be 1 to 64 letters, digits, - or _.");
      }
      options.data_dir = Cat(options.data_dir, "/", organization_id);
    }
    absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(options);
    if (!engine.ok()) return engine.status();
    it = impl_->orgs.emplace(std::string(organization_id), std::move(*engine)).first;
  }
  return it->second.get();
}

Engine& JsonApi::Organization(std::string_view organization_id) {
  absl::StatusOr<Engine*> engine = OpenOrganization(organization_id);
  if (!engine.ok()) {
    std::fprintf(stderr, "JsonApi::Organization(%s): %s\n", std::string(organization_id).c_str(),
                 engine.status().ToString().c_str());
    std::abort();
  }
  return **engine;
}

JsonResponse JsonApi::Handle(const JsonRequest& request) {
  std::string_view target = request.path;
  std::string_view path = target.substr(0, target.find('?'));
  std::map<std::string, std::string> query;
  if (size_t q = target.find('?'); q != std::string_view::npos) {
    std::string_view qs = target.substr(q + 1);
    size_t i = 0;
    while (i < qs.size()) {
      size_t j = qs.find('&', i);
      if (j == std::string_view::npos) j = qs.size();
      std::string_view pair = qs.substr(i, j - i);
      size_t eq = pair.find('=');
      if (!pair.empty()) {
        query[Decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : Decode(pair.substr(eq + 1));
      }
      i = j + 1;
    }
  }
  Flavour flavour;
  if (path.starts_with("/inventory/v1/") || path == "/inventory/v1") {
    flavour = Flavour::kInventory;
    path.remove_prefix(13);
  } else if (path.starts_with("/books/v3/") || path == "/books/v3") {
    flavour = Flavour::kBooks;
    path.remove_prefix(9);
  } else {
    return ErrorResponse(NotFoundError(
        "path", Cat("The URL ", path, " is not a known endpoint (prefix /inventory/v1 or /books/v3)."),
        ApiCode::kNoSuchEndpoint));
  }
  auto org = query.find("organization_id");
  if (org == query.end() || internal::Trim(org->second).empty()) {
    return ErrorResponse(InvalidArgumentError("organization_id", "organization_id is required.",
                                              ApiCode::kMissingField));
  }
  std::vector<std::string> params;
  auto handler = impl_->router.Match(request.method, flavour, path, &params);
  if (!handler.ok()) return ErrorResponse(handler.status());

  json::value body_value = json::object();
  if (!internal::Trim(request.body).empty()) {
    boost::system::error_code ec;
    body_value = json::parse(request.body, ec);
    if (ec) {
      return ErrorResponse(InvalidArgumentError("body", Cat("The request body is not valid JSON: ", ec.message()),
                                                ApiCode::kMalformedRequest));
    }
    // Zoho also accepts the body as a JSONString form field.
    if (body_value.is_string()) {
      body_value = json::parse(body_value.get_string(), ec);
      if (ec) {
        return ErrorResponse(InvalidArgumentError(
            "body", Cat("The request body is a string that is not valid JSON: ", ec.message()),
            ApiCode::kMalformedRequest));
      }
    }
  }
  // A bare array body (custom field values) is read as {"custom_fields": [...]}.
  json::object body;
  if (body_value.is_object()) {
    body = std::move(body_value.get_object());
  } else if (body_value.is_array()) {
    body["custom_fields"] = std::move(body_value);
  } else {
    return ErrorResponse(InvalidArgumentError("body", "The request body must be a JSON object.",
                                              ApiCode::kMalformedRequest));
  }
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : request.headers) {
    headers[internal::Folded(name)] = value;
  }
  absl::StatusOr<Engine*> engine = OpenOrganization(org->second);
  if (!engine.ok()) return ErrorResponse(engine.status());
  Call call{**engine, flavour, std::move(params), std::move(query), std::move(headers), body};
  absl::StatusOr<Reply> reply;
  try {
    reply = (**handler)(call);
  } catch (const std::exception& e) {
    reply = WithDetail(absl::InternalError(Cat("Internal error: ", e.what())), "", ApiCode::kInternal);
  }
  if (!reply.ok()) return ErrorResponse(reply.status());
  return {reply->status, internal::WriteJson(reply->body)};
}

std::string JsonApi::HandleLine(std::string_view line) {
  auto fail = [](const absl::Status& s) {
    JsonResponse r = ErrorResponse(s);
    return Cat("{\"status\":", r.status, ",\"body\":", r.body, "}");
  };
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(line.data(), line.size()), ec);
  if (ec || !v.is_object()) {
    return fail(InvalidArgumentError("line", "The line is not a JSON object.", ApiCode::kMalformedRequest));
  }
  const json::object& o = v.get_object();
  JsonRequest req;
  const json::value* method = o.if_contains("method");
  const json::value* path = o.if_contains("path");
  if (method == nullptr || !method->is_string()) {
    return fail(InvalidArgumentError("method", "method is required.", ApiCode::kMalformedRequest));
  }
  if (path == nullptr || !path->is_string()) {
    return fail(InvalidArgumentError("path", "path is required.", ApiCode::kMalformedRequest));
  }
  req.method = std::string(method->get_string());
  req.path = std::string(path->get_string());
  if (const json::value* body = o.if_contains("body"); body && !body->is_null()) {
    req.body = body->is_string() ? std::string(body->get_string()) : internal::WriteJson(*body);
  }
  if (const json::value* headers = o.if_contains("headers"); headers && headers->is_object()) {
    for (const auto& kv : headers->get_object()) {
      std::string value = kv.value().is_string() ? std::string(kv.value().get_string())
                                                 : internal::WriteJson(kv.value());
      req.headers.emplace_back(std::string(kv.key()), value);
    }
  }
  JsonResponse r = Handle(req);
  return Cat("{\"status\":", r.status, ",\"body\":", r.body, "}");
}

}  // namespace inventory
