// Liveness, readiness and the API description: no token needed, nothing
// personal in them.
#include "connectors/http/json_out.h"
#include "connectors/http/problem.h"
#include "connectors/http/routes.h"

namespace leye::http {

void AddOpsRoutes(Router& router, RegisterService& svc) {
  router.Add({"GET", "/livez", "The process is up", "ops", false, "", "", {},
              [](const httplib::Request&, httplib::Response& res, const RouteContext&) {
                res.set_content(R"({"status":"ok"})", "application/json");
              }});
  router.Add({"GET", "/readyz", "Redis is reachable and the register is loaded (503 otherwise)", "ops", false, "",
              "", {},
              [&svc](const httplib::Request&, httplib::Response& res, const RouteContext&) {
                if (!svc.ready()) return SendProblem(res, 503, "the register is still loading from Redis");
                if (Status s = svc.RedisHealth(); !s.ok())
                  return SendProblem(res, 503, "Redis is not reachable: " + s.message());
                res.set_content(R"({"status":"ready"})", "application/json");
              }});
  router.Add({"GET", "/openapi.json", "This API's OpenAPI 3 document", "ops", false, "", "", {},
              [&router](const httplib::Request&, httplib::Response& res, const RouteContext&) {
                res.set_content(OpenApiDocument(router), "application/json");
              }});
}

}  // namespace leye::http
