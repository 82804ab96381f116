// Translation between the reference's JSON shapes and the typed catalog:
// reading request fields (ids and codes as strings or numbers, numbers as
// numbers or numeric strings, unknown fields ignored, every error naming
// its field) and encoding items, composites, groups and locations in the
// response shapes of ../shared/reference/openapi/.
// May call: the public API, common/. Knows nothing of routing.
#ifndef INVENTORY_SRC_JSON_CODEC_H_
#define INVENTORY_SRC_JSON_CODEC_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "inventory/catalog.h"
#include "inventory/errors.h"
#include "inventory/transaction.h"

#define INVENTORY_RETURN_IF_ERROR(expr)            \
  do {                                             \
    if (absl::Status _st = (expr); !_st.ok()) return _st; \
  } while (0)

namespace inventory::internal {

namespace json = boost::json;

// The two API flavours the facade serves.
enum class Flavour { kInventory, kBooks };

// Reads the fields of one JSON object; `prefix` ("items[2].") is put before
// every field name in errors. Each getter leaves `out` unchanged when the
// field is absent or null, and returns an error naming it when it is
// present with the wrong type.
class FieldReader {
 public:
  explicit FieldReader(const json::object& object, std::string prefix = "")
      : object_(object), prefix_(std::move(prefix)) {}

  const json::object& object() const { return object_; }
  std::string FieldName(std::string_view key) const;
  bool Has(std::string_view key) const;
  const json::value* Get(std::string_view key) const;

  // A string, or a number written as its digits (ids, codes, names).
  absl::Status Text(std::string_view key, std::string* out) const;
  // Like Text, but a present, empty value is an error (kMissingField) and an
  // absent one too when `required`.
  absl::Status RequiredText(std::string_view key, std::string* out) const;
  absl::Status Money(std::string_view key, inventory::Money* out) const;
  absl::Status OptionalMoney(std::string_view key, std::optional<inventory::Money>* out) const;
  // Like OptionalMoney, and also "70%" (the Books examples write it so).
  absl::Status Percentage(std::string_view key, std::optional<inventory::Money>* out) const;
  absl::Status Quantity(std::string_view key, inventory::Quantity* out) const;
  absl::Status Bool(std::string_view key, bool* out) const;
  // A date written yyyy-MM-dd (a real day: 2026-02-30 is refused); a blank
  // string counts as absent.
  absl::Status Day(std::string_view key, std::optional<absl::CivilDay>* out) const;
  absl::Status Int(std::string_view key, int64_t* out) const;
  template <class Tag>
  absl::Status Id(std::string_view key, inventory::Id<Tag>* out) const {
    int64_t v = 0;
    INVENTORY_RETURN_IF_ERROR(RawId(key, &v));
    if (v != 0) *out = inventory::Id<Tag>(v);
    return absl::OkStatus();
  }
  // A text field that must be one of `allowed` (error lists them); a blank
  // string counts as absent (the Books examples send "item_type": " ").
  absl::Status Enum(std::string_view key, std::initializer_list<std::string_view> allowed,
                    std::string* out) const;
  absl::Status Require(std::string_view key) const;
  // An array field: each element must be an object; `each` gets a reader
  // prefixed "key[i].".
  absl::Status Objects(std::string_view key,
                       const std::function<absl::Status(const FieldReader&)>& each) const;
  absl::Status Strings(std::string_view key, std::vector<std::string>* out) const;

 private:
  absl::Status RawId(std::string_view key, int64_t* out) const;
  const json::object& object_;
  std::string prefix_;
};

// Parses an id given as string or number; 0 when malformed.
int64_t ParseId(std::string_view text);
std::string IdText(int64_t id);
template <class Tag>
json::value IdValue(inventory::Id<Tag> id) {
  return id.valid() ? json::value(IdText(id.value())) : json::value("");
}
json::value MoneyValue(inventory::Money m);
json::value QuantityValue(inventory::Quantity q);
json::value TimeValue(absl::Time t);
// "yyyy-MM-dd" <-> day; ParseDay is false for anything else.
bool ParseDay(std::string_view text, absl::CivilDay* out);
json::value DayValue(absl::CivilDay day);

// Merges the item fields present in `in` into `item` (create and update).
absl::Status DecodeItem(const FieldReader& in, Item* item);
// Item response object ("item" of the reference).
json::object EncodeItem(const Reader& reader, const Item& item);
// Composite item response object ("composite_item").
json::object EncodeComposite(const Reader& reader, const Item& item);
// Mapped items of a composite request.
absl::Status DecodeMappedItems(const FieldReader& in, std::vector<MappedItem>* out);

// Group: the header fields, and the response with its items and attributes.
absl::Status DecodeGroup(const FieldReader& in, ItemGroup* group);
json::object EncodeGroup(const Reader& reader, const ItemGroup& group, bool with_items);

absl::Status DecodeLocation(const FieldReader& in, Location* location);
json::object EncodeLocation(const Location& location);

// Stock figures of an item in the response shape: per location entries.
json::array EncodeItemLocations(const Reader& reader, const Item& item);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_JSON_CODEC_H_
