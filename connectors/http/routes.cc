#include "connectors/http/routes.h"

namespace leye::http {

void AddAllRoutes(Router& router, RegisterService& svc, MatchService& match, PlacementService& placements,
                  GuaranteeService& guarantee, WorkerServices& services) {
  AddOpsRoutes(router, svc);
  AddRegisterRoutes(router, svc);
  AddImportRoutes(router, svc);
  AddMatchRoutes(router, match);
  AddPlacementRoutes(router, placements, match);
  AddGuaranteeRoutes(router, guarantee);
  AddServiceRoutes(router, services);
}

}  // namespace leye::http
