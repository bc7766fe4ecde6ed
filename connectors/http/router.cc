#include "connectors/http/router.h"

#include "connectors/http/problem.h"

namespace leye::http {

void Router::Add(Route r) {
  // {name} -> one path segment
  static const std::regex kParam(R"(\{[a-z_]+\})");
  r.pattern = std::regex(std::regex_replace(r.path, kParam, "([^/]+)"));
  routes_.push_back(std::move(r));
}

void Router::Dispatch(const httplib::Request& req, httplib::Response& res) const {
  std::string allow;
  const std::string method = req.method == "HEAD" ? "GET" : req.method;
  for (const Route& route : routes_) {
    std::smatch m;
    if (!std::regex_match(req.path, m, route.pattern)) continue;
    if (route.method != method) {
      if (allow.find(route.method) == std::string::npos) allow += (allow.empty() ? "" : ", ") + route.method;
      continue;
    }
    RouteContext ctx;
    for (size_t i = 1; i < m.size(); ++i) ctx.params.push_back(m[i].str());
    if (route.needs_auth) {
      ctx.principal = auth_.Authenticate(req.get_header_value("Authorization"));
      if (!ctx.principal) {
        res.set_header("WWW-Authenticate", "Bearer");
        SendProblem(res, 401, req.has_header("Authorization")
                                  ? "the bearer token is not valid"
                                  : "this endpoint needs an Authorization: Bearer <token> header");
        return;
      }
    }
    route.handler(req, res, ctx);
    return;
  }
  if (!allow.empty()) {
    res.set_header("Allow", allow);
    SendProblem(res, 405, req.method + " is not allowed on " + req.path + "; allowed: " + allow);
    return;
  }
  SendProblem(res, 404, "no such endpoint: " + req.path);
}

}  // namespace leye::http
