// A compact binary encoding of the engine's value types, for log records
// (and, later, snapshots). Integers are LEB128 varints (signed ones
// zigzagged), strings and vectors carry their length first, optionals a
// presence byte; structs are their members in declaration order, as listed
// by Boost.Describe (storage/describe.h). Enumerators are written as their
// numeric values, so the enumerator values of every type written here are
// part of the on-disk format.
// Owns: the byte layout of values. May call: nothing but the standard
// library, Abseil time, Boost.Describe.
//
//   std::string bytes;
//   Encoder(&bytes).Put(item);
//   Item back;
//   Decoder d(bytes);
//   if (!d.Get(back) || !d.done()) ...  // malformed
#ifndef INVENTORY_SRC_STORAGE_CODEC_H_
#define INVENTORY_SRC_STORAGE_CODEC_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "boost/describe/members.hpp"
#include "boost/mp11/algorithm.hpp"
#include "inventory/catalog.h"
#include "inventory/ids.h"
#include "inventory/quantity.h"

namespace inventory::internal {

template <class T>
struct IsId : std::false_type {};
template <class Tag>
struct IsId<Id<Tag>> : std::true_type {};
template <class T>
struct IsDecimal : std::false_type {};
template <class Tag>
struct IsDecimal<Decimal<Tag>> : std::true_type {};
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <class T>
struct IsVector : std::false_type {};
template <class T, class A>  // any allocator: a document's lines have the pool's
struct IsVector<std::vector<T, A>> : std::true_type {};
template <class T>
struct IsSpan : std::false_type {};
template <class T>
struct IsSpan<std::span<T>> : std::true_type {};
template <class T>
struct IsArray : std::false_type {};
template <class T, size_t N>
struct IsArray<std::array<T, N>> : std::true_type {};
template <class T>
struct IsPair : std::false_type {};
template <class A, class B>
struct IsPair<std::pair<A, B>> : std::true_type {};
template <class T>
struct IsBox : std::false_type {};
template <class T>
struct IsBox<Box<T>> : std::true_type {};

inline constexpr absl::CivilDay kCodecEpoch(1970, 1, 1);
inline const absl::Duration kQuarterNanosecond = absl::Nanoseconds(1) / 4;
inline constexpr uint64_t kQuartersPerSecond = 4'000'000'000;
inline constexpr uint64_t kInfiniteFuture = kQuartersPerSecond;
inline constexpr uint64_t kInfinitePast = kQuartersPerSecond + 1;

class Encoder {
 public:
  explicit Encoder(std::string* out) : out_(out) {}

  void Unsigned(uint64_t v) {
    while (v >= 0x80) {
      out_->push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_->push_back(static_cast<char>(v));
  }
  void Signed(int64_t v) { Unsigned((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void Bytes(std::string_view s) {
    Unsigned(s.size());
    out_->append(s);
  }

  template <class T>
  Encoder& Put(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      Unsigned(v ? 1 : 0);
    } else if constexpr (std::is_enum_v<T> || std::is_integral_v<T>) {
      Signed(static_cast<int64_t>(v));
    } else if constexpr (std::is_same_v<T, std::string>) {
      Bytes(v);
    } else if constexpr (IsId<T>::value) {
      Signed(v.value());
    } else if constexpr (IsDecimal<T>::value) {
      Signed(v.units());
    } else if constexpr (std::is_same_v<T, absl::CivilDay>) {
      Signed(v - kCodecEpoch);
    } else if constexpr (std::is_same_v<T, absl::Time>) {
      // Exact over absl::Time's whole range: whole seconds, then quarter
      // nanoseconds (its resolution); kInfinite* mark the infinities.
      if (v == absl::InfiniteFuture() || v == absl::InfinitePast()) {
        Signed(0);
        Unsigned(v == absl::InfiniteFuture() ? kInfiniteFuture : kInfinitePast);
      } else {
        const int64_t seconds = absl::ToUnixSeconds(v);
        absl::Duration rest;
        Signed(seconds);
        Unsigned(static_cast<uint64_t>(
            absl::IDivDuration(v - absl::FromUnixSeconds(seconds), kQuarterNanosecond, &rest)));
      }
    } else if constexpr (IsOptional<T>::value) {
      Unsigned(v.has_value() ? 1 : 0);
      if (v) Put(*v);
    } else if constexpr (IsVector<T>::value || IsSpan<T>::value) {  // a span reads back as a vector
      Unsigned(v.size());
      for (const auto& e : v) Put(e);
    } else if constexpr (IsArray<T>::value) {
      for (const auto& e : v) Put(e);
    } else if constexpr (std::is_same_v<T, AttributeOptions>) {
      Put(v.ToArray());  // as the three strings it once was
    } else if constexpr (IsPair<T>::value) {
      Put(v.first).Put(v.second);
    } else if constexpr (IsBox<T>::value) {
      Unsigned(v.empty() ? 0 : 1);
      if (!v.empty()) Put(*v);
    } else {
      static_assert(boost::describe::has_describe_members<T>::value,
                    "describe the type in storage/describe.h");
      boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
          [&](auto member) { Put(v.*member.pointer); });
    }
    return *this;
  }

 private:
  std::string* out_;
};

// Reads what Encoder wrote. Every Get returns false (and the decoder stays
// failed) on malformed or truncated input; it never reads past the end and
// never allocates more than the input could describe.
class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  bool ok() const { return ok_; }
  // Whether every byte was read, without error.
  bool done() const { return ok_ && at_ == in_.size(); }
  size_t remaining() const { return in_.size() - at_; }

  bool Unsigned(uint64_t* v) {
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_ >= in_.size()) return Fail();
      const auto byte = static_cast<uint8_t>(in_[at_++]);
      result |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) {
        *v = result;
        return true;
      }
    }
    return Fail();
  }
  bool Signed(int64_t* v) {
    uint64_t u = 0;
    if (!Unsigned(&u)) return false;
    *v = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
    return true;
  }
  bool Bytes(std::string* s) {
    uint64_t n = 0;
    if (!Unsigned(&n)) return false;
    if (n > remaining()) return Fail();
    s->assign(in_.data() + at_, n);
    at_ += n;
    return true;
  }

  template <class T>
  bool Get(T& v) {
    if (!ok_) return false;
    if constexpr (std::is_same_v<T, bool>) {
      uint64_t u = 0;
      if (!Unsigned(&u) || u > 1) return Fail();
      v = u == 1;
    } else if constexpr (std::is_enum_v<T> || std::is_integral_v<T>) {
      int64_t s = 0;
      if (!Signed(&s)) return false;
      v = static_cast<T>(s);
    } else if constexpr (std::is_same_v<T, std::string>) {
      return Bytes(&v);
    } else if constexpr (IsId<T>::value) {
      int64_t s = 0;
      if (!Signed(&s)) return false;
      v = T(s);
    } else if constexpr (IsDecimal<T>::value) {
      int64_t s = 0;
      if (!Signed(&s)) return false;
      v = T::FromUnits(s);
    } else if constexpr (std::is_same_v<T, absl::CivilDay>) {
      int64_t s = 0;
      if (!Signed(&s)) return false;
      v = kCodecEpoch + s;
    } else if constexpr (std::is_same_v<T, absl::Time>) {
      int64_t seconds = 0;
      uint64_t quarters = 0;
      if (!Signed(&seconds) || !Unsigned(&quarters)) return false;
      if (quarters == kInfiniteFuture) {
        v = absl::InfiniteFuture();
      } else if (quarters == kInfinitePast) {
        v = absl::InfinitePast();
      } else if (quarters >= kQuartersPerSecond) {
        return Fail();
      } else {
        v = absl::FromUnixSeconds(seconds) + kQuarterNanosecond * static_cast<int64_t>(quarters);
      }
    } else if constexpr (IsOptional<T>::value) {
      bool present = false;
      if (!Get(present)) return false;
      if (!present) {
        v.reset();
      } else if (!Get(v.emplace())) {
        return false;
      }
    } else if constexpr (IsVector<T>::value) {
      uint64_t n = 0;
      if (!Unsigned(&n)) return false;
      if (n > remaining()) return Fail();  // every element takes a byte at least
      v.clear();
      v.resize(n);
      for (auto& e : v) {
        if (!Get(e)) return false;
      }
    } else if constexpr (IsArray<T>::value) {
      for (auto& e : v) {
        if (!Get(e)) return false;
      }
    } else if constexpr (std::is_same_v<T, AttributeOptions>) {
      std::array<std::string, 3> names;
      if (!Get(names)) return false;
      v = AttributeOptions(std::move(names));
    } else if constexpr (IsPair<T>::value) {
      return Get(v.first) && Get(v.second);
    } else if constexpr (IsBox<T>::value) {
      bool present = false;
      if (!Get(present)) return false;
      if (present) return Get(v.mut());
    } else {
      static_assert(boost::describe::has_describe_members<T>::value,
                    "describe the type in storage/describe.h");
      boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
          [&](auto member) { Get(v.*member.pointer); });
    }
    return ok_;
  }

 private:
  bool Fail() {
    ok_ = false;
    return false;
  }

  std::string_view in_;
  size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STORAGE_CODEC_H_
