#include "connectors/http/routes.h"

namespace leye::http {

void AddAllRoutes(Router& router, RegisterService& svc, MatchService& match) {
  AddOpsRoutes(router, svc);
  AddRegisterRoutes(router, svc);
  AddImportRoutes(router, svc);
  AddMatchRoutes(router, match);
}

}  // namespace leye::http
