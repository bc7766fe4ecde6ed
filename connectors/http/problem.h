// Every error answer is application/problem+json (RFC 9457) with
// {type, title, status, detail, errors:[{pointer|parameter, message}]}.
// Core/connector Status codes map to HTTP statuses here and nowhere else.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "matcher/status.h"

namespace leye::http {

// A query parameter that broke a rule (errors[] entries with "parameter").
struct ParamError {
  std::string parameter;
  std::string message;
};

void SendProblem(httplib::Response& res, int status, const std::string& detail,
                 const std::vector<FieldError>& errors = {},
                 const std::vector<ParamError>& param_errors = {});
// Maps a non-ok Status: invalid -> 422 (400 when it carries no field errors),
// not found 404, conflict 409, unavailable 503 (with Retry-After), internal
// 500 (the message is logged, never sent).
void SendStatus(httplib::Response& res, const Status& s);
int HttpStatusFor(StatusCode code, bool has_field_errors);
std::string ProblemTitle(int status);

}  // namespace leye::http
