#include "support/json_schema.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <utility>

#include "absl/status/status.h"

namespace inventory::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kComponentsPrefix = "#/components/schemas/";
constexpr std::string_view kDefinitionsPrefix = "#/definitions/";

// Type names of draft-07's "type" keyword.
constexpr std::array<std::string_view, 7> kTypeNames = {
    "string", "integer", "number", "boolean", "object", "array", "null"};

// Annotation keywords: accepted anywhere, never affect validation.
constexpr std::array<std::string_view, 10> kIgnoredKeywords = {
    "$schema", "$comment", "title",    "description", "example",
    "examples", "default", "format",   "readOnly",    "writeOnly"};

// Beyond this many nested schema applications for one value the validator
// gives up (only a $ref cycle that never descends into the value gets there).
constexpr int kMaxDepth = 512;

json::string_view ToJson(std::string_view s) {
  return json::string_view(s.data(), s.size());
}

std::string_view ToStd(json::string_view s) {
  return std::string_view(s.data(), s.size());
}

bool IsIgnoredKeyword(std::string_view keyword) {
  if (keyword.substr(0, 2) == "x-") return true;
  for (std::string_view k : kIgnoredKeywords) {
    if (k == keyword) return true;
  }
  return false;
}

bool IsTypeName(std::string_view name) {
  for (std::string_view t : kTypeNames) {
    if (t == name) return true;
  }
  return false;
}

// JSON-quoted string, e.g. "name" with its quotes.
std::string Quote(std::string_view s) {
  return json::serialize(json::string(ToJson(s)));
}

// One JSON pointer reference token: '~' -> "~0", '/' -> "~1".
std::string EscapeToken(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

bool IsInteger(const json::value& v) {
  switch (v.kind()) {
    case json::kind::int64:
    case json::kind::uint64:
      return true;
    case json::kind::double_: {
      double d = v.get_double();
      return std::isfinite(d) && std::floor(d) == d;
    }
    default:
      return false;
  }
}

bool IsNumber(const json::value& v) {
  return v.is_int64() || v.is_uint64() || v.is_double();
}

// The most specific draft-07 type name of a value.
std::string_view TypeOf(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return IsInteger(v) ? "integer" : "number";
    case json::kind::string:
      return "string";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
  }
  return "unknown";
}

bool HasType(const json::value& v, std::string_view type) {
  if (type == "integer") return IsInteger(v);
  if (type == "number") return IsNumber(v);
  return TypeOf(v) == type;
}

// Draft-07 equality: numbers compare by value (1 == 1.0), objects ignore
// member order.
bool JsonEqual(const json::value& a, const json::value& b) {
  if (IsNumber(a) && IsNumber(b)) {
    if (!a.is_double() && !b.is_double()) {
      if (a.is_int64() && b.is_int64()) return a.get_int64() == b.get_int64();
      if (a.is_uint64() && b.is_uint64()) {
        return a.get_uint64() == b.get_uint64();
      }
      const json::value& s = a.is_int64() ? a : b;  // the signed one
      const json::value& u = a.is_int64() ? b : a;
      return s.get_int64() >= 0 &&
             static_cast<std::uint64_t>(s.get_int64()) == u.get_uint64();
    }
    return a.to_number<double>() == b.to_number<double>();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case json::kind::array: {
      const json::array& x = a.get_array();
      const json::array& y = b.get_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!JsonEqual(x[i], y[i])) return false;
      }
      return true;
    }
    case json::kind::object: {
      const json::object& x = a.get_object();
      const json::object& y = b.get_object();
      if (x.size() != y.size()) return false;
      for (const auto& member : x) {
        const json::value* other = y.if_contains(member.key());
        if (other == nullptr || !JsonEqual(member.value(), *other)) {
          return false;
        }
      }
      return true;
    }
    default:
      return a == b;  // null, bool, string
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one reference token of a URI-fragment JSON pointer: %XX escapes,
// then "~1" -> '/' and "~0" -> '~'. False if malformed.
bool DecodeToken(std::string_view raw, std::string& out) {
  std::string unpercent;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%') {
      if (i + 2 >= raw.size()) return false;
      int hi = HexDigit(raw[i + 1]);
      int lo = HexDigit(raw[i + 2]);
      if (hi < 0 || lo < 0) return false;
      unpercent += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      unpercent += raw[i];
    }
  }
  out.clear();
  for (std::size_t i = 0; i < unpercent.size(); ++i) {
    if (unpercent[i] != '~') {
      out += unpercent[i];
      continue;
    }
    if (i + 1 >= unpercent.size()) return false;
    if (unpercent[i + 1] == '0') {
      out += '~';
    } else if (unpercent[i + 1] == '1') {
      out += '/';
    } else {
      return false;
    }
    ++i;
  }
  return true;
}

// The schema a local $ref names inside `document`, or nullptr.
// "#/components/schemas/X" is read as "#/definitions/X".
const json::value* ResolveRef(const json::value& document,
                              std::string_view ref) {
  std::string rewritten;
  if (ref.substr(0, kComponentsPrefix.size()) == kComponentsPrefix) {
    rewritten = std::string(kDefinitionsPrefix) +
                std::string(ref.substr(kComponentsPrefix.size()));
    ref = rewritten;
  }
  if (ref.empty() || ref[0] != '#') return nullptr;  // not local
  std::string_view pointer = ref.substr(1);
  const json::value* at = &document;
  if (pointer.empty()) return at;
  if (pointer[0] != '/') return nullptr;
  pointer.remove_prefix(1);
  while (true) {
    std::size_t slash = pointer.find('/');
    std::string token;
    if (!DecodeToken(pointer.substr(0, slash), token)) return nullptr;
    if (at->is_object()) {
      at = at->get_object().if_contains(ToJson(token));
    } else if (at->is_array()) {
      const json::array& array = at->get_array();
      if (token.empty() || token.size() > 9 ||
          token.find_first_not_of("0123456789") != std::string::npos ||
          (token.size() > 1 && token[0] == '0')) {
        return nullptr;
      }
      std::size_t index = std::stoul(token);
      at = index < array.size() ? &array[index] : nullptr;
    } else {
      return nullptr;
    }
    if (at == nullptr) return nullptr;
    if (slash == std::string_view::npos) return at;
    pointer.remove_prefix(slash + 1);
  }
}

// Walks every schema of a document: rewrites $refs, rejects what the
// validator would not check, and remembers every $ref to resolve afterwards.
class SchemaChecker {
 public:
  absl::Status Check(json::value& schema, const std::string& location) {
    if (schema.is_bool()) return absl::OkStatus();
    if (!schema.is_object()) {
      return absl::InvalidArgumentError(
          location + ": a schema must be an object or a boolean, got " +
          std::string(TypeOf(schema)));
    }
    json::object& object = schema.get_object();
    if (json::value* ref = object.if_contains("$ref")) {
      if (!ref->is_string()) {
        return absl::InvalidArgumentError(location +
                                          ": \"$ref\" must be a string");
      }
      std::string_view text = ToStd(ref->get_string());
      if (text.substr(0, kComponentsPrefix.size()) == kComponentsPrefix) {
        *ref = json::string(ToJson(std::string(kDefinitionsPrefix) +
                                   std::string(text.substr(
                                       kComponentsPrefix.size()))));
      }
      for (const auto& member : object) {
        std::string_view key = ToStd(member.key());
        if (key != "$ref" && !IsIgnoredKeyword(key)) {
          return absl::InvalidArgumentError(
              location + ": keyword " + Quote(key) +
              " beside \"$ref\" (draft-07 would ignore it)");
        }
      }
      refs_.emplace_back(std::string(ToStd(ref->get_string())), location);
      return absl::OkStatus();
    }
    for (auto& member : object) {
      std::string_view key = ToStd(member.key());
      json::value& value = member.value();
      std::string here = location + "/" + EscapeToken(key);
      if (key == "type") {
        if (absl::Status s = CheckType(value, here); !s.ok()) return s;
      } else if (key == "properties" || key == "definitions") {
        if (!value.is_object()) {
          return absl::InvalidArgumentError(here + ": must be an object");
        }
        for (auto& property : value.get_object()) {
          absl::Status s = Check(property.value(),
                                 here + "/" + EscapeToken(ToStd(property.key())));
          if (!s.ok()) return s;
        }
      } else if (key == "required") {
        if (!value.is_array()) {
          return absl::InvalidArgumentError(
              here + ": must be a list of property names");
        }
        for (const json::value& name : value.get_array()) {
          if (!name.is_string()) {
            return absl::InvalidArgumentError(
                here + ": must be a list of property names");
          }
        }
      } else if (key == "items") {
        if (value.is_array()) {
          return absl::UnimplementedError(
              here + ": \"items\" as a list (tuple validation) is not supported");
        }
        if (absl::Status s = Check(value, here); !s.ok()) return s;
      } else if (key == "enum") {
        if (!value.is_array() || value.get_array().empty()) {
          return absl::InvalidArgumentError(here +
                                            ": must be a non-empty list");
        }
      } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
        if (!value.is_array() || value.get_array().empty()) {
          return absl::InvalidArgumentError(
              here + ": must be a non-empty list of schemas");
        }
        json::array& alternatives = value.get_array();
        for (std::size_t i = 0; i < alternatives.size(); ++i) {
          absl::Status s =
              Check(alternatives[i], here + "/" + std::to_string(i));
          if (!s.ok()) return s;
        }
      } else if (key == "additionalProperties") {
        if (absl::Status s = Check(value, here); !s.ok()) return s;
      } else if (!IsIgnoredKeyword(key)) {
        return absl::UnimplementedError(location + ": unsupported keyword " +
                                        Quote(key));
      }
    }
    return absl::OkStatus();
  }

  // Every $ref seen, as (ref, location of the schema holding it).
  const std::vector<std::pair<std::string, std::string>>& refs() const {
    return refs_;
  }

 private:
  static absl::Status CheckType(const json::value& value,
                                const std::string& here) {
    if (value.is_string()) {
      if (IsTypeName(ToStd(value.get_string()))) return absl::OkStatus();
      return absl::InvalidArgumentError(here + ": unknown type " +
                                        json::serialize(value));
    }
    if (value.is_array() && !value.get_array().empty()) {
      for (const json::value& name : value.get_array()) {
        if (!name.is_string() || !IsTypeName(ToStd(name.get_string()))) {
          return absl::InvalidArgumentError(here + ": unknown type " +
                                            json::serialize(name));
        }
      }
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError(
        here + ": must be a type name or a non-empty list of type names");
  }

  std::vector<std::pair<std::string, std::string>> refs_;
};

std::string Display(const std::string& pointer) {
  return pointer.empty() ? "(root)" : pointer;
}

class Validator {
 public:
  Validator(const json::value& document, std::vector<std::string>& out)
      : document_(document), out_(out) {}

  void Check(const json::value& schema, const json::value& value,
             const std::string& pointer, int depth) {
    if (depth > kMaxDepth) {
      Report(pointer, "schema nesting too deep (a $ref cycle?)");
      return;
    }
    if (schema.is_bool()) {
      if (!schema.get_bool()) Report(pointer, "no value is allowed here");
      return;
    }
    const json::object& s = schema.get_object();
    if (const json::value* ref = s.if_contains("$ref")) {
      std::string_view text = ToStd(ref->get_string());
      const json::value* target = ResolveRef(document_, text);
      if (target == nullptr) {
        Report(pointer, "unresolvable $ref " + Quote(text));
        return;
      }
      Check(*target, value, pointer, depth + 1);
      return;
    }
    if (const json::value* type = s.if_contains("type")) {
      CheckType(*type, value, pointer);
    }
    if (const json::value* options = s.if_contains("enum")) {
      bool found = false;
      for (const json::value& option : options->get_array()) {
        if (JsonEqual(option, value)) {
          found = true;
          break;
        }
      }
      if (!found) {
        Report(pointer, json::serialize(value) + " is not one of " +
                            json::serialize(*options));
      }
    }
    if (value.is_object()) {
      CheckObject(s, value.get_object(), pointer, depth);
    }
    if (const json::value* items = s.if_contains("items");
        items != nullptr && value.is_array()) {
      const json::array& array = value.get_array();
      for (std::size_t i = 0; i < array.size(); ++i) {
        Check(*items, array[i], pointer + "/" + std::to_string(i), depth + 1);
      }
    }
    if (const json::value* all = s.if_contains("allOf")) {
      for (const json::value& alternative : all->get_array()) {
        Check(alternative, value, pointer, depth + 1);
      }
    }
    if (const json::value* any = s.if_contains("anyOf")) {
      std::vector<std::vector<std::string>> failures;
      if (CountMatches(any->get_array(), value, pointer, depth, failures) ==
          0) {
        Report(pointer, "matches no anyOf alternative " + Explain(failures));
      }
    }
    if (const json::value* one = s.if_contains("oneOf")) {
      std::vector<std::vector<std::string>> failures;
      std::vector<std::size_t> matched;
      const json::array& alternatives = one->get_array();
      for (std::size_t i = 0; i < alternatives.size(); ++i) {
        std::vector<std::string> sub;
        Validator(document_, sub).Check(alternatives[i], value, pointer,
                                        depth + 1);
        if (sub.empty()) matched.push_back(i);
        failures.push_back(std::move(sub));
      }
      if (matched.empty()) {
        Report(pointer, "matches no oneOf alternative " + Explain(failures));
      } else if (matched.size() > 1) {
        std::string list;
        for (std::size_t i : matched) {
          if (!list.empty()) list += ", ";
          list += std::to_string(i);
        }
        Report(pointer, "matches " + std::to_string(matched.size()) +
                            " oneOf alternatives (" + list +
                            "), expected exactly one");
      }
    }
  }

 private:
  void Report(const std::string& pointer, const std::string& what) {
    out_.push_back(Display(pointer) + ": " + what);
  }

  void CheckType(const json::value& type, const json::value& value,
                 const std::string& pointer) {
    std::string expected;
    if (type.is_string()) {
      if (HasType(value, ToStd(type.get_string()))) return;
      expected = std::string(ToStd(type.get_string()));
    } else {
      const json::array& names = type.get_array();
      for (std::size_t i = 0; i < names.size(); ++i) {
        std::string_view name = ToStd(names[i].get_string());
        if (HasType(value, name)) return;
        if (i > 0) expected += i + 1 == names.size() ? " or " : ", ";
        expected += std::string(name);
      }
    }
    Report(pointer,
           "expected " + expected + ", got " + std::string(TypeOf(value)));
  }

  void CheckObject(const json::object& s, const json::object& value,
                   const std::string& pointer, int depth) {
    if (const json::value* required = s.if_contains("required")) {
      for (const json::value& name : required->get_array()) {
        if (!value.contains(name.get_string())) {
          Report(pointer, "missing required property " +
                              Quote(ToStd(name.get_string())));
        }
      }
    }
    const json::value* properties = s.if_contains("properties");
    const json::value* additional = s.if_contains("additionalProperties");
    if (properties == nullptr && additional == nullptr) return;
    for (const auto& member : value) {
      std::string_view key = ToStd(member.key());
      std::string here = pointer + "/" + EscapeToken(key);
      const json::value* property =
          properties == nullptr
              ? nullptr
              : properties->get_object().if_contains(member.key());
      if (property != nullptr) {
        Check(*property, member.value(), here, depth + 1);
      } else if (additional != nullptr) {
        if (additional->is_bool()) {
          if (!additional->get_bool()) {
            Report(pointer, "unexpected property " + Quote(key));
          }
        } else {
          Check(*additional, member.value(), here, depth + 1);
        }
      }
    }
  }

  std::size_t CountMatches(const json::array& alternatives,
                           const json::value& value, const std::string& pointer,
                           int depth,
                           std::vector<std::vector<std::string>>& failures) {
    std::size_t matches = 0;
    for (const json::value& alternative : alternatives) {
      std::vector<std::string> sub;
      Validator(document_, sub).Check(alternative, value, pointer, depth + 1);
      if (sub.empty()) ++matches;
      failures.push_back(std::move(sub));
    }
    return matches;
  }

  // "(0: a, b; 1: c)" from the violations of each alternative.
  static std::string Explain(
      const std::vector<std::vector<std::string>>& failures) {
    std::string out = "(";
    for (std::size_t i = 0; i < failures.size(); ++i) {
      if (i > 0) out += "; ";
      out += std::to_string(i) + ": ";
      for (std::size_t j = 0; j < failures[i].size(); ++j) {
        if (j > 0) out += ", ";
        out += failures[i][j];
      }
    }
    return out + ")";
  }

  const json::value& document_;
  std::vector<std::string>& out_;
};

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::NotFoundError(path + ": cannot read");
  return text.str();
}

absl::StatusOr<json::value> ParseJson(std::string_view text) {
  boost::system::error_code ec;
  json::value value = json::parse(ToJson(text), ec);
  if (ec) return absl::InvalidArgumentError("not JSON: " + ec.message());
  return value;
}

}  // namespace

absl::StatusOr<JsonSchemaSet> JsonSchemaSet::FromJson(
    boost::json::value document) {
  if (!document.is_object()) {
    return absl::InvalidArgumentError("a schema document must be an object");
  }
  const json::value* definitions = document.get_object().if_contains(
      "definitions");
  if (definitions == nullptr || !definitions->is_object()) {
    return absl::InvalidArgumentError(
        "a schema document must have an object \"definitions\"");
  }
  SchemaChecker checker;
  if (absl::Status s = checker.Check(document, "#"); !s.ok()) return s;
  for (const auto& [ref, location] : checker.refs()) {
    if (ResolveRef(document, ref) == nullptr) {
      return absl::InvalidArgumentError(location + ": unresolvable $ref " +
                                        Quote(ref));
    }
  }
  return JsonSchemaSet(std::move(document));
}

absl::StatusOr<JsonSchemaSet> JsonSchemaSet::Parse(std::string_view json_text) {
  absl::StatusOr<json::value> document = ParseJson(json_text);
  if (!document.ok()) return document.status();
  return FromJson(*std::move(document));
}

bool JsonSchemaSet::HasDefinition(std::string_view name) const {
  return document_.at("definitions").get_object().contains(ToJson(name));
}

std::vector<std::string> JsonSchemaSet::DefinitionNames() const {
  std::vector<std::string> names;
  for (const auto& member : document_.at("definitions").get_object()) {
    names.emplace_back(ToStd(member.key()));
  }
  return names;
}

absl::StatusOr<JsonSchemaSet> LoadSchemaFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<JsonSchemaSet> schemas = JsonSchemaSet::Parse(*text);
  if (!schemas.ok()) {
    return absl::Status(schemas.status().code(),
                        path + ": " + std::string(schemas.status().message()));
  }
  return schemas;
}

std::vector<std::string> Validate(const JsonSchemaSet& schemas,
                                  std::string_view definition,
                                  const boost::json::value& value) {
  std::vector<std::string> violations;
  const json::value* schema =
      schemas.document().at("definitions").get_object().if_contains(
          ToJson(definition));
  if (schema == nullptr) {
    violations.push_back("(schema): no definition named " + Quote(definition));
    return violations;
  }
  Validator(schemas.document(), violations).Check(*schema, value, "", 0);
  return violations;
}

absl::StatusOr<boost::json::value> LoadJsonFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<json::value> value = ParseJson(*text);
  if (!value.ok()) {
    return absl::InvalidArgumentError(path + ": " +
                                      std::string(value.status().message()));
  }
  return value;
}

const JsonSchemaSet& ReferenceSchema(const std::string& module) {
  static auto* cache = new std::map<std::string, JsonSchemaSet>();
  auto it = cache->find(module);
  if (it == cache->end()) {
    auto s = LoadSchemaFile(std::string(INVENTORY_REFERENCE_DIR "/json-schema/") + module + ".json");
    if (!s.ok()) {
      ADD_FAILURE() << s.status();
      s = JsonSchemaSet::Parse(R"({"definitions":{}})");
    }
    it = cache->emplace(module, *std::move(s)).first;
  }
  return it->second;
}

}  // namespace inventory::testing
