// POST /v1/import/{kind}: the body is the spreadsheet itself (CSV in UTF-8
// or GB18030, or .xlsx), or a multipart form with one file field.
#include "connectors/http/json_out.h"
#include "connectors/http/problem.h"
#include "connectors/http/routes.h"

namespace leye::http {

void AddImportRoutes(Router& router, RegisterService& svc) {
  for (Kind kind : kAllKinds) {
    const std::string plural(PluralName(kind));
    router.Add({"POST", "/v1/import/" + plural,
                "Import " + plural + " from a CSV (UTF-8 or GBK/GB18030) or .xlsx file; valid rows are stored, "
                "each rejected row is reported with its line, field and reason",
                "import", true, "Spreadsheet", "ImportReport", {},
                [&svc, kind](const httplib::Request& req, httplib::Response& res, const RouteContext& ctx) {
                  std::string_view bytes = req.body;
                  if (req.is_multipart_form_data()) {
                    if (req.files.empty()) return SendProblem(res, 400, "the multipart form has no file field");
                    bytes = req.files.begin()->second.content;
                  }
                  if (bytes.empty()) return SendProblem(res, 400, "the request body is empty: send the file itself");
                  auto out = svc.Import(kind, bytes, *ctx.principal);
                  if (!out.ok()) return SendStatus(res, out.status());
                  JsonOut j;
                  j.BeginObject();
                  j.Key("kind").Str(PluralName(kind));
                  j.Key("rows").Int(static_cast<int64_t>(out->rows));
                  j.Key("accepted").Int(static_cast<int64_t>(out->accepted));
                  j.Key("created").Int(static_cast<int64_t>(out->created));
                  j.Key("updated").Int(static_cast<int64_t>(out->updated));
                  j.Key("unchanged").Int(static_cast<int64_t>(out->unchanged));
                  j.Key("rejected").BeginArray();
                  for (const auto& r : out->rejected)
                    j.BeginObject()
                        .Key("line").Int(static_cast<int64_t>(r.line))
                        .Key("field").Str(r.field)
                        .Key("reason").Str(r.reason)
                        .EndObject();
                  j.EndArray().EndObject();
                  res.set_content(j.str(), "application/json");
                }});
  }
}

}  // namespace leye::http
