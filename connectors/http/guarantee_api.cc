// /v1/guarantee/*, /v1/alerts, /v1/households/{id}/timeline: thin handlers
// over GuaranteeService.
#include <algorithm>
#include <charconv>
#include <map>

#include "connectors/http/problem.h"
#include "connectors/http/routes.h"

namespace leye::http {
namespace {

constexpr const char* kJson = "application/json";

// Checks the query parameters against `allowed`; dates parsed into `dates`.
bool Params(const httplib::Request& req, httplib::Response& res, const std::vector<std::string>& allowed,
            std::map<std::string, std::string>& out, std::map<std::string, Date>& dates) {
  std::vector<ParamError> errors;
  for (const auto& [name, value] : req.params) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      errors.push_back({name, "is not a parameter of this endpoint"});
    } else if (name == "date" || name == "from" || name == "to") {
      auto d = ParseDate(value);
      if (!d) errors.push_back({name, "must be a date YYYY-MM-DD"});
      else dates[name] = *d;
    } else if (name == "region") {
      bool ok = !value.empty() && value.size() <= 6;
      for (char c : value) ok = ok && c >= '0' && c <= '9';
      if (!ok) errors.push_back({name, "must be a region code or prefix of 1 to 6 digits"});
      out[name] = value;
    } else if (name == "limit") {
      size_t v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || p != value.data() + value.size() || v < 1 || v > 500)
        errors.push_back({name, "must be an integer from 1 to 500"});
      out[name] = value;
    } else if (name == "status") {
      if (!ParseGuaranteeStatus(value)) errors.push_back({name, "must be covered, at_risk, uncovered or not_eligible"});
      out[name] = value;
    } else if (name == "site") {
      // A site is free text in the register (安置点 names are Chinese), not an id.
      bool ok = !value.empty() && value.size() <= 256;
      for (unsigned char c : value) ok = ok && c >= 0x20 && c != 0x7F;
      if (!ok) errors.push_back({name, "must be a relocation site's name (1 to 256 bytes, no control characters)"});
      out[name] = value;
    } else if (name == "state") {
      if (value != "open" && value != "acked") errors.push_back({name, "must be open or acked"});
      out[name] = value;
    } else {
      if (!IsValidId(value)) errors.push_back({name, "must be an id ([A-Za-z0-9_-]{1,64})"});
      out[name] = value;
    }
  }
  if (errors.empty()) return true;
  SendProblem(res, 400, "invalid query parameters", {}, errors);
  return false;
}

std::optional<Date> Opt(const std::map<std::string, Date>& dates, const char* name) {
  auto it = dates.find(name);
  return it == dates.end() ? std::nullopt : std::optional<Date>(it->second);
}

void Reply(httplib::Response& res, const Result<std::string>& out, const char* type = kJson) {
  if (!out.ok()) return SendStatus(res, out.status());
  res.set_content(*out, type);
}

}  // namespace

void AddGuaranteeRoutes(Router& router, GuaranteeService& g) {
  router.Add({"GET", "/v1/guarantee/sites",
              "Per relocation site (and county): households by status, coverage rate, workers placed by kind",
              "guarantee", true, "", "GuaranteeSites", {"region", "date"},
              [&g](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                std::map<std::string, std::string> p;
                std::map<std::string, Date> d;
                if (!Params(req, res, {"region", "date"}, p, d)) return;
                Reply(res, g.Sites(p["region"], Opt(d, "date"), *ctx.principal));
              }});
  router.Add({"GET", "/v1/guarantee/sites/{site}", "One site's counts with its uncovered and at-risk households",
              "guarantee", true, "", "GuaranteeSite", {"date"},
              [&g](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                std::map<std::string, std::string> p;
                std::map<std::string, Date> d;
                if (!Params(req, res, {"date"}, p, d)) return;
                Reply(res, g.Site(ctx.params[0], Opt(d, "date"), *ctx.principal));
              }});
  router.Add({"GET", "/v1/guarantee/sites/{site}/history", "The site's stored daily counts, for trend charts",
              "guarantee", true, "", "GuaranteeHistory", {"from", "to"},
              [&g](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                std::map<std::string, std::string> p;
                std::map<std::string, Date> d;
                if (!Params(req, res, {"from", "to"}, p, d)) return;
                Reply(res, g.History(ctx.params[0], Opt(d, "from"), Opt(d, "to"), *ctx.principal));
              }});
  router.Add({"GET", "/v1/guarantee/households",
              "Households with their status, the placements behind it, members' current placements and, when "
              "uncovered, the latest match run's reason",
              "guarantee", true, "", "GuaranteeHouseholds", {"site", "status", "region", "date", "cursor", "limit"},
              [&g](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                std::map<std::string, std::string> p;
                std::map<std::string, Date> d;
                if (!Params(req, res, {"site", "status", "region", "date", "cursor", "limit"}, p, d)) return;
                HouseholdQuery q{p["site"], p["status"], p["region"], p["cursor"], 100};
                if (!p["limit"].empty()) q.limit = std::stoul(p["limit"]);
                Reply(res, g.Households(q, Opt(d, "date"), *ctx.principal));
              }});
  router.Add({"GET", "/v1/households/{id}/timeline", "The household's placements and status changes in order",
              "guarantee", true, "", "Timeline", {},
              [&g](const httplib::Request&, httplib::Response& res, const RouteContext& ctx) {
                Reply(res, g.Timeline(ctx.params[0], *ctx.principal));
              }});
  router.Add({"POST", "/v1/guarantee/sweep",
              "Recompute every household for a date (default today), raise alerts, store the day's site counts; "
              "running it twice for one date changes nothing",
              "guarantee", true, "", "SweepReport", {"date"},
              [&g](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                std::map<std::string, std::string> p;
                std::map<std::string, Date> d;
                if (!Params(req, res, {"date"}, p, d)) return;
                Reply(res, g.Sweep(Opt(d, "date"), *ctx.principal));
              }});
  router.Add({"GET", "/v1/alerts", "Alerts: households that left covered, new eligible households uncovered",
              "guarantee", true, "", "AlertList", {"site", "state"},
              [&g](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                std::map<std::string, std::string> p;
                std::map<std::string, Date> d;
                if (!Params(req, res, {"site", "state"}, p, d)) return;
                Reply(res, g.Alerts(p["site"], p["state"], *ctx.principal));
              }});
  router.Add({"POST", "/v1/alerts/{id}/ack", "Acknowledge an alert with a follow-up note", "guarantee", true,
              "AlertAck", "Alert", {},
              [&g](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                Reply(res, g.Ack(ctx.params[0], req.body, *ctx.principal));
              }});
  router.Add({"GET", "/v1/guarantee/export.csv",
              "The households of a site (or all) as CSV with Chinese headers, ID numbers masked", "guarantee", true,
              "", "", {"site", "date"},
              [&g](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                std::map<std::string, std::string> p;
                std::map<std::string, Date> d;
                if (!Params(req, res, {"site", "date"}, p, d)) return;
                auto out = g.ExportCsv(p["site"], Opt(d, "date"), *ctx.principal);
                if (!out.ok()) return SendStatus(res, out.status());
                res.set_header("Content-Disposition", "attachment; filename=\"guarantee.csv\"");
                res.set_content(*out, "text/csv; charset=utf-8");
              }});
}

}  // namespace leye::http
