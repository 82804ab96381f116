// How the engine reports errors. Every fallible call returns absl::Status or
// absl::StatusOr; no exception crosses the public API. The situation decides
// the canonical code, once, here:
//
//   not found                                   kNotFound
//   duplicate SKU / UPC / EAN / ISBN            kAlreadyExists
//   bad or missing input                        kInvalidArgument
//   item in use, inactive, not enough stock     kFailedPrecondition
//   conflict at commit                          kAborted
//   corrupt file                                kDataLoss
//
// Machine-readable detail travels as a payload: the offending field (as the
// JSON facade spells it, e.g. "sku" or "items[2].rate") and the API code the
// JSON facade answers with (Zoho's where it documents one; see
// docs/errors.md for the whole table).
#ifndef INVENTORY_ERRORS_H_
#define INVENTORY_ERRORS_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace inventory {

// API codes written in {"code": N, "message": ...} error bodies.
// Values are part of the public JSON contract: never renumber.
enum class ApiCode : int {
  kOk = 0,
  kInternal = 1000,           // Zoho: internal error
  kNotFound = 1002,           // Zoho: "<Entity> does not exist."
  kItemNotFound = 2006,       // Zoho: "Item does not exist"
  kItemInUse = 2049,          // Zoho: part of other transactions
  kProductTypeLocked = 2076,  // Zoho: product type cannot be changed
  // The project's own codes (docs/errors.md).
  kInvalidValue = 4000,       // a field has a malformed or out-of-range value
  kMissingField = 4001,       // a required field is missing or empty
  kTooLong = 4002,            // a text field exceeds its length limit
  kDuplicate = 4003,          // a unique key (SKU, barcode) is taken
  kBadEnum = 4004,            // a field accepts only listed values
  kBadBarcode = 4005,         // UPC/EAN/ISBN not digits (or bad check digit)
  kMalformedRequest = 4006,   // body is not JSON, or a line is not a request
  kNoSuchEndpoint = 4007,     // unknown path (HTTP 404)
  kMethodNotAllowed = 4008,   // known path, wrong method (HTTP 405)
  kConflict = 4009,           // the request contradicts the current state
  kCycle = 4010,              // a composite would contain itself
  kLocationInUse = 4011,      // primary or stocked location cannot be deleted
  kInsufficientStock = 4012,  // a write would take a stock figure below zero
  kStockUsed = 4013,          // stock a document added has been used since
};

// The field named by an error, or "" when the error names none.
std::string ErrorField(const absl::Status& status);
// The API code of an error (kOk for an OK status; derived from the canonical
// code when the error carries none).
ApiCode ErrorApiCode(const absl::Status& status);

// Constructors used by the engine and available to embedders.
absl::Status InvalidArgumentError(std::string_view field, std::string_view message,
                                  ApiCode code = ApiCode::kInvalidValue);
absl::Status NotFoundError(std::string_view field, std::string_view message,
                           ApiCode code = ApiCode::kNotFound);
absl::Status AlreadyExistsError(std::string_view field, std::string_view message);
absl::Status FailedPreconditionError(std::string_view field, std::string_view message,
                                     ApiCode code = ApiCode::kConflict);
// Attaches field and code to any status (no-op for OK).
absl::Status WithDetail(absl::Status status, std::string_view field, ApiCode code);
// Prefixes the field of an error, e.g. "items[2]." so nested errors name
// their place in the request.
absl::Status PrefixField(absl::Status status, std::string_view prefix);

}  // namespace inventory

#endif  // INVENTORY_ERRORS_H_
