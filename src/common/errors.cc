// Error payloads: the field and API code travel inside absl::Status.
#include "inventory/errors.h"

#include <string>

#include "absl/strings/cord.h"
#include "common/text.h"
#include "absl/strings/numbers.h"
#include "common/text.h"
#include "absl/strings/str_split.h"

namespace inventory {
namespace {

constexpr char kPayloadUrl[] = "type.googleapis.com/inventory.ErrorDetail";

// Payload text: "<code>\n<field>".
struct Detail {
  int code = 0;
  std::string field;
};

Detail ReadDetail(const absl::Status& status) {
  Detail d;
  auto payload = status.GetPayload(kPayloadUrl);
  if (!payload) return d;
  std::string text(*payload);
  std::pair<std::string, std::string> parts = absl::StrSplit(text, absl::MaxSplits('\n', 1));
  (void)absl::SimpleAtoi(parts.first, &d.code);
  d.field = parts.second;
  return d;
}

}  // namespace

absl::Status WithDetail(absl::Status status, std::string_view field, ApiCode code) {
  if (status.ok()) return status;
  status.SetPayload(kPayloadUrl, absl::Cord(internal::Cat(static_cast<int>(code), "\n", field)));
  return status;
}

std::string ErrorField(const absl::Status& status) { return ReadDetail(status).field; }

ApiCode ErrorApiCode(const absl::Status& status) {
  if (status.ok()) return ApiCode::kOk;
  Detail d = ReadDetail(status);
  if (d.code != 0) return static_cast<ApiCode>(d.code);
  switch (status.code()) {
    case absl::StatusCode::kNotFound: return ApiCode::kNotFound;
    case absl::StatusCode::kAlreadyExists: return ApiCode::kDuplicate;
    case absl::StatusCode::kInvalidArgument: return ApiCode::kInvalidValue;
    case absl::StatusCode::kFailedPrecondition: return ApiCode::kConflict;
    default: return ApiCode::kInternal;
  }
}

absl::Status InvalidArgumentError(std::string_view field, std::string_view message,
                                  ApiCode code) {
  return WithDetail(absl::InvalidArgumentError(std::string(message)), field, code);
}
absl::Status NotFoundError(std::string_view field, std::string_view message, ApiCode code) {
  return WithDetail(absl::NotFoundError(std::string(message)), field, code);
}
absl::Status AlreadyExistsError(std::string_view field, std::string_view message) {
  return WithDetail(absl::AlreadyExistsError(std::string(message)), field, ApiCode::kDuplicate);
}
absl::Status FailedPreconditionError(std::string_view field, std::string_view message,
                                     ApiCode code) {
  return WithDetail(absl::FailedPreconditionError(std::string(message)), field, code);
}

absl::Status PrefixField(absl::Status status, std::string_view prefix) {
  if (status.ok()) return status;
  Detail d = ReadDetail(status);
  ApiCode code = d.code != 0 ? static_cast<ApiCode>(d.code) : ErrorApiCode(status);
  return WithDetail(std::move(status), internal::Cat(prefix, d.field), code);
}

}  // namespace inventory
