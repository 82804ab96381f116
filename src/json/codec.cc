#include "json/codec.h"

#include <algorithm>
#include <charconv>

#include "common/text.h"

namespace inventory::internal {
namespace {

std::string_view View(const json::string& s) { return std::string_view(s.data(), s.size()); }

absl::Status TypeError(const FieldReader& in, std::string_view key, std::string_view expected) {
  return InvalidArgumentError(in.FieldName(key), Cat(in.FieldName(key), " must be ", expected, "."));
}

std::string NumberText(const json::value& v) {
  char buf[40];
  std::to_chars_result r{};
  if (v.is_int64()) r = std::to_chars(buf, buf + sizeof buf, v.get_int64());
  else if (v.is_uint64()) r = std::to_chars(buf, buf + sizeof buf, v.get_uint64());
  else r = std::to_chars(buf, buf + sizeof buf, v.get_double());
  return std::string(buf, r.ptr);
}

// A barcode in the shape the schema of the module asks for: items and
// groups type UPC/EAN as integers, composite items as strings. Digits with
// a leading zero stay a string either way, so no digit is lost.
json::value CodeValue(const std::string& digits, bool as_integer) {
  if (as_integer && IsDigits(digits) && digits[0] != '0' && digits.size() <= 18) {
    int64_t v = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), v);
    return json::value(v);
  }
  return json::value(digits);
}

}  // namespace

int64_t ParseId(std::string_view text) {
  text = Trim(text);
  int64_t v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() || v <= 0) return 0;
  return v;
}

std::string IdText(int64_t id) { return Cat(id); }

json::value MoneyValue(inventory::Money m) {
  if (m.units() % inventory::Money::kScale == 0) return json::value(m.units() / inventory::Money::kScale);
  return json::value(m.ToDouble());
}
json::value QuantityValue(inventory::Quantity q) {
  if (q.units() % inventory::Quantity::kScale == 0) return json::value(q.units() / inventory::Quantity::kScale);
  return json::value(q.ToDouble());
}
json::value TimeValue(absl::Time t) { return json::value(internal::FormatTime(t)); }

bool ParseDay(std::string_view text, absl::CivilDay* out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  absl::CivilDay day;
  if (!absl::ParseCivilTime(absl::string_view(text.data(), text.size()), &day)) return false;
  // ParseCivilTime normalizes 2026-02-30 to 2026-03-02; a real date prints back as given.
  if (absl::FormatCivilTime(day) != std::string(text)) return false;
  *out = day;
  return true;
}

json::value DayValue(absl::CivilDay day) { return json::value(absl::FormatCivilTime(day)); }

std::string FieldReader::FieldName(std::string_view key) const { return Cat(prefix_, key); }

const json::value* FieldReader::Get(std::string_view key) const {
  const json::value* v = object_.if_contains(json::string_view(key.data(), key.size()));
  return (v == nullptr || v->is_null()) ? nullptr : v;
}

bool FieldReader::Has(std::string_view key) const { return Get(key) != nullptr; }

absl::Status FieldReader::Text(std::string_view key, std::string* out) const {
  const json::value* v = Get(key);
  if (v == nullptr) return absl::OkStatus();
  if (v->is_string()) {
    *out = std::string(View(v->get_string()));
  } else if (v->is_number()) {
    *out = NumberText(*v);
  } else {
    return TypeError(*this, key, "a string");
  }
  return absl::OkStatus();
}

absl::Status FieldReader::RequiredText(std::string_view key, std::string* out) const {
  std::string s;
  INVENTORY_RETURN_IF_ERROR(Text(key, &s));
  if (Trim(s).empty()) {
    return InvalidArgumentError(FieldName(key), Cat(FieldName(key), " is required."),
                                ApiCode::kMissingField);
  }
  *out = std::move(s);
  return absl::OkStatus();
}

absl::Status FieldReader::Require(std::string_view key) const {
  const json::value* v = Get(key);
  if (v == nullptr || (v->is_string() && Trim(View(v->get_string())).empty())) {
    return InvalidArgumentError(FieldName(key), Cat(FieldName(key), " is required."),
                                ApiCode::kMissingField);
  }
  return absl::OkStatus();
}

namespace {
template <class D>
absl::Status ReadDecimal(const FieldReader& in, std::string_view key, D* out) {
  const json::value* v = in.Get(key);
  if (v == nullptr) return absl::OkStatus();
  absl::StatusOr<D> d;
  if (v->is_int64()) {
    int64_t x = v->get_int64();
    if (x > 9'000'000'000'000 || x < -9'000'000'000'000) return TypeError(in, key, "a number within range");
    d = D::FromInt(x);
  } else if (v->is_uint64()) {
    return TypeError(in, key, "a number within range");
  } else if (v->is_double()) {
    d = D::FromDouble(v->get_double());
  } else if (v->is_string()) {
    std::string_view s = Trim(View(v->get_string()));
    if (s.empty()) return absl::OkStatus();
    d = D::Parse(s);
  } else {
    return TypeError(in, key, "a number");
  }
  if (!d.ok()) {
    return InvalidArgumentError(in.FieldName(key),
                                Cat(in.FieldName(key), ": ", std::string(d.status().message())));
  }
  *out = *d;
  return absl::OkStatus();
}
}  // namespace

absl::Status FieldReader::Money(std::string_view key, inventory::Money* out) const {
  return ReadDecimal(*this, key, out);
}
absl::Status FieldReader::OptionalMoney(std::string_view key, std::optional<inventory::Money>* out) const {
  if (!Has(key)) return absl::OkStatus();
  inventory::Money m;
  INVENTORY_RETURN_IF_ERROR(ReadDecimal(*this, key, &m));
  *out = m;
  return absl::OkStatus();
}
absl::Status FieldReader::Percentage(std::string_view key, std::optional<inventory::Money>* out) const {
  const json::value* v = Get(key);
  if (v != nullptr && v->is_string() && Trim(View(v->get_string())).ends_with('%')) {
    std::string_view s = Trim(View(v->get_string()));
    absl::StatusOr<inventory::Money> m = inventory::Money::Parse(Trim(s.substr(0, s.size() - 1)));
    if (!m.ok()) {
      return InvalidArgumentError(FieldName(key), Cat(FieldName(key), ": ", std::string(m.status().message())));
    }
    *out = *m;
    return absl::OkStatus();
  }
  return OptionalMoney(key, out);
}
absl::Status FieldReader::Quantity(std::string_view key, inventory::Quantity* out) const {
  return ReadDecimal(*this, key, out);
}

absl::Status FieldReader::Bool(std::string_view key, bool* out) const {
  const json::value* v = Get(key);
  if (v == nullptr) return absl::OkStatus();
  if (v->is_bool()) {
    *out = v->get_bool();
  } else if (v->is_string() && (View(v->get_string()) == "true" || View(v->get_string()) == "false")) {
    *out = View(v->get_string()) == "true";
  } else {
    return TypeError(*this, key, "true or false");
  }
  return absl::OkStatus();
}

absl::Status FieldReader::Day(std::string_view key, std::optional<absl::CivilDay>* out) const {
  const json::value* v = Get(key);
  if (v == nullptr) return absl::OkStatus();
  if (!v->is_string()) return TypeError(*this, key, "a date formatted yyyy-MM-dd");
  std::string_view s = Trim(View(v->get_string()));
  if (s.empty()) return absl::OkStatus();
  absl::CivilDay day;
  if (!ParseDay(s, &day)) return TypeError(*this, key, "a date formatted yyyy-MM-dd");
  *out = day;
  return absl::OkStatus();
}

absl::Status FieldReader::Int(std::string_view key, int64_t* out) const {
  const json::value* v = Get(key);
  if (v == nullptr) return absl::OkStatus();
  if (v->is_int64()) {
    *out = v->get_int64();
    return absl::OkStatus();
  }
  if (v->is_string()) {
    std::string_view s = Trim(View(v->get_string()));
    auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
    if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return absl::OkStatus();
  }
  return TypeError(*this, key, "an integer");
}

absl::Status FieldReader::RawId(std::string_view key, int64_t* out) const {
  std::string text;
  INVENTORY_RETURN_IF_ERROR(Text(key, &text));
  if (Trim(text).empty()) return absl::OkStatus();
  int64_t id = ParseId(text);
  if (id == 0) return TypeError(*this, key, "an id (a positive number, as a string or a number)");
  *out = id;
  return absl::OkStatus();
}

absl::Status FieldReader::Enum(std::string_view key, std::initializer_list<std::string_view> allowed,
                               std::string* out) const {
  std::string s;
  if (!Has(key)) return absl::OkStatus();
  INVENTORY_RETURN_IF_ERROR(Text(key, &s));
  if (Trim(s).empty()) return absl::OkStatus();  // blank is absent, as for numbers and ids
  for (std::string_view a : allowed) {
    if (s == a) {
      *out = s;
      return absl::OkStatus();
    }
  }
  std::string list;
  for (std::string_view a : allowed) list += list.empty() ? Cat(a) : Cat(", ", a);
  return InvalidArgumentError(FieldName(key), Cat(FieldName(key), " must be one of: ", list, "."),
                              ApiCode::kBadEnum);
}

absl::Status FieldReader::Objects(std::string_view key,
                                  const std::function<absl::Status(const FieldReader&)>& each) const {
  const json::value* v = Get(key);
  if (v == nullptr) return absl::OkStatus();
  if (!v->is_array()) return TypeError(*this, key, "an array");
  const json::array& a = v->get_array();
  for (size_t i = 0; i < a.size(); ++i) {
    std::string name = Cat(FieldName(key), "[", i, "]");
    if (!a[i].is_object()) {
      return InvalidArgumentError(name, Cat(name, " must be an object."));
    }
    INVENTORY_RETURN_IF_ERROR(each(FieldReader(a[i].get_object(), name + ".")));
  }
  return absl::OkStatus();
}

absl::Status FieldReader::Strings(std::string_view key, std::vector<std::string>* out) const {
  const json::value* v = Get(key);
  if (v == nullptr) return absl::OkStatus();
  if (!v->is_array()) return TypeError(*this, key, "an array");
  std::vector<std::string> result;
  for (const json::value& e : v->get_array()) {
    if (e.is_string()) result.emplace_back(View(e.get_string()));
    else if (e.is_number()) result.push_back(NumberText(e));
    else return TypeError(*this, key, "an array of strings");
  }
  *out = std::move(result);
  return absl::OkStatus();
}

namespace {

// Text fields of ItemDetails, by their JSON names.
struct DetailField {
  std::string_view key;
  std::string ItemDetails::*member;
};
constexpr DetailField kDetailFields[] = {
    {"purchase_description", &ItemDetails::purchase_description},
    {"unit_id", &ItemDetails::unit_id},
    {"tax_id", &ItemDetails::tax_id},
    {"tax_name", &ItemDetails::tax_name},
    {"tax_type", &ItemDetails::tax_type},
    {"tax_exemption_id", &ItemDetails::tax_exemption_id},
    {"account_id", &ItemDetails::account_id},
    {"account_name", &ItemDetails::account_name},
    {"purchase_account_id", &ItemDetails::purchase_account_id},
    {"purchase_account_name", &ItemDetails::purchase_account_name},
    {"inventory_account_id", &ItemDetails::inventory_account_id},
    {"inventory_account_name", &ItemDetails::inventory_account_name},
    {"vendor_id", &ItemDetails::vendor_id},
    {"vendor_name", &ItemDetails::vendor_name},
    {"category_id", &ItemDetails::category_id},
    {"category_name", &ItemDetails::category_name},
    {"brand", &ItemDetails::brand},
    {"manufacturer", &ItemDetails::manufacturer},
    {"hsn_or_sac", &ItemDetails::hsn_or_sac},
    {"sat_item_key_code", &ItemDetails::sat_item_key_code},
    {"unitkey_code", &ItemDetails::unitkey_code},
    {"avatax_tax_code", &ItemDetails::avatax_tax_code},
    {"avatax_use_code", &ItemDetails::avatax_use_code},
    {"image_id", &ItemDetails::image_id},
    {"image_name", &ItemDetails::image_name},
    {"image_type", &ItemDetails::image_type},
};

struct ItemTextField {
  std::string_view key;
  std::string Item::*member;
};
constexpr ItemTextField kItemTextFields[] = {
    {"name", &Item::name}, {"sku", &Item::sku}, {"upc", &Item::upc}, {"ean", &Item::ean},
    {"isbn", &Item::isbn}, {"part_number", &Item::part_number},
    {"description", &Item::description}, {"unit", &Item::unit},
};

absl::Status DecodeCustomFields(const FieldReader& in, std::vector<CustomField>* out) {
  std::vector<CustomField> fields;
  INVENTORY_RETURN_IF_ERROR(in.Objects("custom_fields", [&](const FieldReader& f) {
    CustomField c;
    INVENTORY_RETURN_IF_ERROR(f.Text("customfield_id", &c.customfield_id));
    INVENTORY_RETURN_IF_ERROR(f.Text("api_name", &c.api_name));
    INVENTORY_RETURN_IF_ERROR(f.Text("label", &c.label));
    INVENTORY_RETURN_IF_ERROR(f.Text("value", &c.value));
    fields.push_back(std::move(c));
    return absl::OkStatus();
  }));
  *out = std::move(fields);
  return absl::OkStatus();
}

json::array EncodeCustomFields(const std::vector<CustomField>& fields) {
  json::array a;
  for (const CustomField& c : fields) {
    json::object o;
    o["customfield_id"] = c.customfield_id;
    if (!c.api_name.empty()) o["api_name"] = c.api_name;
    o["label"] = c.label;
    o["value"] = c.value;
    a.push_back(std::move(o));
  }
  return a;
}

}  // namespace

absl::Status DecodeItem(const FieldReader& in, Item* item) {
  for (const ItemTextField& f : kItemTextFields) INVENTORY_RETURN_IF_ERROR(in.Text(f.key, &(item->*f.member)));
  for (const DetailField& f : kDetailFields) {
    if (!in.Has(f.key)) continue;
    std::string s;
    INVENTORY_RETURN_IF_ERROR(in.Text(f.key, &s));
    item->details.mut().*f.member = std::move(s);
  }
  std::string item_type, product_type, status;
  INVENTORY_RETURN_IF_ERROR(in.Enum("item_type", {"inventory", "sales", "purchases", "sales_and_purchases"}, &item_type));
  if (!item_type.empty()) item->item_type = *ParseItemType(item_type);
  INVENTORY_RETURN_IF_ERROR(in.Enum("product_type", {"goods", "service", "digital_service"}, &product_type));
  if (!product_type.empty()) item->product_type = *ParseProductType(product_type);
  INVENTORY_RETURN_IF_ERROR(in.Enum("status", {"active", "inactive"}, &status));
  if (!status.empty()) item->status = *ParseStatus(status);
  INVENTORY_RETURN_IF_ERROR(in.Money("rate", &item->rate));
  INVENTORY_RETURN_IF_ERROR(in.Money("purchase_rate", &item->purchase_rate));
  INVENTORY_RETURN_IF_ERROR(in.Quantity("reorder_level", &item->reorder_level));
  INVENTORY_RETURN_IF_ERROR(in.Bool("is_taxable", &item->is_taxable));
  INVENTORY_RETURN_IF_ERROR(in.Bool("can_be_sold", &item->can_be_sold));
  INVENTORY_RETURN_IF_ERROR(in.Bool("can_be_purchased", &item->can_be_purchased));
  INVENTORY_RETURN_IF_ERROR(in.Bool("track_inventory", &item->track_inventory));
  INVENTORY_RETURN_IF_ERROR(in.Bool("track_serial_number", &item->track_serial_number));
  INVENTORY_RETURN_IF_ERROR(in.Bool("track_batch_number", &item->track_batch_number));
  if (in.Has("tax_percentage")) {
    std::optional<inventory::Money> pct;
    INVENTORY_RETURN_IF_ERROR(in.Percentage("tax_percentage", &pct));
    item->details.mut().tax_percentage = pct;
  }
  if (in.Has("group_id")) {
    GroupId g;
    INVENTORY_RETURN_IF_ERROR(in.Id("group_id", &g));
    if (g.valid()) item->group_id = g;
  }
  // (Through an array: an item with no options keeps no storage for them.)
  std::array<std::string, 3> options = item->attribute_options.ToArray();
  for (int a = 0; a < 3; ++a) {
    INVENTORY_RETURN_IF_ERROR(in.Text(Cat("attribute_option_name", a + 1), &options[a]));
  }
  item->attribute_options = AttributeOptions(std::move(options));
  if (in.Has("documents")) {
    std::vector<std::string> docs;
    INVENTORY_RETURN_IF_ERROR(in.Strings("documents", &docs));
    item->details.mut().documents = std::move(docs);
  }
  if (in.Has("item_tax_preferences")) {
    std::vector<TaxPreference> prefs;
    INVENTORY_RETURN_IF_ERROR(in.Objects("item_tax_preferences", [&](const FieldReader& f) {
      TaxPreference p;
      INVENTORY_RETURN_IF_ERROR(f.Text("tax_id", &p.tax_id));
      std::string spec = "intra";
      INVENTORY_RETURN_IF_ERROR(f.Enum("tax_specification", {"intra", "inter"}, &spec));
      p.tax_specification = *ParseTaxSpecification(spec);
      prefs.push_back(std::move(p));
      return absl::OkStatus();
    }));
    item->details.mut().item_tax_preferences = std::move(prefs);
  }
  if (in.Has("custom_fields")) {
    std::vector<CustomField> fields;
    INVENTORY_RETURN_IF_ERROR(DecodeCustomFields(in, &fields));
    item->details.mut().custom_fields = std::move(fields);
  }
  return absl::OkStatus();
}

absl::Status DecodeMappedItems(const FieldReader& in, std::vector<MappedItem>* out) {
  std::vector<MappedItem> mapped;
  INVENTORY_RETURN_IF_ERROR(in.Objects("mapped_items", [&](const FieldReader& f) {
    MappedItem m;
    INVENTORY_RETURN_IF_ERROR(f.Require("item_id"));
    INVENTORY_RETURN_IF_ERROR(f.Id("item_id", &m.item_id));
    INVENTORY_RETURN_IF_ERROR(f.Require("quantity"));
    INVENTORY_RETURN_IF_ERROR(f.Quantity("quantity", &m.quantity));
    mapped.push_back(m);
    return absl::OkStatus();
  }));
  *out = std::move(mapped);
  return absl::OkStatus();
}

json::array EncodeItemLocations(const Reader& reader, const Item& item) {
  json::array out;
  const ItemDetails& d = *item.details;
  std::vector<LocationId> stocked = reader.StockedLocations(item.id);
  for (const Location* l : reader.ListLocations()) {
    bool associated = d.associated_with_all_locations ||
                      std::find(d.location_ids.begin(), d.location_ids.end(), l->id) != d.location_ids.end();
    // A location the item is no longer associated with still shows while
    // it holds stock of the item.
    if (!associated && std::find(stocked.begin(), stocked.end(), l->id) == stocked.end()) continue;
    StockFigures f = reader.StockAt(item.id, l->id);
    json::object o;
    o["location_id"] = IdValue(l->id);
    o["location_name"] = l->name;
    o["status"] = std::string(ToString(l->status));
    o["is_primary"] = l->is_primary;
    // The reference types per-location figures as strings; the figures it
    // does not name follow the same rule.
    o["location_stock_on_hand"] = f.stock_on_hand.ToString();
    o["location_available_stock"] = f.available_stock.ToString();
    o["location_actual_available_stock"] = f.actual_available_stock.ToString();
    o["location_committed_stock"] = f.committed_stock.ToString();
    o["location_quantity_in_transit"] = f.quantity_in_transit.ToString();
    o["location_available_for_sale_stock"] = f.actual_available_stock.ToString();
    o["location_asset_value"] = f.asset_value.ToString();
    out.push_back(std::move(o));
  }
  return out;
}

namespace {

// Fields common to item and composite responses.
void EncodeCommon(const Reader& reader, const Item& item, bool codes_as_integers, json::object& o) {
  const ItemDetails& d = *item.details;
  o["name"] = item.name;
  o["unit"] = item.unit;
  o["unit_id"] = d.unit_id;
  o["item_type"] = std::string(ToString(item.item_type));
  o["product_type"] = std::string(ToString(item.product_type));
  o["is_combo_product"] = item.is_composite();
  o["can_be_sold"] = item.can_be_sold;
  o["can_be_purchased"] = item.can_be_purchased;
  o["track_inventory"] = item.track_inventory;
  o["track_serial_number"] = item.track_serial_number;
  o["track_batch_number"] = item.track_batch_number;
  o["is_taxable"] = item.is_taxable;
  o["tax_id"] = d.tax_id;
  o["tax_name"] = d.tax_name;
  if (d.tax_percentage) o["tax_percentage"] = MoneyValue(*d.tax_percentage);
  o["tax_type"] = d.tax_type;
  o["tax_exemption_id"] = d.tax_exemption_id;
  o["documents"] = json::value_from(d.documents);
  o["description"] = item.description;
  o["purchase_description"] = d.purchase_description;
  o["account_id"] = d.account_id;
  o["account_name"] = d.account_name;
  o["purchase_account_id"] = d.purchase_account_id;
  o["purchase_account_name"] = d.purchase_account_name;
  o["inventory_account_id"] = d.inventory_account_id;
  o["inventory_account_name"] = d.inventory_account_name;
  o["status"] = std::string(ToString(item.status));
  o["source"] = "user";
  o["rate"] = MoneyValue(item.rate);
  o["pricebook_rate"] = MoneyValue(item.rate);
  o["purchase_rate"] = MoneyValue(item.purchase_rate);
  o["reorder_level"] = QuantityValue(item.reorder_level);
  o["vendor_id"] = d.vendor_id;
  o["vendor_name"] = d.vendor_name;
  o["sku"] = item.sku;
  // Where the reference types the codes as integers, an unset code is left
  // out rather than written as "" (which a typed client could not decode).
  if (!codes_as_integers || !item.upc.empty()) o["upc"] = CodeValue(item.upc, codes_as_integers);
  if (!codes_as_integers || !item.ean.empty()) o["ean"] = CodeValue(item.ean, codes_as_integers);
  o["isbn"] = item.isbn;
  o["part_number"] = item.part_number;
  o["image_id"] = d.image_id;
  o["image_name"] = d.image_name;
  o["image_type"] = d.image_type;
  o["category_id"] = d.category_id;
  o["category_name"] = d.category_name;
  o["brand"] = d.brand;
  o["manufacturer"] = d.manufacturer;
  json::array prefs;
  for (const TaxPreference& p : d.item_tax_preferences) {
    prefs.push_back(json::object{{"tax_id", p.tax_id},
                                 {"tax_specification", std::string(ToString(p.tax_specification))}});
  }
  o["item_tax_preferences"] = std::move(prefs);
  o["hsn_or_sac"] = d.hsn_or_sac;
  o["sat_item_key_code"] = d.sat_item_key_code;
  o["unitkey_code"] = d.unitkey_code;
  if (!d.avatax_tax_code.empty()) o["avatax_tax_code"] = d.avatax_tax_code;
  if (!d.avatax_use_code.empty()) o["avatax_use_code"] = d.avatax_use_code;
  o["custom_fields"] = EncodeCustomFields(d.custom_fields);
  o["is_storage_location_enabled"] = item.storage_location_enabled;
  o["associated_with_all_locations"] = d.associated_with_all_locations;
  StockFigures f = reader.ItemStock(item.id);
  o["stock_on_hand"] = QuantityValue(f.stock_on_hand);
  o["available_stock"] = QuantityValue(f.available_stock);
  o["actual_available_stock"] = QuantityValue(f.actual_available_stock);
  o["committed_stock"] = QuantityValue(f.committed_stock);
  o["quantity_in_transit"] = QuantityValue(f.quantity_in_transit);
  // Stock that can still be sold: available less what orders committed
  // (compositeitems.yml names it; items answer it too).
  o["available_for_sale_stock"] = QuantityValue(f.actual_available_stock);
  o["asset_value"] = MoneyValue(f.asset_value);
  o["locations"] = EncodeItemLocations(reader, item);
  o["created_time"] = TimeValue(item.created_time);
  o["last_modified_time"] = TimeValue(item.last_modified_time);
}

}  // namespace

json::object EncodeItem(const Reader& reader, const Item& item) {
  json::object o;
  o["item_id"] = IdValue(item.id);
  if (item.group_id) {
    o["group_id"] = IdValue(*item.group_id);
    const ItemGroup* g = reader.FindGroup(*item.group_id);
    o["group_name"] = g ? g->group_name : "";
    for (size_t a = 0; g && a < g->attributes.size(); ++a) {
      const Attribute& attr = g->attributes[a];
      std::string n = Cat(a + 1);
      o["attribute_id" + n] = IdValue(attr.id);
      o["attribute_name" + n] = attr.name;
      // The group stores option names trimmed; the item may hold the name
      // as the request spelled it.
      std::string_view option = Trim(item.attribute_options[a]);
      o["attribute_option_name" + n] = std::string(option);
      for (const AttributeOption& opt : attr.options) {
        if (IEquals(opt.name, option)) o["attribute_option_id" + n] = IdValue(opt.id);
      }
    }
  }
  EncodeCommon(reader, item, /*codes_as_integers=*/true, o);
  if (item.is_composite()) {
    json::array mapped;
    for (const MappedItem& m : item.mapped_items) {
      mapped.push_back(json::object{{"item_id", IdValue(m.item_id)}, {"quantity", QuantityValue(m.quantity)}});
    }
    o["mapped_items"] = std::move(mapped);
  }
  return o;
}

json::object EncodeComposite(const Reader& reader, const Item& item) {
  json::object o;
  o["composite_item_id"] = IdValue(item.id);
  EncodeCommon(reader, item, /*codes_as_integers=*/false, o);
  json::array mapped;
  for (const MappedItem& m : item.mapped_items) {
    json::object e;
    e["item_id"] = IdValue(m.item_id);
    e["quantity"] = QuantityValue(m.quantity);
    if (const Item* c = reader.FindItem(m.item_id)) {
      e["name"] = c->name;
      e["sku"] = c->sku;
      e["description"] = c->description;
      e["rate"] = MoneyValue(c->rate);
      e["purchase_rate"] = MoneyValue(c->purchase_rate);
      e["unit"] = c->unit;
      e["item_type"] = std::string(ToString(c->item_type));
      e["product_type"] = std::string(ToString(c->product_type));
      e["is_combo_product"] = c->is_composite();
      e["status"] = std::string(ToString(c->status));
      StockFigures f = reader.ItemStock(c->id);
      e["stock_on_hand"] = QuantityValue(f.stock_on_hand);
      e["available_stock"] = QuantityValue(f.available_stock);
      e["actual_available_stock"] = QuantityValue(f.actual_available_stock);
    }
    mapped.push_back(std::move(e));
  }
  o["mapped_items"] = std::move(mapped);
  return o;
}

absl::Status DecodeGroup(const FieldReader& in, ItemGroup* group) {
  INVENTORY_RETURN_IF_ERROR(in.Text("group_name", &group->group_name));
  INVENTORY_RETURN_IF_ERROR(in.Text("unit", &group->unit));
  INVENTORY_RETURN_IF_ERROR(in.Text("brand", &group->brand));
  INVENTORY_RETURN_IF_ERROR(in.Text("manufacturer", &group->manufacturer));
  INVENTORY_RETURN_IF_ERROR(in.Text("description", &group->description));
  INVENTORY_RETURN_IF_ERROR(in.Text("tax_id", &group->tax_id));
  INVENTORY_RETURN_IF_ERROR(in.Text("tax_name", &group->tax_name));
  INVENTORY_RETURN_IF_ERROR(in.Text("tax_type", &group->tax_type));
  INVENTORY_RETURN_IF_ERROR(in.Percentage("tax_percentage", &group->tax_percentage));
  INVENTORY_RETURN_IF_ERROR(in.Bool("is_taxable", &group->is_taxable));
  INVENTORY_RETURN_IF_ERROR(in.Text("image_id", &group->image_id));
  INVENTORY_RETURN_IF_ERROR(in.Text("image_name", &group->image_name));
  INVENTORY_RETURN_IF_ERROR(in.Text("image_type", &group->image_type));
  if (in.Has("custom_fields")) INVENTORY_RETURN_IF_ERROR(DecodeCustomFields(in, &group->custom_fields));
  // Attributes come either as "attributes": [{name, options: [{name}]}] or
  // as attribute_name1..3 (options then come from the items).
  if (in.Has("attributes")) {
    std::vector<Attribute> attrs;
    INVENTORY_RETURN_IF_ERROR(in.Objects("attributes", [&](const FieldReader& f) {
      Attribute a;
      INVENTORY_RETURN_IF_ERROR(f.Id("id", &a.id));
      INVENTORY_RETURN_IF_ERROR(f.RequiredText("name", &a.name));
      INVENTORY_RETURN_IF_ERROR(f.Objects("options", [&](const FieldReader& o) {
        AttributeOption opt;
        INVENTORY_RETURN_IF_ERROR(o.Id("id", &opt.id));
        INVENTORY_RETURN_IF_ERROR(o.RequiredText("name", &opt.name));
        a.options.push_back(std::move(opt));
        return absl::OkStatus();
      }));
      attrs.push_back(std::move(a));
      return absl::OkStatus();
    }));
    group->attributes = std::move(attrs);
  }
  for (size_t a = 0; a < 3; ++a) {
    std::string key = Cat("attribute_name", a + 1);
    if (!in.Has(key)) continue;
    std::string name;
    INVENTORY_RETURN_IF_ERROR(in.Text(key, &name));
    if (Trim(name).empty()) continue;
    if (a < group->attributes.size()) {
      if (!IEquals(group->attributes[a].name, name)) {
        group->attributes[a].name = name;
        group->attributes[a].id = AttributeId();
      }
    } else if (a == group->attributes.size()) {
      group->attributes.push_back(Attribute{.name = name});
    } else {
      return InvalidArgumentError(in.FieldName(key),
                                  Cat(in.FieldName(key), " is given without attribute_name", a, "."));
    }
  }
  return absl::OkStatus();
}

json::object EncodeGroup(const Reader& reader, const ItemGroup& group, bool with_items) {
  json::object o;
  o["group_id"] = IdValue(group.id);
  o["group_name"] = group.group_name;
  o["brand"] = group.brand;
  o["manufacturer"] = group.manufacturer;
  o["unit"] = group.unit;
  o["description"] = group.description;
  o["is_taxable"] = group.is_taxable;
  o["tax_id"] = group.tax_id;
  o["tax_name"] = group.tax_name;
  if (group.tax_percentage) o["tax_percentage"] = MoneyValue(*group.tax_percentage);
  o["tax_type"] = group.tax_type;
  for (size_t a = 0; a < group.attributes.size(); ++a) {
    o[Cat("attribute_id", a + 1)] = IdValue(group.attributes[a].id);
    o[Cat("attribute_name", a + 1)] = group.attributes[a].name;
  }
  o["status"] = std::string(ToString(group.status));
  o["source"] = "user";
  o["image_id"] = group.image_id;
  o["image_name"] = group.image_name;
  o["image_type"] = group.image_type;
  o["custom_fields"] = EncodeCustomFields(group.custom_fields);
  o["documents"] = json::array();
  json::array attrs;
  json::array all_options;
  for (const Attribute& a : group.attributes) {
    json::array opts;
    for (const AttributeOption& opt : a.options) {
      opts.push_back(json::object{{"id", IdValue(opt.id)}, {"name", opt.name}});
      all_options.push_back(json::object{{"id", IdValue(opt.id)}, {"name", opt.name}});
    }
    attrs.push_back(json::object{{"id", IdValue(a.id)}, {"name", a.name}, {"options", std::move(opts)}});
  }
  o["attributes"] = std::move(attrs);
  if (with_items) {
    o["options"] = std::move(all_options);
    json::array items;
    for (const Item* item : reader.ItemsInGroup(group.id)) items.push_back(EncodeItem(reader, *item));
    o["items"] = std::move(items);
  }
  o["created_time"] = TimeValue(group.created_time);
  o["last_modified_time"] = TimeValue(group.last_modified_time);
  return o;
}

absl::Status DecodeLocation(const FieldReader& in, Location* l) {
  INVENTORY_RETURN_IF_ERROR(in.Text("location_name", &l->name));
  INVENTORY_RETURN_IF_ERROR(in.Text("type", &l->type));
  INVENTORY_RETURN_IF_ERROR(in.Text("email", &l->email));
  INVENTORY_RETURN_IF_ERROR(in.Text("phone", &l->phone));
  INVENTORY_RETURN_IF_ERROR(in.Text("tax_settings_id", &l->tax_settings_id));
  INVENTORY_RETURN_IF_ERROR(in.Text("auto_number_generation_id", &l->auto_number_generation_id));
  INVENTORY_RETURN_IF_ERROR(in.Bool("is_all_users_selected", &l->is_all_users_selected));
  INVENTORY_RETURN_IF_ERROR(in.Strings("associated_series_ids", &l->associated_series_ids));
  if (const json::value* u = in.Get("user_ids"); u != nullptr && u->is_string()) {
    // The reference types user_ids as comma separated text ("a,b").
    std::vector<std::string> ids;
    std::string_view text = View(u->get_string());
    for (size_t i = 0; i <= text.size();) {
      size_t j = std::min(text.find(',', i), text.size());
      if (std::string_view id = Trim(text.substr(i, j - i)); !id.empty()) ids.emplace_back(id);
      i = j + 1;
    }
    l->user_ids = std::move(ids);
  } else {
    INVENTORY_RETURN_IF_ERROR(in.Strings("user_ids", &l->user_ids));
  }
  if (in.Has("parent_location_id")) {
    LocationId parent;
    INVENTORY_RETURN_IF_ERROR(in.Id("parent_location_id", &parent));
    l->parent_location_id = parent.valid() ? std::optional<LocationId>(parent) : std::nullopt;
  }
  if (const json::value* a = in.Get("address")) {
    if (!a->is_object()) {
      return InvalidArgumentError(in.FieldName("address"), Cat(in.FieldName("address"), " must be an object."));
    }
    FieldReader addr(a->get_object(), in.FieldName("address") + ".");
    INVENTORY_RETURN_IF_ERROR(addr.Text("attention", &l->address.attention));
    INVENTORY_RETURN_IF_ERROR(addr.Text("street_address1", &l->address.street_address1));
    INVENTORY_RETURN_IF_ERROR(addr.Text("street_address2", &l->address.street_address2));
    INVENTORY_RETURN_IF_ERROR(addr.Text("city", &l->address.city));
    INVENTORY_RETURN_IF_ERROR(addr.Text("state", &l->address.state));
    INVENTORY_RETURN_IF_ERROR(addr.Text("state_code", &l->address.state_code));
    INVENTORY_RETURN_IF_ERROR(addr.Text("country", &l->address.country));
    INVENTORY_RETURN_IF_ERROR(addr.Text("zip", &l->address.zip));
  }
  return absl::OkStatus();
}

json::object EncodeLocation(const Location& l) {
  json::object o;
  o["location_id"] = IdValue(l.id);
  o["location_name"] = l.name;
  o["type"] = l.type;
  o["email"] = l.email;
  o["phone"] = l.phone;
  o["address"] = json::object{{"attention", l.address.attention},
                              {"street_address1", l.address.street_address1},
                              {"street_address2", l.address.street_address2},
                              {"city", l.address.city},
                              {"state", l.address.state},
                              {"state_code", l.address.state_code},
                              {"country", l.address.country},
                              {"zip", l.address.zip}};
  o["tax_settings_id"] = l.tax_settings_id;
  o["parent_location_id"] = l.parent_location_id ? IdValue(*l.parent_location_id) : json::value("");
  o["associated_series_ids"] = json::value_from(l.associated_series_ids);
  o["auto_number_generation_id"] = l.auto_number_generation_id;
  o["is_all_users_selected"] = l.is_all_users_selected;
  json::array users;
  for (const std::string& u : l.user_ids) users.push_back(json::object{{"user_id", u}, {"user_name", ""}});
  o["associated_users"] = std::move(users);
  o["status"] = std::string(ToString(l.status));
  o["is_primary"] = l.is_primary;
  return o;
}

}  // namespace inventory::internal
