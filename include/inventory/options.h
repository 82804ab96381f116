// Options for Engine::Open. An aggregate: fill it with designated
// initializers, e.g. Engine::Open({.strict_barcodes = true}).
#ifndef INVENTORY_OPTIONS_H_
#define INVENTORY_OPTIONS_H_

#include <functional>
#include <string>

#include "absl/time/time.h"

namespace inventory {

// How the cost of stock leaving is taken: from the oldest cost lots (FIFO),
// or at the average cost of what is held.
enum class Valuation { kFifo, kWeightedAverage };

struct Options {
  // Check UPC (12 digits), EAN (13) and ISBN (10 or 13) lengths and check
  // digits. Off by default: the reference's own examples fail these checks,
  // and then only "digits only" is enforced.
  bool strict_barcodes = false;

  // Name of the primary location every organization starts with.
  std::string primary_location_name = "Primary Location";

  // Stock valuation, fixed for the organization.
  Valuation valuation = Valuation::kFifo;

  // Let stock go below zero. Off by default: a write that would take
  // stock_on_hand or available_stock of any item at any location below zero
  // is refused, naming the item, location, requested and available
  // quantities (API code 4012).
  bool allow_negative_stock = false;

  // Source of created/last-modified times. Empty means absl::Now(); tests
  // inject a frozen clock.
  std::function<absl::Time()> clock;
};

}  // namespace inventory

#endif  // INVENTORY_OPTIONS_H_
