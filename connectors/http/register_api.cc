// /v1/<kind>/{id} and /v1/<kind>: thin handlers (parse, call, encode); the
// rules live in RegisterService and the core.
#include <charconv>

#include "connectors/http/problem.h"
#include "connectors/http/routes.h"

namespace leye::http {
namespace {

constexpr const char* kJson = "application/json";

bool ParseLimit(const std::string& text, size_t& out) {
  size_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < 1 || v > 500) return false;
  out = v;
  return true;
}

std::string SchemaName(Kind k) {
  std::string s(SingularName(k));
  s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

void AddKind(Router& router, RegisterService& svc, Kind kind) {
  const std::string plural(PluralName(kind));
  const std::string singular(SingularName(kind));
  const std::string item = "/v1/" + plural + "/{id}";
  const std::string schema = SchemaName(kind);

  router.Add({"PUT", item, "Create or replace a " + singular + " (201 created, 200 replaced)", plural, true,
              schema, schema, {},
              [&svc, kind](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                auto out = svc.Put(kind, ctx.params[0], req.body, *ctx.principal);
                if (!out.ok()) return SendStatus(res, out.status());
                res.status = out->created ? 201 : 200;
                if (out->created) res.set_header("Location", req.path);
                res.set_content(out->json, kJson);
              }});
  router.Add({"GET", item, "Read a " + singular, plural, true, "", schema, {},
              [&svc, kind](const httplib::Request&, httplib::Response& res, const RouteContext& ctx) {
                auto out = svc.Get(kind, ctx.params[0], *ctx.principal);
                if (!out.ok()) return SendStatus(res, out.status());
                res.set_content(*out, kJson);
              }});
  router.Add({"DELETE", item, "Delete a " + singular + " (409 while other records point at it)", plural, true,
              "", "", {},
              [&svc, kind](const httplib::Request&, httplib::Response& res, const RouteContext& ctx) {
                Status s = svc.Delete(kind, ctx.params[0], *ctx.principal);
                if (!s.ok()) return SendStatus(res, s);
                res.status = 204;
              }});
  std::vector<std::string> query{"region", "cursor", "limit"};
  for (const char* f : {"site", "household", "employer"})
    if (Register::FilterApplies(kind, f)) query.push_back(f);
  router.Add({"GET", "/v1/" + plural, "List " + plural + " in id order, a page at a time", plural, true, "",
              schema + "Page", query,
              [&svc, kind](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                ListQuery q;
                std::vector<ParamError> errors;
                for (const auto& [name, value] : req.params) {
                  if (name == "limit") {
                    if (!ParseLimit(value, q.limit)) errors.push_back({"limit", "must be an integer from 1 to 500"});
                  } else if (name == "cursor") {
                    if (!IsValidId(value)) errors.push_back({"cursor", "must be the `next` value of a previous page"});
                    q.cursor = value;
                  } else if (name == "region") {
                    bool digits = value.size() <= 6 && !value.empty();
                    for (char c : value) digits = digits && c >= '0' && c <= '9';
                    if (!digits) errors.push_back({"region", "must be a region code or prefix of 1 to 6 digits"});
                    q.filter.region_prefix = value;
                  } else if (Register::FilterApplies(kind, name)) {
                    if (!IsValidId(value)) errors.push_back({name, "must be an id ([A-Za-z0-9_-]{1,64})"});
                    if (name == "site") q.filter.site = value;
                    if (name == "household") q.filter.household = value;
                    if (name == "employer") q.filter.employer = value;
                  } else {
                    errors.push_back({name, "is not a filter of " + std::string(PluralName(kind))});
                  }
                }
                if (!errors.empty()) return SendProblem(res, 400, "invalid query parameters", {}, errors);
                auto out = svc.List(kind, q, *ctx.principal);
                if (!out.ok()) return SendStatus(res, out.status());
                res.set_content(*out, kJson);
              }});
}

}  // namespace

void AddRegisterRoutes(Router& router, RegisterService& svc) {
  for (Kind k : kAllKinds) AddKind(router, svc, k);
}

}  // namespace leye::http
