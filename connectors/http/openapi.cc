// The OpenAPI 3.0 document. Paths come from the router's own table, so a
// route cannot exist without being described; the schemas below are the
// data model of ARCHITECTURE.md. Checklist: a field added to matcher/model.h
// and the codec is added to its schema here too.
#include <map>
#include <regex>

#include "connectors/http/json_out.h"
#include "connectors/http/routes.h"

namespace leye::http {
namespace {

constexpr const char* kComponents = R"JSON({
"securitySchemes":{"bearer":{"type":"http","scheme":"bearer"}},
"schemas":{
"Problem":{"type":"object","required":["type","title","status","detail","errors"],"properties":{
  "type":{"type":"string"},"title":{"type":"string"},"status":{"type":"integer"},"detail":{"type":"string"},
  "errors":{"type":"array","items":{"type":"object","properties":{"pointer":{"type":"string","description":"JSON Pointer into the request body"},"parameter":{"type":"string","description":"query parameter"},"message":{"type":"string"}}}}}},
"GeoPoint":{"type":"object","required":["lat","lng"],"properties":{"lat":{"type":"number","minimum":-90,"maximum":90},"lng":{"type":"number","minimum":-180,"maximum":180}}},
"Skill":{"type":"object","required":["code","level"],"properties":{"code":{"type":"string","example":"6-05-01-01"},"level":{"type":"integer","minimum":1,"maximum":5}}},
"Household":{"type":"object","required":["region","registered_poor","poverty_status","relocated"],"properties":{
  "id":{"type":"string","pattern":"^[A-Za-z0-9_-]{1,64}$"},"region":{"type":"string","pattern":"^[0-9]{6}$"},
  "registered_poor":{"type":"boolean"},"poverty_status":{"type":"string","enum":["not_exited","exited","monitored"]},
  "relocated":{"type":"boolean"},"site":{"type":"string","description":"required when relocated"},
  "helper":{"type":"object","properties":{"name":{"type":"string"},"phone":{"type":"string"}}}}},
"Worker":{"type":"object","required":["household","name","id_number","labor_ability","hard_to_employ","skills","location","willingness"],"properties":{
  "id":{"type":"string"},"household":{"type":"string"},"name":{"type":"string"},
  "id_number":{"type":"string","description":"18 characters, MOD 11-2 check digit; shown in full only to admin, masked otherwise"},
  "labor_ability":{"type":"string","enum":["full","weak","none"]},"hard_to_employ":{"type":"boolean"},
  "skills":{"type":"array","items":{"$ref":"#/components/schemas/Skill"}},"location":{"$ref":"#/components/schemas/GeoPoint"},
  "willingness":{"type":"object","required":["wants_work","max_commute_km","leave_county","leave_province","hours"],"properties":{
    "wants_work":{"type":"boolean"},"categories":{"type":"array","items":{"type":"string"}},"max_commute_km":{"type":"number"},
    "leave_county":{"type":"boolean"},"leave_province":{"type":"boolean"},
    "hours":{"type":"array","minItems":1,"items":{"type":"string","enum":["full_time","part_time","home_based"]}},
    "min_monthly_wage":{"type":"integer"},"confirmed_on":{"type":"string","format":"date","description":"optional: when the worker last confirmed these wishes"}}},
  "age":{"type":"integer","readOnly":true,"description":"from the ID number, today"},"sex":{"type":"string","enum":["male","female"],"readOnly":true}}},
"Employer":{"type":"object","required":["name","kind","region","location"],"properties":{
  "id":{"type":"string"},"name":{"type":"string"},"kind":{"type":"string","enum":["workshop","public_welfare","enterprise","cooperative"]},
  "region":{"type":"string","pattern":"^[0-9]{6}$"},"location":{"$ref":"#/components/schemas/GeoPoint"}}},
"Posting":{"type":"object","required":["employer","title","occupation","required_skills","slots","monthly_wage","hours","contract_months","open"],"properties":{
  "id":{"type":"string"},"employer":{"type":"string"},"title":{"type":"string"},"occupation":{"type":"string"},
  "required_skills":{"type":"array","items":{"$ref":"#/components/schemas/Skill"}},"slots":{"type":"integer","minimum":0},
  "monthly_wage":{"type":"integer","minimum":0},"hours":{"type":"string","enum":["full_time","part_time","home_based"]},
  "contract_months":{"type":"integer","minimum":0,"description":"0 = open-ended"},"location":{"$ref":"#/components/schemas/GeoPoint"},
  "age_min":{"type":"integer"},"age_max":{"type":"integer"},"open":{"type":"boolean"}}},
"Training":{"type":"object","required":["provider","title","teaches","seats","region","location","start_date","end_date"],"properties":{
  "id":{"type":"string"},"provider":{"type":"string"},"title":{"type":"string"},
  "teaches":{"type":"array","items":{"$ref":"#/components/schemas/Skill"}},"seats":{"type":"integer","minimum":0},
  "region":{"type":"string"},"location":{"$ref":"#/components/schemas/GeoPoint"},
  "start_date":{"type":"string","format":"date"},"end_date":{"type":"string","format":"date"}}},
"HouseholdPage":{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Household"}},"next":{"type":"string","nullable":true}}},
"WorkerPage":{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Worker"}},"next":{"type":"string","nullable":true}}},
"EmployerPage":{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Employer"}},"next":{"type":"string","nullable":true}}},
"PostingPage":{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Posting"}},"next":{"type":"string","nullable":true}}},
"TrainingPage":{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Training"}},"next":{"type":"string","nullable":true}}},
"Levels":{"type":"object","properties":{"relocated_households_covered":{"type":"integer"},"poor_households_first_job":{"type":"integer"},
  "hard_to_employ_in_public_welfare":{"type":"integer"},"workers_placed":{"type":"integer"},"total_score":{"type":"integer"},"temporary_placed":{"type":"integer"}}},
"MatchRunRequest":{"type":"object","required":["region"],"properties":{"region":{"type":"string","pattern":"^[0-9]{1,6}$","description":"region code or prefix"},
  "date":{"type":"string","format":"date","description":"default: today (China time)"}}},
"MatchRun":{"type":"object","properties":{"id":{"type":"string"},"region":{"type":"string"},"date":{"type":"string","format":"date"},
  "status":{"type":"string","enum":["running","finished","failed"]},"stage":{"type":"string","enum":["queued","snapshot","candidates","solving","explaining","storing","done"]},
  "trigger":{"type":"string"},"started_at":{"type":"string","format":"date-time"},"finished_at":{"type":"string","format":"date-time","nullable":true},
  "levels":{"$ref":"#/components/schemas/Levels"},"households":{"type":"integer"},"workers":{"type":"integer"},"postings":{"type":"integer"},
  "proposals":{"type":"integer","description":"how many; list them with /v1/match-runs/{id}/proposals"},"steady_proposals":{"type":"integer"},
  "uncovered":{"type":"array","items":{"type":"object","description":"an eligible relocated household left uncovered, with the reason"}},
  "unplaced_workers":{"type":"array","items":{"type":"object","description":"a willing worker left without a proposal, with the reason"}}}},
"Proposal":{"type":"object","properties":{"id":{"type":"string"},"run":{"type":"string"},"worker":{"type":"string"},"posting":{"type":"string"},
  "household":{"type":"string"},"steady":{"type":"boolean"},"score":{"type":"integer","minimum":0,"maximum":1000},
  "factors":{"type":"array","items":{"type":"object","properties":{"kind":{"type":"string","enum":["skills","wish","commute","wage"]},
    "points":{"type":"integer"},"max_points":{"type":"integer"},"text":{"type":"string"}}}},
  "reasons":{"type":"array","items":{"type":"string"}},"status":{"type":"string","enum":["proposed","accepted","declined","expired"]}}},
"ProposalPage":{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Proposal"}},"next":{"type":"string","nullable":true}}},
"DeclineAnswer":{"type":"object","properties":{"proposal":{"$ref":"#/components/schemas/Proposal"},"run":{"$ref":"#/components/schemas/MatchRun"}}},
"Placement":{"type":"object","properties":{"id":{"type":"string"},"worker":{"type":"string"},"posting":{"type":"string"},
  "kind":{"type":"string","enum":["matched","self_found","self_employed","migrant"]},"start_date":{"type":"string","format":"date"},
  "expected_months":{"type":"integer","description":"0 or absent = open-ended"},"end_date":{"type":"string","format":"date"},
  "status":{"type":"string","enum":["active","ended"]},"end_reason":{"type":"string","enum":["contract_end","quit","dismissed","moved","other"]}}},
"PlacementRequest":{"type":"object","required":["worker","kind","start_date"],"properties":{"worker":{"type":"string"},
  "kind":{"type":"string","enum":["self_found","self_employed","migrant"]},"start_date":{"type":"string","format":"date"},"expected_months":{"type":"integer"}}},
"PlacementEnd":{"type":"object","required":["end_date","end_reason"],"properties":{"end_date":{"type":"string","format":"date"},
  "end_reason":{"type":"string","enum":["contract_end","quit","dismissed","moved","other"]}}},
"PlacementList":{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Placement"}}}},
"AcceptRequest":{"type":"object","properties":{"start_date":{"type":"string","format":"date","description":"default: today"}}},
"AcceptAnswer":{"type":"object","properties":{"id":{"type":"string"},"placement":{"$ref":"#/components/schemas/Placement"},"proposal":{"$ref":"#/components/schemas/Proposal"}}},
"SiteSummary":{"type":"object","properties":{"site":{"type":"string"},"region":{"type":"string"},"households":{"type":"integer"},
  "eligible":{"type":"integer"},"covered":{"type":"integer"},"at_risk":{"type":"integer"},"uncovered":{"type":"integer"},"not_eligible":{"type":"integer"},
  "not_eligible_reasons":{"type":"object"},"coverage_rate":{"type":"number","nullable":true,"description":"covered / eligible; null when none is eligible"},
  "placed":{"type":"object","description":"workers with an active placement by employer or placement kind"}}},
"GuaranteeSites":{"type":"object","properties":{"date":{"type":"string","format":"date"},"region":{"type":"string"},
  "sites":{"type":"array","items":{"$ref":"#/components/schemas/SiteSummary"}},"regions":{"type":"array","items":{"$ref":"#/components/schemas/SiteSummary"}},
  "total":{"$ref":"#/components/schemas/SiteSummary"}}},
"GuaranteeSite":{"type":"object","properties":{"date":{"type":"string"},"site":{"$ref":"#/components/schemas/SiteSummary"},
  "uncovered_households":{"type":"array","items":{"type":"object"}},"at_risk_households":{"type":"array","items":{"type":"object"}},"open_alerts":{"type":"integer"}}},
"GuaranteeHistory":{"type":"object","properties":{"site":{"type":"string"},"history":{"type":"array","items":{"type":"object","properties":{
  "date":{"type":"string","format":"date"},"counts":{"$ref":"#/components/schemas/SiteSummary"}}}}}},
"GuaranteeHouseholds":{"type":"object","properties":{"date":{"type":"string"},"items":{"type":"array","items":{"type":"object","properties":{
  "household":{"type":"string"},"status":{"type":"string","enum":["covered","at_risk","uncovered","not_eligible"]},
  "evidence":{"type":"array","items":{"type":"string"},"description":"ids of the placements behind the status"},
  "members":{"type":"array","items":{"type":"object"}},"why":{"type":"object","nullable":true}}}},"next":{"type":"string","nullable":true}}},
"Timeline":{"type":"object","properties":{"household":{"type":"string"},"events":{"type":"array","items":{"type":"object","properties":{
  "date":{"type":"string","format":"date"},"type":{"type":"string","enum":["placement_started","placement_ended","status_changed"]}}}}}},
"SweepReport":{"type":"object","properties":{"date":{"type":"string"},"households":{"type":"integer"},"changes":{"type":"integer"},
  "alerts":{"type":"integer"},"snapshots":{"type":"integer"}}},
"Alert":{"type":"object","properties":{"id":{"type":"string"},"household":{"type":"string"},"site":{"type":"string"},"region":{"type":"string"},
  "reason":{"type":"string","enum":["newly_eligible_uncovered","contract_ending","placement_ended","member_moved","lost_steady_work"]},
  "from":{"type":"string","nullable":true},"to":{"type":"string"},"date":{"type":"string"},"follow_up_by":{"type":"string"},
  "helper":{"type":"object","nullable":true},"state":{"type":"string","enum":["open","acked"]},"ack":{"type":"object"}}},
"AlertList":{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Alert"}}}},
"AlertAck":{"type":"object","required":["note"],"properties":{"note":{"type":"string"}}},
"ServicePackage":{"type":"object","properties":{"worker":{"type":"string"},"date":{"type":"string"},
  "offers":{"type":"array","maxItems":3,"items":{"type":"object","properties":{"posting":{"type":"string"},"title":{"type":"string"},
    "current_proposal":{"type":"boolean"},"free_slots":{"type":"integer"},"distance_km":{"type":"number"},"score":{"type":"integer"},
    "reasons":{"type":"array","items":{"type":"string"}}}}},
  "training":{"type":"object","nullable":true},"guidance":{"type":"array","items":{"type":"object","properties":{"kind":{"type":"string"},"text":{"type":"string"}}}},
  "delivered":{"type":"object","properties":{"guidance":{"type":"string","nullable":true},"offers":{"type":"string","nullable":true},"training":{"type":"string","nullable":true}}},
  "enrolment":{"type":"object","nullable":true}}},
"ServicesDelivered":{"type":"object","properties":{"guidance":{"type":"string","format":"date"},"offers":{"type":"string","format":"date"},"training":{"type":"string","format":"date"}}},
"WorkerLookup":{"type":"object","properties":{"id_number":{"type":"string"},"worker":{"type":"string"}}},
"EnrolmentRequest":{"type":"object","required":["worker"],"properties":{"worker":{"type":"string"}}},
"Enrolment":{"type":"object","properties":{"id":{"type":"string"},"training":{"type":"string"},"worker":{"type":"string"},
  "status":{"type":"string","enum":["enrolled","completed","dropped"]},"enrolled_on":{"type":"string"},"closed_on":{"type":"string"}}},
"TrainingPlanRequest":{"type":"object","required":["region"],"properties":{"region":{"type":"string"},"date":{"type":"string","format":"date"}}},
"TrainingTotals":{"type":"object","properties":{"relocated_households_coverable":{"type":"integer"},"poor_households_coverable":{"type":"integer"},"workers_gaining_posting":{"type":"integer"}}},
"TrainingPlan":{"type":"object","properties":{"region":{"type":"string"},"date":{"type":"string"},"exact":{"type":"boolean"},"method":{"type":"string"},
  "totals":{"$ref":"#/components/schemas/TrainingTotals"},"upper_bound":{"$ref":"#/components/schemas/TrainingTotals"},
  "assignments":{"type":"array","items":{"type":"object","properties":{"worker":{"type":"string"},"household":{"type":"string"},"training":{"type":"string"},
    "opens_posting":{"type":"string"},"postings_opened":{"type":"array","items":{"type":"string"}},"level":{"type":"integer"},"why":{"type":"string"}}}},
  "stats":{"type":"object"}}},
"Spreadsheet":{"type":"string","format":"binary","description":"CSV (UTF-8, UTF-8 with BOM, or GBK/GB18030) or .xlsx; columns in docs/IMPORT.md"},
"ImportReport":{"type":"object","properties":{"kind":{"type":"string"},"rows":{"type":"integer"},"accepted":{"type":"integer"},
  "created":{"type":"integer"},"updated":{"type":"integer"},"unchanged":{"type":"integer"},
  "rejected":{"type":"array","items":{"type":"object","properties":{"line":{"type":"integer"},"field":{"type":"string"},"reason":{"type":"string"}}}}}}
}})JSON";

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void Ref(JsonOut& j, const std::string& schema) {
  j.BeginObject().Key("$ref").Str("#/components/schemas/" + schema).EndObject();
}

void ProblemResponse(JsonOut& j, const char* code, const char* what) {
  j.Key(code).BeginObject().Key("description").Str(what).Key("content").BeginObject();
  j.Key("application/problem+json").BeginObject().Key("schema");
  Ref(j, "Problem");
  j.EndObject().EndObject().EndObject();
}

}  // namespace

std::string OpenApiDocument(const Router& router) {
  // Group routes by path, keeping first-seen order per path.
  std::map<std::string, std::vector<const Route*>> by_path;
  for (const Route& r : router.routes()) by_path[r.path].push_back(&r);
  static const std::regex kParam(R"(\{([a-z_]+)\})");

  JsonOut j;
  j.BeginObject();
  j.Key("openapi").Str("3.0.3");
  j.Key("info").BeginObject().Key("title").Str("leye (乐业) API").Key("version").Str("1");
  j.Key("description").Str("Employment matching and training placement for poverty-alleviation employment work.");
  j.EndObject();
  j.Key("paths").BeginObject();
  for (const auto& [path, routes] : by_path) {
    j.Key(path).BeginObject();
    for (const Route* r : routes) {
      j.Key(Lower(r->method)).BeginObject();
      j.Key("summary").Str(r->summary);
      j.Key("tags").BeginArray().Str(r->tag).EndArray();
      if (!r->needs_auth) j.Key("security").BeginArray().EndArray();
      j.Key("parameters").BeginArray();
      for (auto it = std::sregex_iterator(path.begin(), path.end(), kParam); it != std::sregex_iterator(); ++it)
        j.BeginObject().Key("name").Str((*it)[1].str()).Key("in").Str("path").Key("required").Bool(true)
            .Key("schema").BeginObject().Key("type").Str("string").EndObject().EndObject();
      for (const auto& q : r->query)
        j.BeginObject().Key("name").Str(q).Key("in").Str("query").Key("required").Bool(false)
            .Key("schema").BeginObject().Key("type").Str("string").EndObject().EndObject();
      j.EndArray();
      if (!r->request_schema.empty()) {
        j.Key("requestBody").BeginObject().Key("required").Bool(true).Key("content").BeginObject();
        const bool file = r->request_schema == "Spreadsheet";
        for (const char* type : file ? std::vector<const char*>{"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
                                     : std::vector<const char*>{"application/json"}) {
          j.Key(type).BeginObject().Key("schema");
          Ref(j, r->request_schema);
          j.EndObject();
        }
        j.EndObject().EndObject();
      }
      j.Key("responses").BeginObject();
      const char* ok = r->method == "DELETE" ? "204" : "200";
      j.Key(ok).BeginObject().Key("description").Str("success");
      if (!r->response_schema.empty()) {
        j.Key("content").BeginObject().Key("application/json").BeginObject().Key("schema");
        Ref(j, r->response_schema);
        j.EndObject().EndObject();
      }
      j.EndObject();
      if (r->method == "PUT") j.Key("201").BeginObject().Key("description").Str("created").EndObject();
      ProblemResponse(j, "400", "malformed request");
      if (r->needs_auth) {
        ProblemResponse(j, "401", "missing or wrong token");
        ProblemResponse(j, "403", "outside the caller's role or region");
      }
      if (!r->request_schema.empty()) ProblemResponse(j, "422", "invalid fields, one entry per field");
      ProblemResponse(j, "503", "Redis unreachable or the register still loading");
      j.EndObject();
      if (r->needs_auth) j.Key("security").BeginArray().BeginObject().Key("bearer").BeginArray().EndArray().EndObject().EndArray();
      j.EndObject();
    }
    j.EndObject();
  }
  j.EndObject();
  j.Key("components").Raw(kComponents);
  j.EndObject();
  return j.str();
}

}  // namespace leye::http
