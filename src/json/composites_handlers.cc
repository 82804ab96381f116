#include "json/router.h"

namespace inventory::internal {

void RegisterCompositeRoutes(Router& router) { (void)router; }

}  // namespace inventory::internal
