#include "json/router.h"

namespace inventory::internal {

void RegisterGroupRoutes(Router& router) { (void)router; }

}  // namespace inventory::internal
