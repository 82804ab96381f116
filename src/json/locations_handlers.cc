#include "json/router.h"

namespace inventory::internal {

void RegisterLocationRoutes(Router& router) { (void)router; }

}  // namespace inventory::internal
