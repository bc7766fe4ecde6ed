#include "connectors/http/routes.h"

namespace leye::http {

void AddAllRoutes(Router& router, RegisterService& svc) {
  AddOpsRoutes(router, svc);
  AddRegisterRoutes(router, svc);
  AddImportRoutes(router, svc);
}

}  // namespace leye::http
