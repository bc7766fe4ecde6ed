// /v1/placements and POST /v1/proposals/{id}/accept: thin handlers.
#include "connectors/http/problem.h"
#include "connectors/http/routes.h"

namespace leye::http {

void AddPlacementRoutes(Router& router, PlacementService& placements, MatchService& match) {
  router.Add({"POST", "/v1/proposals/{id}/accept",
              "The worker accepts: an active matched placement; the posting's free slots drop and the worker's "
              "other proposals lapse (409 when the posting is full or the worker already works)",
              "placements", true, "AcceptRequest", "AcceptAnswer", {},
              [&match](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                auto out = match.Accept(ctx.params[0], req.body, *ctx.principal);
                if (!out.ok()) return SendStatus(res, out.status());
                res.status = out->status;
                res.set_header("Location", out->location);
                res.set_content(out->json, "application/json");
              }});
  router.Add({"POST", "/v1/placements",
              "Record work found otherwise (self_found, self_employed, migrant); the id is assigned", "placements",
              true, "PlacementRequest", "Placement", {},
              [&placements](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                auto out = placements.Record(req.body, *ctx.principal);
                if (!out.ok()) return SendStatus(res, out.status());
                res.status = 201;
                res.set_content(*out, "application/json");
              }});
  router.Add({"POST", "/v1/placements/{id}/end",
              "Record a placement's end (a date ahead records a known coming end); history is kept", "placements",
              true, "PlacementEnd", "Placement", {},
              [&placements](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                auto out = placements.End(ctx.params[0], req.body, *ctx.principal);
                if (!out.ok()) return SendStatus(res, out.status());
                res.set_content(*out, "application/json");
              }});
  router.Add({"GET", "/v1/placements/{id}", "One placement", "placements", true, "", "Placement", {},
              [&placements](const httplib::Request&, httplib::Response& res, const RouteContext& ctx) {
                auto out = placements.Get(ctx.params[0], *ctx.principal);
                if (!out.ok()) return SendStatus(res, out.status());
                res.set_content(*out, "application/json");
              }});
  router.Add({"GET", "/v1/placements", "A worker's or a posting's placements, oldest first", "placements", true, "",
              "PlacementList", {"worker", "posting"},
              [&placements](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                std::vector<ParamError> errors;
                for (const auto& [name, value] : req.params) {
                  if (name != "worker" && name != "posting") errors.push_back({name, "is not a filter of placements"});
                  else if (!IsValidId(value)) errors.push_back({name, "must be an id ([A-Za-z0-9_-]{1,64})"});
                }
                if (!errors.empty()) return SendProblem(res, 400, "invalid query parameters", {}, errors);
                auto out = placements.List(req.get_param_value("worker"), req.get_param_value("posting"),
                                           *ctx.principal);
                if (!out.ok()) return SendStatus(res, out.status());
                res.set_content(*out, "application/json");
              }});
}

}  // namespace leye::http
