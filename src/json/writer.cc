#include "json/writer.h"

#include <charconv>
#include <cmath>

#include <boost/json.hpp>

namespace inventory::internal {
namespace {

void WriteString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static const char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[(c >> 4) & 0xF]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void Write(std::string& out, const boost::json::value& v) {
  char buf[40];
  switch (v.kind()) {
    case boost::json::kind::null: out += "null"; break;
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case boost::json::kind::int64: {
      auto r = std::to_chars(buf, buf + sizeof buf, v.get_int64());
      out.append(buf, r.ptr);
      break;
    }
    case boost::json::kind::uint64: {
      auto r = std::to_chars(buf, buf + sizeof buf, v.get_uint64());
      out.append(buf, r.ptr);
      break;
    }
    case boost::json::kind::double_: {
      double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
        break;
      }
      auto r = std::to_chars(buf, buf + sizeof buf, d);
      out.append(buf, r.ptr);
      break;
    }
    case boost::json::kind::string: {
      const auto& s = v.get_string();
      WriteString(out, std::string_view(s.data(), s.size()));
      break;
    }
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        Write(out, e);
      }
      out.push_back(']');
      break;
    }
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        WriteString(out, std::string_view(kv.key().data(), kv.key().size()));
        out.push_back(':');
        Write(out, kv.value());
      }
      out.push_back('}');
      break;
    }
  }
}

}  // namespace

std::string WriteJson(const boost::json::value& value) {
  std::string out;
  Write(out, value);
  return out;
}

}  // namespace inventory::internal
