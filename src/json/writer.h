// JSON text out of Boost.JSON values, with numbers written as people read
// them: integers as integers, decimals in their shortest exact form (6.99,
// not 6.99E0). Used for every facade response.
#ifndef INVENTORY_SRC_JSON_WRITER_H_
#define INVENTORY_SRC_JSON_WRITER_H_

#include <string>

#include <boost/json/value.hpp>

namespace inventory::internal {

std::string WriteJson(const boost::json::value& value);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_JSON_WRITER_H_
