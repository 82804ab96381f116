// Test support: a JSON Schema (draft-07 subset) validator over Boost.JSON, for
// checking the JSON facade's answers against Zoho Inventory's published
// schemas (/work/shared/reference/json-schema/<module>.json). Owns nothing but
// the loaded schema documents; calls only Boost.JSON and Abseil.
//
// Example:
//   absl::StatusOr<JsonSchemaSet> items =
//       LoadSchemaFile(INVENTORY_REFERENCE_DIR "/json-schema/items.json");
//   ASSERT_TRUE(items.ok()) << items.status();
//   EXPECT_THAT(Validate(*items, "create-an-item-response", response),
//               ::testing::IsEmpty());
//
// Supported keywords: type (a name or a list of names: string, integer,
// number, boolean, object, array, null), properties, required, items (one
// schema for every element), $ref (local only: "#/definitions/...", and
// "#/components/schemas/..." read as "#/definitions/..."), enum, allOf, anyOf,
// oneOf, additionalProperties (boolean or schema), definitions, and the
// boolean schemas true and false. As in draft-07, keywords beside a $ref are
// not applied; the loader refuses a $ref with validation keywords beside it
// rather than ignore them silently.
//
// Deliberately ignored (annotations, never failing a value): $schema,
// $comment, title, description, example, examples, default, format, readOnly,
// writeOnly and every "x-..." extension. In particular "format": "int64" or
// "double" does not constrain a value; only "type" does.
//
// Any other keyword (minLength, pattern, items as a list, $id, ...) makes
// loading fail with kUnimplemented, so a schema can never pass a value by
// containing a constraint this validator does not check.
//
// An integer is a JSON number without a fractional part: 3 and 3.0 are
// integers, 3.5 is not; every integer is also a number.
#ifndef INVENTORY_TESTS_SUPPORT_JSON_SCHEMA_H_
#define INVENTORY_TESTS_SUPPORT_JSON_SCHEMA_H_

#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "absl/status/statusor.h"

namespace inventory::testing {

// One schema document: a JSON object whose "definitions" member holds the
// named schemas, with every "#/components/schemas/X" $ref already rewritten to
// "#/definitions/X". Immutable once built; copyable; safe to share between
// threads for reading.
class JsonSchemaSet {
 public:
  // Builds a set from a parsed document. Rewrites the $refs, then checks the
  // whole document. Returns kInvalidArgument if it is not an object with an
  // object "definitions", if a schema is neither an object nor a boolean, if
  // a keyword has a malformed value (an unknown type name, "required" that is
  // not a list of strings, an empty allOf, ...), if a $ref does not resolve
  // inside the document or has validation keywords beside it; kUnimplemented
  // if a keyword is neither supported nor ignored (see the file comment).
  // Error messages name the schema location, e.g.
  // "#/definitions/item/properties/sku: unsupported keyword \"maxLength\"".
  static absl::StatusOr<JsonSchemaSet> FromJson(boost::json::value document);

  // As FromJson, from JSON text; kInvalidArgument if the text is not JSON.
  static absl::StatusOr<JsonSchemaSet> Parse(std::string_view json_text);

  // True if "definitions" has a member of that name.
  bool HasDefinition(std::string_view name) const;

  // The names of "definitions", in document order.
  std::vector<std::string> DefinitionNames() const;

  // The document after the $ref rewrite.
  const boost::json::value& document() const { return document_; }

 private:
  explicit JsonSchemaSet(boost::json::value document)
      : document_(std::move(document)) {}

  boost::json::value document_;
};

// Reads the JSON file at `path` (for instance
// /work/shared/reference/json-schema/items.json) and builds a JsonSchemaSet
// from it. Returns kNotFound if the file cannot be read, otherwise as
// JsonSchemaSet::Parse.
absl::StatusOr<JsonSchemaSet> LoadSchemaFile(const std::string& path);

// The reference's schema file for `module` ("items", "itemgroups", ...) from
// INVENTORY_REFERENCE_DIR/json-schema/, loaded once per test binary. A file
// that cannot be loaded fails the current test and yields an empty set.
const JsonSchemaSet& ReferenceSchema(const std::string& module);

// Validates `value` against the schema named `definition` of `schemas`.
// Returns one human-readable line per violation, empty if the value is valid.
// Each line starts with the JSON pointer of the offending value ("(root)" for
// the value itself), then a colon and what is wrong:
//   /item/upc: expected integer, got string
//   /item/group_id: expected string or null, got integer
//   /item: missing required property "name"
//   /item: unexpected property "colour"              (additionalProperties)
//   /adjustment_type: "value" is not one of ["quantity"]
//   /x: matches no anyOf alternative (0: /x: ...; 1: /x: ..., /x/y: ...)
//   /x: matches no oneOf alternative (0: /x: ...; 1: /x: ...)
//   /x: matches 2 oneOf alternatives (0, 1), expected exactly one
//   /x: no value is allowed here                    (the schema false)
// (An alternative's own violations are listed after its index, separated by
// ", "; alternatives are separated by "; ".) Order is deterministic: depth first through the value; at each value, in
// keyword order type, enum, required, properties and additionalProperties
// (members in the value's order), items (elements in order), allOf, anyOf,
// oneOf. An unknown `definition` yields the single line
// "(schema): no definition named \"<definition>\"".
std::vector<std::string> Validate(const JsonSchemaSet& schemas,
                                  std::string_view definition,
                                  const boost::json::value& value);

// Reads and parses the JSON file at `path`. Returns kNotFound if it cannot be
// read, kInvalidArgument (with Boost.JSON's message) if it is not JSON.
absl::StatusOr<boost::json::value> LoadJsonFile(const std::string& path);

}  // namespace inventory::testing

#endif  // INVENTORY_TESTS_SUPPORT_JSON_SCHEMA_H_
