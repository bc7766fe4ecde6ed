// /v1/match-runs and /v1/proposals: thin handlers over MatchService.
#include <charconv>

#include "connectors/http/problem.h"
#include "connectors/http/routes.h"

namespace leye::http {
namespace {

constexpr const char* kJson = "application/json";

// ?wait=SECONDS (0..120, default 20): how long a POST waits for the run.
bool ParseWait(const httplib::Request& req, std::chrono::milliseconds& out, std::vector<ParamError>& errors) {
  out = std::chrono::seconds(20);
  if (!req.has_param("wait")) return true;
  const std::string v = req.get_param_value("wait");
  int s = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), s);
  if (ec != std::errc() || p != v.data() + v.size() || s < 0 || s > 120) {
    errors.push_back({"wait", "must be a number of seconds from 0 to 120"});
    return false;
  }
  out = std::chrono::seconds(s);
  return true;
}

void SendAnswer(httplib::Response& res, const MatchService::Answer& a) {
  res.status = a.status;
  if (!a.location.empty()) res.set_header("Location", a.location);
  res.set_content(a.json, kJson);
}

}  // namespace

void AddMatchRoutes(Router& router, MatchService& match) {
  router.Add({"POST", "/v1/match-runs",
              "Run a match over a region (code prefix) on a date: 201 with the run when it finishes within "
              "`wait` seconds, else 202 with its progress",
              "matching", true, "MatchRunRequest", "MatchRun", {"wait"},
              [&match](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                std::chrono::milliseconds wait;
                std::vector<ParamError> errors;
                if (!ParseWait(req, wait, errors)) return SendProblem(res, 400, "invalid query parameters", {}, errors);
                auto out = match.StartRun(req.body, *ctx.principal, wait);
                if (!out.ok()) return SendStatus(res, out.status());
                SendAnswer(res, *out);
              }});
  router.Add({"GET", "/v1/match-runs/{id}", "A match run: its progress while it works, then levels and reasons",
              "matching", true, "", "MatchRun", {},
              [&match](const httplib::Request&, httplib::Response& res, const RouteContext& ctx) {
                auto out = match.GetRun(ctx.params[0], *ctx.principal);
                if (!out.ok()) return SendStatus(res, out.status());
                res.set_content(*out, kJson);
              }});
  router.Add({"GET", "/v1/match-runs/{id}/proposals", "A run's proposals in worker order, a page at a time",
              "matching", true, "", "ProposalPage", {"worker", "posting", "household", "cursor", "limit"},
              [&match](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                ProposalQuery q;
                std::vector<ParamError> errors;
                for (const auto& [name, value] : req.params) {
                  if (name == "limit") {
                    size_t v = 0;
                    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
                    if (ec != std::errc() || p != value.data() + value.size() || v < 1 || v > 500)
                      errors.push_back({"limit", "must be an integer from 1 to 500"});
                    else
                      q.limit = v;
                  } else if (name == "worker" || name == "posting" || name == "household" || name == "cursor") {
                    if (!IsValidId(value)) errors.push_back({name, "must be an id ([A-Za-z0-9_-]{1,64})"});
                    (name == "worker" ? q.worker : name == "posting" ? q.posting
                                                 : name == "household" ? q.household : q.cursor) = value;
                  } else {
                    errors.push_back({name, "is not a filter of proposals"});
                  }
                }
                if (!errors.empty()) return SendProblem(res, 400, "invalid query parameters", {}, errors);
                auto out = match.ListProposals(ctx.params[0], q, *ctx.principal);
                if (!out.ok()) return SendStatus(res, out.status());
                res.set_content(*out, kJson);
              }});
  router.Add({"GET", "/v1/proposals/{id}", "One proposal with its fit factors and status", "matching", true, "",
              "Proposal", {},
              [&match](const httplib::Request&, httplib::Response& res, const RouteContext& ctx) {
                auto out = match.GetProposal(ctx.params[0], *ctx.principal);
                if (!out.ok()) return SendStatus(res, out.status());
                res.set_content(*out, kJson);
              }});
  router.Add({"POST", "/v1/proposals/{id}/decline",
              "The worker declines: the pair is never proposed again and the region is re-optimised (a new run)",
              "matching", true, "", "DeclineAnswer", {"wait"},
              [&match](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                std::chrono::milliseconds wait;
                std::vector<ParamError> errors;
                if (!ParseWait(req, wait, errors)) return SendProblem(res, 400, "invalid query parameters", {}, errors);
                auto out = match.Decline(ctx.params[0], *ctx.principal, wait);
                if (!out.ok()) return SendStatus(res, out.status());
                SendAnswer(res, *out);
              }});
}

}  // namespace leye::http
