#include <httplib.h>
#include <simdjson.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "apps/cli/commands.h"

namespace leye::cli {
namespace {

std::string KindFromFileName(const std::string& file) {
  const auto slash = file.find_last_of('/');
  const std::string base = slash == std::string::npos ? file : file.substr(slash + 1);
  for (Kind k : kAllKinds)
    if (base.find(PluralName(k)) != std::string::npos) return std::string(PluralName(k));
  return "";
}

void PrintProblem(const Response& r) {
  std::fprintf(stderr, "leye: the server answered %d: %s\n", r.status, r.body.c_str());
}

}  // namespace

int RunImport(Backend& backend, const ImportArgs& args) {
  std::string kind = args.kind.empty() ? KindFromFileName(args.file) : args.kind;
  if (!ParseKindPlural(kind)) {
    std::fprintf(stderr, "leye: say which records the file holds: --kind households|workers|employers|postings|trainings\n");
    return 2;
  }
  std::ifstream in(args.file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "leye: cannot read %s\n", args.file.c_str());
    return 2;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string bytes = buf.str();
  const bool xlsx = bytes.rfind("PK\x03\x04", 0) == 0;
  auto r = backend.Call("POST", "/v1/import/" + kind, bytes,
                        xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
  if (!r.ok()) {
    std::fprintf(stderr, "leye: %s\n", r.status().message().c_str());
    return 2;
  }
  if (r->status != 200) {
    PrintProblem(*r);
    return 2;
  }
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(r->body).get(doc)) {
    std::fprintf(stderr, "leye: unreadable answer from the server\n");
    return 2;
  }
  const int64_t rows = doc["rows"].get_int64().value_unsafe();
  const int64_t accepted = doc["accepted"].get_int64().value_unsafe();
  std::printf("%s: %lld rows, %lld accepted (%lld new, %lld changed, %lld unchanged), %lld rejected\n",
              args.file.c_str(), static_cast<long long>(rows), static_cast<long long>(accepted),
              static_cast<long long>(doc["created"].get_int64().value_unsafe()),
              static_cast<long long>(doc["updated"].get_int64().value_unsafe()),
              static_cast<long long>(doc["unchanged"].get_int64().value_unsafe()),
              static_cast<long long>(rows - accepted));
  simdjson::dom::array rejected;
  if (!doc["rejected"].get_array().get(rejected)) {
    for (auto row : rejected) {
      std::string_view field, reason;
      if (row["field"].get_string().get(field)) {}
      if (row["reason"].get_string().get(reason)) {}
      std::printf("  line %lld, %.*s: %.*s\n", static_cast<long long>(row["line"].get_int64().value_unsafe()),
                  int(field.size()), field.data(), int(reason.size()), reason.data());
    }
  }
  return rows == accepted ? 0 : 1;
}

// `leye export guarantee`: the monitors' CSV report as the server writes it.
int ExportGuarantee(Backend& backend, const ExportArgs& args) {
  std::string path = "/v1/guarantee/export.csv";
  std::string sep = "?";
  if (!args.site.empty()) path += sep + "site=" + httplib::detail::encode_query_param(args.site), sep = "&";
  if (!args.date.empty()) path += sep + "date=" + args.date;
  auto r = backend.Call("GET", path, "", "");
  if (!r.ok()) {
    std::fprintf(stderr, "leye: %s\n", r.status().message().c_str());
    return 2;
  }
  if (r->status != 200) {
    PrintProblem(*r);
    return 2;
  }
  if (args.out.empty()) {
    std::cout << r->body;
  } else {
    std::ofstream file(args.out, std::ios::binary | std::ios::trunc);
    file << r->body;
    if (!file) {
      std::fprintf(stderr, "leye: cannot write %s\n", args.out.c_str());
      return 2;
    }
  }
  std::fprintf(stderr, "leye: exported the guarantee report\n");
  return 0;
}

int RunExport(Backend& backend, const ExportArgs& args) {
  if (args.kind == "guarantee") return ExportGuarantee(backend, args);
  if (!ParseKindPlural(args.kind)) {
    std::fprintf(stderr, "leye: --kind must be households|workers|employers|postings|trainings\n");
    return 2;
  }
  std::ofstream file;
  if (!args.out.empty()) {
    file.open(args.out, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::fprintf(stderr, "leye: cannot write %s\n", args.out.c_str());
      return 2;
    }
  }
  std::ostream& out = args.out.empty() ? std::cout : file;
  std::string cursor;
  simdjson::dom::parser parser;
  size_t count = 0;
  for (;;) {
    std::string path = "/v1/" + args.kind + "?limit=500";
    if (!args.region.empty()) path += "&region=" + args.region;
    if (!cursor.empty()) path += "&cursor=" + cursor;
    auto r = backend.Call("GET", path, "", "");
    if (!r.ok()) {
      std::fprintf(stderr, "leye: %s\n", r.status().message().c_str());
      return 2;
    }
    if (r->status != 200) {
      PrintProblem(*r);
      return 2;
    }
    simdjson::dom::element doc;
    if (parser.parse(r->body).get(doc)) return 2;
    for (auto item : doc["items"].get_array()) {
      out << simdjson::minify(item) << '\n';
      ++count;
    }
    std::string_view next;
    if (doc["next"].get_string().get(next)) break;  // null: last page
    cursor = std::string(next);
  }
  std::fprintf(stderr, "leye: exported %zu %s\n", count, args.kind.c_str());
  return 0;
}

}  // namespace leye::cli
