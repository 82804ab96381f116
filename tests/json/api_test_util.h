// Helpers for the JSON facade tests: send a request through
// inventory::JsonApi::Handle, read the answer with Boost.JSON, and match
// error answers exactly (HTTP status, API code, field).
//
// Example:
//   JsonApi api;
//   ApiReply r = Send(api, "POST", Url("/inventory/v1/items"), R"({"name":"Tea"})");
//   EXPECT_EQ(r.status, 201);
//   EXPECT_EQ(r.at("/item/name"), boost::json::value("Tea"));
//   EXPECT_THAT(Send(api, "GET", Url("/inventory/v1/items/9")), IsApiError(404, 2006, "item_id"));
#ifndef INVENTORY_TESTS_JSON_API_TEST_UTIL_H_
#define INVENTORY_TESTS_JSON_API_TEST_UTIL_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "inventory/json_api.h"
#include "support/catalog_testing.h"

namespace inventory::testutil {

using Headers = std::vector<std::pair<std::string, std::string>>;

// One answer of the facade: the HTTP status, the body as sent and parsed.
struct ApiReply {
  int status = 0;
  std::string text;        // the body exactly as JsonApi wrote it
  boost::json::value json;  // parsed; null (and a test failure) if not an object

  const boost::json::object& body() const {
    static const boost::json::object kEmpty;
    return json.is_object() ? json.get_object() : kEmpty;
  }

  // The value at a JSON pointer ("/item/name", "/items/0/sku"); null when
  // there is none, so a comparison with the expected value fails readably.
  const boost::json::value& at(std::string_view pointer) const {
    static const boost::json::value kNull;
    boost::system::error_code ec;
    const boost::json::value* v =
        json.find_pointer(boost::json::string_view(pointer.data(), pointer.size()), ec);
    return v == nullptr ? kNull : *v;
  }
  bool has(std::string_view pointer) const {
    boost::system::error_code ec;
    return json.find_pointer(boost::json::string_view(pointer.data(), pointer.size()), ec) !=
           nullptr;
  }
  // The string at `pointer`, or a description of what is there instead (so
  // EXPECT_EQ(r.str("/item/item_id"), id) fails with a useful message).
  std::string str(std::string_view pointer) const {
    const boost::json::value& v = at(pointer);
    if (v.is_string()) return std::string(v.get_string().data(), v.get_string().size());
    return "<not a string: " + boost::json::serialize(v) + ">";
  }
  // The "code" and "message" every answer carries.
  int64_t code() const {
    const boost::json::value& v = at("/code");
    return v.is_int64() ? v.get_int64() : -1;
  }
  std::string message() const { return str("/message"); }
};

inline std::ostream& operator<<(std::ostream& os, const ApiReply& r) {
  return os << "HTTP " << r.status << " " << r.text;
}

// Adds organization_id to a path (with '?' or '&' as needed).
inline std::string Url(std::string_view path, std::string_view organization_id = "1") {
  std::string out(path);
  out += path.find('?') == std::string_view::npos ? '?' : '&';
  out += "organization_id=";
  out += organization_id;
  return out;
}

// Sends one request through JsonApi::Handle and parses the answer.
inline ApiReply Send(JsonApi& api, std::string_view method, std::string_view path,
                     std::string_view body = "", Headers headers = {}) {
  JsonResponse response = api.Handle({.method = std::string(method),
                                      .path = std::string(path),
                                      .body = std::string(body),
                                      .headers = std::move(headers)});
  ApiReply r;
  r.status = response.status;
  r.text = response.body;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(response.body, ec);
  if (ec || !v.is_object()) {
    ADD_FAILURE() << method << " " << path << " answered a body that is not a JSON object: "
                  << response.body;
    return r;
  }
  r.json = std::move(v);
  return r;
}

// The string values of `key` in each object of the array at `pointer`, in
// order (e.g. the names of a list answer).
inline std::vector<std::string> Column(const ApiReply& r, std::string_view pointer,
                                       std::string_view key) {
  std::vector<std::string> out;
  const boost::json::value& a = r.at(pointer);
  if (!a.is_array()) {
    ADD_FAILURE() << pointer << " is not an array in " << r.text;
    return out;
  }
  for (const boost::json::value& e : a.get_array()) {
    const boost::json::value* v =
        e.is_object() ? e.get_object().if_contains(boost::json::string_view(key.data(), key.size()))
                      : nullptr;
    out.push_back(v && v->is_string() ? std::string(v->get_string().data(), v->get_string().size())
                                      : "<missing " + std::string(key) + ">");
  }
  return out;
}

// Matches an error answer: HTTP status, "code", and "field" ("" for an
// error that names no field, which then must have no "field" member).
MATCHER_P3(IsApiError, http_status, api_code, field,
           "is an HTTP " + ::testing::PrintToString(http_status) + " error with code " +
               ::testing::PrintToString(api_code) + " naming field '" + std::string(field) + "'") {
  const boost::json::value* f = arg.body().if_contains("field");
  std::string actual_field =
      f && f->is_string() ? std::string(f->get_string().data(), f->get_string().size()) : "";
  *result_listener << "answer is " << arg;
  return arg.status == http_status && arg.code() == static_cast<int64_t>(api_code) &&
         actual_field == std::string(field) && (f != nullptr) == !std::string(field).empty();
}

// Matches a success answer: this HTTP status, code 0 and this message.
MATCHER_P2(IsApiOk, http_status, message,
           "is an HTTP " + ::testing::PrintToString(http_status) + " success saying \"" +
               std::string(message) + "\"") {
  *result_listener << "answer is " << arg;
  return arg.status == http_status && arg.code() == 0 && arg.message() == std::string(message);
}

// A facade test's base: organization 1 of a JsonApi on a frozen clock, and
// the requests every module's tests send.
class ApiTest : public ::testing::Test {
 protected:
  ApiTest() : api_(Options{.clock = clock_.AsFunction()}) {}

  // A request under /inventory/v1 for organization 1.
  ApiReply Inv(std::string_view method, std::string_view path, std::string_view body = "") {
    return Send(api_, method, Url(Cat("/inventory/v1", path)), body);
  }
  // Creates an item through POST /items; returns its item_id.
  std::string CreateItem(std::string_view body) {
    ApiReply r = Inv("POST", "/items", body);
    EXPECT_THAT(r, IsApiOk(201, "The item has been added."));
    return r.str("/item/item_id");
  }

  FrozenClock clock_;
  JsonApi api_;
};

}  // namespace inventory::testutil

#endif  // INVENTORY_TESTS_JSON_API_TEST_UTIL_H_
