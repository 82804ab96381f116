// Helpers the list handlers share: a page of rows with its page_context,
// the paging check, and a yyyy-MM-dd query parameter.
// May call: json/router.h. Used by the stock and document handlers.
#ifndef INVENTORY_SRC_JSON_PAGING_H_
#define INVENTORY_SRC_JSON_PAGING_H_

#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/text.h"
#include "json/router.h"

namespace inventory::internal {

// One page of `rows` (already in answer order) under `key`, and its
// page_context. The caller has checked the paging (CheckPaging).
template <class T, class Encode>
void PutPage(Call& call, const std::vector<T>& rows, std::string_view key, std::string_view report,
             std::string_view sort_column, Encode encode, Reply& r) {
  int page = 1;
  int per_page = 200;
  ParsePaging(call, &page, &per_page).IgnoreError();
  size_t first = static_cast<size_t>(page - 1) * static_cast<size_t>(per_page);
  json::array out;
  for (size_t i = first; i < rows.size() && i < first + static_cast<size_t>(per_page); ++i) {
    if constexpr (std::is_pointer_v<T>) {
      out.push_back(encode(*rows[i]));
    } else {
      out.push_back(encode(rows[i]));
    }
  }
  r.body[key] = std::move(out);
  r.body["page_context"] = json::object{{"page", page},
                                        {"per_page", per_page},
                                        {"has_more_page", rows.size() > first + static_cast<size_t>(per_page)},
                                        {"report_name", report},
                                        {"sort_column", sort_column},
                                        {"sort_order", "D"}};
}

inline absl::Status CheckPaging(const Call& call) {
  int page = 1;
  int per_page = 200;
  return ParsePaging(call, &page, &per_page);
}

// A yyyy-MM-dd query parameter, or none.
inline absl::StatusOr<std::optional<absl::CivilDay>> QueryDay(const Call& call, std::string_view key) {
  const std::string* v = call.Query(key);
  if (v == nullptr || Trim(*v).empty()) return std::optional<absl::CivilDay>();
  absl::CivilDay day;
  if (!ParseDay(Trim(*v), &day)) return InvalidArgumentError(key, Cat(key, " must be a date formatted yyyy-MM-dd."));
  return std::optional<absl::CivilDay>(day);
}

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_JSON_PAGING_H_
