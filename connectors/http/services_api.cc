// The "311" service and course enrolments: thin handlers over WorkerServices.
#include "connectors/http/problem.h"
#include "connectors/http/routes.h"

namespace leye::http {
namespace {

void Reply(httplib::Response& res, const Result<std::string>& out, int ok_status = 200) {
  if (!out.ok()) return SendStatus(res, out.status());
  res.status = ok_status;
  res.set_content(*out, "application/json");
}

}  // namespace

void AddServiceRoutes(Router& router, WorkerServices& s) {
  router.Add({"GET", "/v1/workers/{id}/services",
              "The worker's 311 package: up to 3 feasible offers with free slots (current proposal first), a "
              "training course, guidance sentences, and when each was last delivered",
              "311", true, "", "ServicePackage", {"date"},
              [&s](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                std::optional<Date> date;
                for (const auto& [name, value] : req.params) {
                  if (name != "date") return SendProblem(res, 400, "invalid query parameters", {}, {{name, "is not a parameter of this endpoint"}});
                  date = ParseDate(value);
                  if (!date) return SendProblem(res, 400, "invalid query parameters", {}, {{"date", "must be a date YYYY-MM-DD"}});
                }
                Reply(res, s.Package(ctx.params[0], date, *ctx.principal));
              }});
  router.Add({"POST", "/v1/workers/{id}/services/delivered",
              "Record when guidance, offers or training were given to the worker (kiosk or bureau)", "311", true,
              "ServicesDelivered", "ServicesDelivered", {},
              [&s](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                Reply(res, s.Delivered(ctx.params[0], req.body, *ctx.principal));
              }});
  router.Add({"POST", "/v1/training-plans",
              "Assign course seats so that the most uncovered relocated households (then other poor households, "
              "then workers) get a feasible steady job with a free slot; exact, or a plan with a proven bound",
              "training", true, "TrainingPlanRequest", "TrainingPlan", {},
              [&s](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                Reply(res, s.Plan(req.body, *ctx.principal));
              }});
  router.Add({"POST", "/v1/workers/lookup", "Find the worker holding an ID number (kiosk: read from the ID card)",
              "311", true, "WorkerLookup", "WorkerLookup", {},
              [&s](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                Reply(res, s.Lookup(req.body, *ctx.principal));
              }});
  router.Add({"POST", "/v1/trainings/{id}/enrolments",
              "Enrol a worker in a course (409 when the seats are taken or the worker is in another course)",
              "training", true, "EnrolmentRequest", "Enrolment", {},
              [&s](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                Reply(res, s.Enrol(ctx.params[0], req.body, *ctx.principal), 201);
              }});
  router.Add({"GET", "/v1/enrolments/{id}", "One enrolment", "training", true, "", "Enrolment", {},
              [&s](const httplib::Request&, httplib::Response& res, const RouteContext& ctx) {
                Reply(res, s.GetEnrolment(ctx.params[0], *ctx.principal));
              }});
  router.Add({"POST", "/v1/enrolments/{id}/complete",
              "The course is done: its skills join the worker's, so the next match uses them", "training", true, "",
              "Enrolment", {},
              [&s](const httplib::Request&, httplib::Response& res, const RouteContext& ctx) {
                Reply(res, s.Close(ctx.params[0], true, *ctx.principal));
              }});
  router.Add({"POST", "/v1/enrolments/{id}/drop", "The worker leaves the course; the seat is free again", "training",
              true, "", "Enrolment", {},
              [&s](const httplib::Request&, httplib::Response& res, const RouteContext& ctx) {
                Reply(res, s.Close(ctx.params[0], false, *ctx.principal));
              }});
}

}  // namespace leye::http
