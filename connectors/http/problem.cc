#include "connectors/http/problem.h"

#include <spdlog/spdlog.h>

#include "connectors/http/json_out.h"

namespace leye::http {

std::string ProblemTitle(int status) {
  switch (status) {
    case 400: return "Bad request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not found";
    case 405: return "Method not allowed";
    case 408: return "Request timeout";
    case 409: return "Conflict";
    case 411: return "Length required";
    case 413: return "Payload too large";
    case 414: return "URI too long";
    case 415: return "Unsupported media type";
    case 422: return "Invalid fields";
    case 431: return "Request header fields too large";
    case 500: return "Internal server error";
    case 503: return "Service unavailable";
    default: return status >= 500 ? "Server error" : "Client error";
  }
}

namespace {
std::string ProblemType(int status) {
  switch (status) {
    case 400: return "/problems/bad-request";
    case 401: return "/problems/unauthorized";
    case 403: return "/problems/forbidden";
    case 404: return "/problems/not-found";
    case 405: return "/problems/method-not-allowed";
    case 409: return "/problems/conflict";
    case 411: return "/problems/length-required";
    case 413: return "/problems/payload-too-large";
    case 415: return "/problems/unsupported-media-type";
    case 422: return "/problems/invalid-fields";
    case 503: return "/problems/unavailable";
    default: return status >= 500 ? "/problems/server-error" : "/problems/client-error";
  }
}
}  // namespace

void SendProblem(httplib::Response& res, int status, const std::string& detail,
                 const std::vector<FieldError>& errors, const std::vector<ParamError>& param_errors) {
  JsonOut j;
  j.BeginObject();
  j.Key("type").Str(ProblemType(status));
  j.Key("title").Str(ProblemTitle(status));
  j.Key("status").Int(status);
  j.Key("detail").Str(detail);
  j.Key("errors").BeginArray();
  for (const auto& e : errors) j.BeginObject().Key("pointer").Str(e.pointer).Key("message").Str(e.message).EndObject();
  for (const auto& e : param_errors)
    j.BeginObject().Key("parameter").Str(e.parameter).Key("message").Str(e.message).EndObject();
  j.EndArray();
  j.EndObject();
  res.status = status;
  if (status == 503) res.set_header("Retry-After", "1");
  res.set_content(j.str(), "application/problem+json");
}

int HttpStatusFor(StatusCode code, bool has_field_errors) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return has_field_errors ? 422 : 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kConflict: return 409;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

void SendStatus(httplib::Response& res, const Status& s) {
  const int status = HttpStatusFor(s.code(), !s.errors().empty());
  if (status >= 500 && status != 503) {
    spdlog::error("internal error: {}", s.message());
    SendProblem(res, status, "the server failed; nothing was changed by this request");
    return;
  }
  SendProblem(res, status, s.message(), s.errors());
}

}  // namespace leye::http
