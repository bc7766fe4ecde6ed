// Every route of the API in one table, so the API can be read at a glance
// and the OpenAPI document is built from the same list that dispatches.
// cpp-httplib 0.11 answers 404 for a known path with another method; this
// router answers 405 with an Allow header instead, and problem+json always.
#pragma once

#include <httplib.h>

#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "connectors/http/auth.h"

namespace leye::http {

struct RouteContext {
  std::vector<std::string> params;    // path parameters, in template order
  std::optional<Principal> principal; // set when the route needs auth
};

using RouteHandler = std::function<void(const httplib::Request&, httplib::Response&, const RouteContext&)>;

struct Route {
  std::string method;      // GET, PUT, POST, DELETE
  std::string path;        // OpenAPI template: /v1/workers/{id}
  std::string summary;     // one line for the OpenAPI document
  std::string tag;         // OpenAPI tag
  bool needs_auth = true;  // Bearer token required
  std::string request_schema;   // OpenAPI component name of the JSON body, "" = none
  std::string response_schema;  // OpenAPI component name of the 2xx body, "" = free form
  std::vector<std::string> query;  // query parameter names
  RouteHandler handler;
  std::regex pattern;      // derived from `path`
};

class Router {
 public:
  explicit Router(const Authenticator& auth) : auth_(auth) {}
  void Add(Route r);
  // Finds the route, authenticates, calls it; 401/404/405 otherwise.
  void Dispatch(const httplib::Request& req, httplib::Response& res) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  const Authenticator& auth_;
  std::vector<Route> routes_;
};

}  // namespace leye::http
