// Where each group of routes is registered. The full list, in one place, is
// AddAllRoutes in routes.cc.
#pragma once

#include "connectors/http/guarantee_service.h"
#include "connectors/http/match_service.h"
#include "connectors/http/register_service.h"
#include "connectors/http/worker_services.h"
#include "connectors/http/router.h"

namespace leye::http {

void AddAllRoutes(Router& router, RegisterService& svc, MatchService& match, PlacementService& placements,
                  GuaranteeService& guarantee, WorkerServices& services);

// Groups (one file each).
void AddOpsRoutes(Router& router, RegisterService& svc);       // ops_api.cc
void AddRegisterRoutes(Router& router, RegisterService& svc);  // register_api.cc
void AddImportRoutes(Router& router, RegisterService& svc);    // import_api.cc
void AddMatchRoutes(Router& router, MatchService& match);      // match_api.cc
void AddServiceRoutes(Router& router, WorkerServices& services);        // services_api.cc
void AddGuaranteeRoutes(Router& router, GuaranteeService& guarantee);  // guarantee_api.cc
void AddPlacementRoutes(Router& router, PlacementService& placements, MatchService& match);  // placement_api.cc

// The OpenAPI 3 document of every route in `router` (openapi.cc).
std::string OpenApiDocument(const Router& router);

}  // namespace leye::http
