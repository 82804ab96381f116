// The export format: the same described types as the binary codec
// (storage/codec.h), as JSON. Structs are objects keyed by member name,
// decimals are strings ("12.5", exact), dates "yyyy-mm-dd", times RFC 3339
// with nanoseconds, ids and integers numbers, enumerators their names
// (when described) or numbers, optionals null when empty, pairs and arrays
// JSON arrays; a string that is not UTF-8 is {"base16": "<hex>"}. Reading
// refuses anything else and says where.
// Owns: the JSON layout of values. May call: Boost.JSON, Boost.Describe.
#ifndef INVENTORY_SRC_STORAGE_JSON_CODEC_H_
#define INVENTORY_SRC_STORAGE_JSON_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "boost/describe/enum.hpp"
#include "boost/describe/enum_from_string.hpp"
#include "boost/describe/enum_to_string.hpp"
#include "boost/describe/members.hpp"
#include "boost/json.hpp"
#include "boost/mp11/algorithm.hpp"
#include "storage/codec.h"

namespace inventory::internal {

// Whether `s` is well-formed UTF-8 (no overlong forms, surrogates or code
// points above U+10FFFF): what a JSON string may hold.
inline bool IsUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // the continuation bytes are missing
    for (size_t k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

template <class T>
boost::json::value ToJson(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return boost::json::value(v);
  } else if constexpr (std::is_enum_v<T>) {
    if constexpr (boost::describe::has_describe_enumerators<T>::value) {
      return boost::json::value(boost::describe::enum_to_string(v, "?"));
    } else {
      return boost::json::value(static_cast<int64_t>(v));
    }
  } else if constexpr (std::is_integral_v<T>) {
    return boost::json::value(static_cast<int64_t>(v));
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (IsUtf8(v)) return boost::json::value(boost::json::string_view(v.data(), v.size()));
    // Bytes that are not UTF-8 (the engine stores names as given) cannot
    // be a JSON string: {"base16": "<hex>"} keeps them exactly.
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char c : v) {
      hex.push_back(kHex[c >> 4]);
      hex.push_back(kHex[c & 15]);
    }
    return boost::json::object{{"base16", hex}};
  } else if constexpr (IsId<T>::value) {
    return boost::json::value(v.value());
  } else if constexpr (IsDecimal<T>::value) {
    return boost::json::value(v.ToString());
  } else if constexpr (std::is_same_v<T, absl::CivilDay>) {
    return boost::json::value(absl::FormatCivilTime(v));
  } else if constexpr (std::is_same_v<T, absl::Time>) {
    return boost::json::value(absl::FormatTime(absl::RFC3339_full, v, absl::UTCTimeZone()));
  } else if constexpr (IsOptional<T>::value) {
    return v ? ToJson(*v) : boost::json::value(nullptr);
  } else if constexpr (std::is_same_v<T, AttributeOptions>) {
    return ToJson(v.ToArray());  // as the three strings it once was
  } else if constexpr (IsVector<T>::value || IsSpan<T>::value || IsArray<T>::value) {
    boost::json::array out;
    out.reserve(v.size());
    for (const auto& e : v) out.push_back(ToJson(e));
    return out;
  } else if constexpr (IsPair<T>::value) {
    return boost::json::array{ToJson(v.first), ToJson(v.second)};
  } else if constexpr (IsBox<T>::value) {
    return v.empty() ? boost::json::value(nullptr) : ToJson(*v);
  } else {
    static_assert(boost::describe::has_describe_members<T>::value, "describe the type");
    boost::json::object out;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
        [&](auto member) { out[member.name] = ToJson(v.*member.pointer); });
    return out;
  }
}

// Reads `j` into `v`. On failure returns false and sets *where to the path
// of the first bad value (e.g. "items[3].rate") and *why to what it wanted.
class JsonReader {
 public:
  std::string where;
  std::string why;

  template <class T>
  bool Get(const boost::json::value& j, T& v, const std::string& path) {
    if constexpr (std::is_same_v<T, bool>) {
      if (!j.is_bool()) return Fail(path, "a boolean");
      v = j.get_bool();
    } else if constexpr (std::is_enum_v<T>) {
      if constexpr (boost::describe::has_describe_enumerators<T>::value) {
        if (!j.is_string()) return Fail(path, "an enumerator name");
        const std::string name(j.get_string());
        if (!boost::describe::enum_from_string(name.c_str(), v)) return Fail(path, "a known enumerator name");
      } else {
        if (!j.is_int64()) return Fail(path, "an integer");
        v = static_cast<T>(j.get_int64());
      }
    } else if constexpr (std::is_integral_v<T>) {
      if (!j.is_int64() && !j.is_uint64()) return Fail(path, "an integer");
      const int64_t n = j.is_int64() ? j.get_int64() : static_cast<int64_t>(j.get_uint64());
      if (static_cast<int64_t>(static_cast<T>(n)) != n) return Fail(path, "an integer in range");
      v = static_cast<T>(n);
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (j.is_object() && j.get_object().size() == 1 && j.get_object().contains("base16") &&
          j.get_object().at("base16").is_string()) {
        const boost::json::string& hex = j.get_object().at("base16").get_string();
        auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
        if (hex.size() % 2 != 0) return Fail(path, "base16 digits in pairs");
        v.clear();
        for (size_t i = 0; i < hex.size(); i += 2) {
          const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
          if (hi < 0 || lo < 0) return Fail(path, "base16 digits (0-9, a-f)");
          v.push_back(static_cast<char>(hi * 16 + lo));
        }
        return true;
      }
      if (!j.is_string()) return Fail(path, "a string");
      v.assign(j.get_string().data(), j.get_string().size());
    } else if constexpr (IsId<T>::value) {
      if (!j.is_int64()) return Fail(path, "an id (integer)");
      v = T(j.get_int64());
    } else if constexpr (IsDecimal<T>::value) {
      if (!j.is_string()) return Fail(path, "a decimal string");
      auto parsed = T::Parse(std::string(j.get_string()));
      if (!parsed.ok()) return Fail(path, "a decimal string");
      v = *parsed;
    } else if constexpr (std::is_same_v<T, absl::CivilDay>) {
      if (!j.is_string() || !absl::ParseCivilTime(std::string(j.get_string()), &v)) {
        return Fail(path, "a date yyyy-mm-dd");
      }
    } else if constexpr (std::is_same_v<T, absl::Time>) {
      std::string error;
      if (!j.is_string() || !absl::ParseTime(absl::RFC3339_full, std::string(j.get_string()), &v, &error)) {
        return Fail(path, "an RFC 3339 time");
      }
    } else if constexpr (IsOptional<T>::value) {
      if (j.is_null()) {
        v.reset();
      } else {
        return Get(j, v.emplace(), path);
      }
    } else if constexpr (IsVector<T>::value) {
      if (!j.is_array()) return Fail(path, "an array");
      const boost::json::array& a = j.get_array();
      v.clear();
      v.resize(a.size());
      for (size_t i = 0; i < a.size(); ++i) {
        if (!Get(a[i], v[i], path + "[" + std::to_string(i) + "]")) return false;
      }
    } else if constexpr (std::is_same_v<T, AttributeOptions>) {
      std::array<std::string, 3> names;
      if (!Get(j, names, path)) return false;
      v = AttributeOptions(std::move(names));
    } else if constexpr (IsArray<T>::value) {
      if (!j.is_array() || j.get_array().size() != v.size()) return Fail(path, "an array of " + std::to_string(v.size()));
      for (size_t i = 0; i < v.size(); ++i) {
        if (!Get(j.get_array()[i], v[i], path + "[" + std::to_string(i) + "]")) return false;
      }
    } else if constexpr (IsPair<T>::value) {
      if (!j.is_array() || j.get_array().size() != 2) return Fail(path, "a pair");
      return Get(j.get_array()[0], v.first, path + "[0]") && Get(j.get_array()[1], v.second, path + "[1]");
    } else if constexpr (IsBox<T>::value) {
      if (!j.is_null()) return Get(j, v.mut(), path);
    } else {
      if (!j.is_object()) return Fail(path, "an object");
      const boost::json::object& o = j.get_object();
      bool ok = true;
      boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto member) {
        if (!ok) return;
        const std::string at = path.empty() ? member.name : path + "." + member.name;
        const boost::json::value* field = o.if_contains(member.name);
        if (field == nullptr) {
          ok = Fail(at, "a value (missing)");
        } else {
          ok = Get(*field, v.*member.pointer, at);
        }
      });
      return ok;
    }
    return true;
  }

 private:
  bool Fail(const std::string& path, const std::string& wanted) {
    where = path;
    why = "expected " + wanted;
    return false;
  }
};

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STORAGE_JSON_CODEC_H_
