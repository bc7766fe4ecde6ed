// Rows to records. Why it is built this way:
// - A row is turned into the JSON body the API takes and then goes through
//   DecodeRecord + Validate, the same gate as an API write: one set of rules,
//   never a second, drifting copy for imports. This file only knows how
//   bureau spreadsheets write values (是/否, 2026/3/1, "code:level" lists,
//   Chinese enum names) and turns them into the wire form.
// - Users must see every problem of a row at once, named by the column they
//   typed. A cell this file cannot read, or an empty required cell, is
//   reported here and replaced by a harmless placeholder, so decoding still
//   succeeds and Validate still checks the other fields; errors from
//   Validate on a column already reported are dropped.
// - The column table below is the single list of columns: the header check,
//   the JSON building, the pointer-to-column mapping and ImportColumns (for
//   templates and docs/IMPORT.md) all read it.
#include "connectors/importer/record_import.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connectors/json/codec.h"
#include "matcher/date.h"
#include "matcher/validation.h"

namespace leye {
namespace {

enum class CellType {
  kString,
  kIdNumber,    // a string; a trailing lower-case x is made upper-case
  kInt,         // 3000, 3,000, 3000.00
  kNumber,      // 28.1234
  kBool,        // 是/否, true/false, 1/0, Y/N, yes/no
  kEnum,        // a wire name or one of its Chinese names
  kEnumList,    // enum values separated by ; ； 、 , ，
  kStringList,  // strings separated likewise
  kSkills,      // code:level separated likewise
  kDate,        // 2026-03-01, 2026/3/1, 2026年3月1日, 20260301, Excel serial
};

struct EnumName {
  std::string_view wire;
  std::vector<std::string_view> names;  // Chinese names, preferred first
};
using EnumNames = std::vector<EnumName>;

const EnumNames kPovertyStatus = {
    {"not_exited", {"未脱贫"}}, {"exited", {"已脱贫"}}, {"monitored", {"监测户", "监测对象"}}};
const EnumNames kLaborAbility = {{"full", {"全劳动力", "普通劳动力"}},
                                 {"weak", {"弱劳动力", "半劳动力"}},
                                 {"none", {"无劳动能力", "丧失劳动能力", "无劳动力"}}};
const EnumNames kHours = {
    {"full_time", {"全职"}}, {"part_time", {"兼职"}}, {"home_based", {"居家", "居家灵活就业"}}};
const EnumNames kEmployerKind = {{"workshop", {"扶贫车间", "就业扶贫车间"}},
                                 {"public_welfare", {"公益性岗位"}},
                                 {"enterprise", {"企业", "用人单位"}},
                                 {"cooperative", {"合作社", "农民专业合作社"}}};

struct ColumnSpec {
  std::string_view field;  // dotted path in the record's JSON
  CellType type;
  bool header_required;                 // the header must have the column
  bool value_required;                  // an empty cell is an error
  std::vector<std::string_view> names;  // Chinese header names, preferred first
  const EnumNames* values = nullptr;    // kEnum / kEnumList
};

constexpr bool kReq = true, kOpt = false;

const std::vector<ColumnSpec> kHouseholdColumns = {
    {"id", CellType::kString, kReq, kReq, {"户编号", "家庭编号"}},
    {"region", CellType::kString, kReq, kReq, {"所属区县", "行政区划代码", "区县代码"}},
    {"registered_poor", CellType::kBool, kReq, kReq, {"是否建档立卡", "建档立卡"}},
    {"poverty_status", CellType::kEnum, kReq, kReq, {"脱贫状态"}, &kPovertyStatus},
    {"relocated", CellType::kBool, kReq, kReq, {"是否易地搬迁", "易地搬迁"}},
    {"site", CellType::kString, kOpt, kOpt, {"安置点"}},
    {"helper.name", CellType::kString, kOpt, kOpt, {"帮扶责任人"}},
    {"helper.phone", CellType::kString, kOpt, kOpt, {"帮扶人电话", "帮扶责任人电话"}},
};

const std::vector<ColumnSpec> kWorkerColumns = {
    {"id", CellType::kString, kReq, kReq, {"人员编号"}},
    {"household", CellType::kString, kReq, kReq, {"户编号", "家庭编号"}},
    {"name", CellType::kString, kReq, kReq, {"姓名"}},
    {"id_number", CellType::kIdNumber, kReq, kReq, {"身份证号", "公民身份号码", "身份证号码"}},
    {"labor_ability", CellType::kEnum, kReq, kReq, {"劳动能力"}, &kLaborAbility},
    {"hard_to_employ", CellType::kBool, kReq, kReq, {"就业困难人员", "是否就业困难人员"}},
    {"skills", CellType::kSkills, kOpt, kOpt, {"技能"}},
    {"location.lat", CellType::kNumber, kReq, kReq, {"纬度"}},
    {"location.lng", CellType::kNumber, kReq, kReq, {"经度"}},
    {"willingness.wants_work", CellType::kBool, kReq, kReq, {"有就业意愿", "是否有就业意愿"}},
    {"willingness.categories", CellType::kStringList, kOpt, kOpt, {"意向工种"}},
    {"willingness.max_commute_km",
     CellType::kNumber,
     kReq,
     kReq,
     {"最远通勤公里", "最远通勤距离(公里)"}},
    {"willingness.leave_county", CellType::kBool, kReq, kReq, {"愿意出县"}},
    {"willingness.leave_province", CellType::kBool, kReq, kReq, {"愿意出省"}},
    {"willingness.hours", CellType::kEnumList, kReq, kReq, {"工作时间"}, &kHours},
    {"willingness.min_monthly_wage", CellType::kInt, kOpt, kOpt, {"最低月薪", "期望最低月薪"}},
};

const std::vector<ColumnSpec> kEmployerColumns = {
    {"id", CellType::kString, kReq, kReq, {"单位编号"}},
    {"name", CellType::kString, kReq, kReq, {"单位名称"}},
    {"kind", CellType::kEnum, kReq, kReq, {"单位类型"}, &kEmployerKind},
    {"region", CellType::kString, kReq, kReq, {"所属区县", "行政区划代码", "区县代码"}},
    {"location.lat", CellType::kNumber, kReq, kReq, {"纬度"}},
    {"location.lng", CellType::kNumber, kReq, kReq, {"经度"}},
};

const std::vector<ColumnSpec> kPostingColumns = {
    {"id", CellType::kString, kReq, kReq, {"岗位编号"}},
    {"employer", CellType::kString, kReq, kReq, {"单位编号"}},
    {"title", CellType::kString, kReq, kReq, {"岗位名称"}},
    {"occupation", CellType::kString, kReq, kReq, {"职业编码"}},
    {"required_skills", CellType::kSkills, kOpt, kOpt, {"技能要求"}},
    {"slots", CellType::kInt, kReq, kReq, {"岗位数", "招聘人数"}},
    {"monthly_wage", CellType::kInt, kReq, kReq, {"月薪"}},
    {"hours", CellType::kEnum, kReq, kReq, {"工作时间"}, &kHours},
    {"contract_months", CellType::kInt, kReq, kReq, {"合同期限(月)"}},
    {"location.lat", CellType::kNumber, kOpt, kOpt, {"纬度"}},
    {"location.lng", CellType::kNumber, kOpt, kOpt, {"经度"}},
    {"age_min", CellType::kInt, kOpt, kOpt, {"年龄下限"}},
    {"age_max", CellType::kInt, kOpt, kOpt, {"年龄上限"}},
    {"open", CellType::kBool, kReq, kReq, {"是否开放"}},
};

const std::vector<ColumnSpec> kTrainingColumns = {
    {"id", CellType::kString, kReq, kReq, {"培训编号", "课程编号"}},
    {"provider", CellType::kString, kReq, kReq, {"培训机构"}},
    {"title", CellType::kString, kReq, kReq, {"课程名称"}},
    {"teaches", CellType::kSkills, kReq, kOpt, {"所授技能"}},
    {"seats", CellType::kInt, kReq, kReq, {"名额"}},
    {"region", CellType::kString, kReq, kReq, {"所属区县", "行政区划代码", "区县代码"}},
    {"location.lat", CellType::kNumber, kReq, kReq, {"纬度"}},
    {"location.lng", CellType::kNumber, kReq, kReq, {"经度"}},
    {"start_date", CellType::kDate, kReq, kReq, {"开始日期"}},
    {"end_date", CellType::kDate, kReq, kReq, {"结束日期"}},
};

const std::vector<ColumnSpec>& ColumnsOf(Kind kind) {
  switch (kind) {
    case Kind::kHousehold:
      return kHouseholdColumns;
    case Kind::kWorker:
      return kWorkerColumns;
    case Kind::kEmployer:
      return kEmployerColumns;
    case Kind::kPosting:
      return kPostingColumns;
    case Kind::kTraining:
      return kTrainingColumns;
  }
  return kHouseholdColumns;
}

// Parents that are optional as a whole: written only when one of their
// columns has a value (a half-filled one is then reported by the decoder).
bool IsOptionalParent(Kind kind, std::string_view parent) {
  return (kind == Kind::kHousehold && parent == "helper") ||
         (kind == Kind::kPosting && parent == "location");
}

// ------------------------------------------------------------ helpers ----

std::string ColumnLetters(size_t index) {
  std::string r;
  for (size_t n = index + 1; n > 0; n = (n - 1) / 26)
    r.insert(r.begin(), static_cast<char>('A' + (n - 1) % 26));
  return r;
}

std::string AsciiLower(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return r;
}

std::string ReplaceAll(const std::string& s, std::string_view from, std::string_view to) {
  std::string r;
  r.reserve(s.size());
  size_t i = 0;
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, i)) {
    r.append(s, i, p - i);
    r.append(to);
    i = p + from.size();
  }
  r.append(s, i, std::string::npos);
  return r;
}

// Header cells compare without case, blanks, full-width brackets or the '*'
// templates put on required columns: "合同期限（月）" is "合同期限(月)".
std::string NormalizeHeader(std::string_view h) {
  std::string s = ReplaceAll(ReplaceAll(std::string(h), "（", "("), "）", ")");
  s = ReplaceAll(s, "\xE3\x80\x80", "");
  std::string r;
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') r += c;
  while (!r.empty() && r.front() == '*') r.erase(0, 1);
  while (!r.empty() && r.back() == '*') r.pop_back();
  return AsciiLower(r);
}

std::string Pointer(std::string_view dotted) {
  return "/" + ReplaceAll(std::string(dotted), ".", "/");
}

// Items of a list cell: separated by ; ； 、 , or ，, each trimmed, empty ones dropped.
std::vector<std::string> SplitList(std::string_view cell) {
  std::string s(cell);
  for (std::string_view sep : {"；", "、", "，"}) s = ReplaceAll(s, sep, ";");
  std::vector<std::string> items;
  std::string cur;
  auto flush = [&] {
    const size_t b = cur.find_first_not_of(" \t\r\n");
    const size_t e = cur.find_last_not_of(" \t\r\n");
    if (b != std::string::npos) items.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (char c : s) {
    if (c == ';' || c == ',') {
      flush();
    } else {
      cur += c;
    }
  }
  flush();
  return items;
}

// Whole numbers as bureaus write them: "3000", "-5", "3,000", "3000.00".
std::optional<int64_t> ParseWhole(std::string_view s) {
  std::string t(s);
  if (t.find(',') != std::string::npos) {  // thousands separators: 1,234,567
    const size_t dot = t.find('.');
    const std::string_view intpart = std::string_view(t).substr(0, dot);
    const size_t start = (!intpart.empty() && (intpart[0] == '-' || intpart[0] == '+')) ? 1 : 0;
    const size_t first = intpart.find(',');
    if (first <= start || first - start > 3) return std::nullopt;
    for (size_t i = first; i < intpart.size(); i += 4)
      if (intpart[i] != ',' || i + 4 > intpart.size()) return std::nullopt;
    t.erase(std::remove(t.begin(), t.end(), ','), t.end());
  }
  if (const size_t dot = t.find('.'); dot != std::string::npos) {
    if (dot + 1 == t.size() || t.find_first_not_of('0', dot + 1) != std::string::npos)
      return std::nullopt;
    t.resize(dot);
  }
  if (!t.empty() && t[0] == '+') t.erase(0, 1);
  int64_t v = 0;
  const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size() || t.empty()) return std::nullopt;
  return v;
}

std::optional<double> ParseNumber(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::string FormatNumber(double v) {
  char buf[32];
  const auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, p) : "0";
}

std::optional<bool> ParseBool(std::string_view s) {
  const std::string v = AsciiLower(s);
  if (v == "true" || v == "1" || v == "y" || v == "yes" || v == "是") return true;
  if (v == "false" || v == "0" || v == "n" || v == "no" || v == "否") return false;
  return std::nullopt;
}

std::optional<std::string_view> ParseEnum(std::string_view s, const EnumNames& names) {
  const std::string lower = AsciiLower(s);
  for (const auto& e : names) {
    if (lower == e.wire) return e.wire;
    for (std::string_view n : e.names)
      if (s == n) return e.wire;
  }
  return std::nullopt;
}

std::string EnumChoices(const EnumNames& names) {
  std::string m = "must be one of: ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) m += ", ";
    m += std::string(names[i].wire) + " (" + std::string(names[i].names.front()) + ")";
  }
  return m;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Dates as spreadsheets hold them. A time of day after the date is ignored.
std::optional<Date> ParseCellDate(std::string_view cell) {
  std::string s(cell);
  if (const size_t cut = s.find_first_of(" T"); cut != std::string::npos && cut >= 8) {
    const std::string rest = s.substr(cut + 1);
    if (rest.find_first_not_of("0123456789:.") != std::string::npos) return std::nullopt;
    s.resize(cut);
  }
  s = ReplaceAll(ReplaceAll(s, "年", "-"), "月", "-");
  if (s.size() > 3 && s.substr(s.size() - 3) == "日") s.resize(s.size() - 3);
  if (AllDigits(s)) {
    if (s.size() == 8)
      return ParseDate(s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2));
    // An Excel serial day number (1900 date system), as a date cell reads
    // when its format was lost.
    // Five digits only, so a bare year is not taken for a day of 1905.
    const auto serial = ParseWhole(s);
    if (s.size() != 5 || !serial) return std::nullopt;
    Date d = Date::FromCivil(1899, 12, 30);
    d.days += static_cast<int32_t>(*serial);
    return d;
  }
  const char sep = s.size() > 4 ? s[4] : '\0';
  if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
  const std::string year = s.substr(0, 4);
  const size_t second = s.find(sep, 5);
  if (second == std::string::npos) return std::nullopt;
  std::string month = s.substr(5, second - 5), day = s.substr(second + 1);
  if (!AllDigits(year) || !AllDigits(month) || !AllDigits(day) || month.size() > 2 ||
      day.size() > 2)
    return std::nullopt;
  if (month.size() == 1) month.insert(0, "0");
  if (day.size() == 1) day.insert(0, "0");
  return ParseDate(year + "-" + month + "-" + day);
}

// ------------------------------------------------------ cell to JSON ----

struct CellValue {
  std::optional<std::string> json;   // rendered JSON value; nullopt = leave the field out
  std::optional<std::string> error;  // why the cell cannot be read
};

// A value that decodes for every type, standing in for a cell already
// reported, so Validate still runs over the rest of the row.
std::string Placeholder(const ColumnSpec& col) {
  switch (col.type) {
    case CellType::kString:
    case CellType::kIdNumber:
      return "\"0\"";
    case CellType::kInt:
    case CellType::kNumber:
      return "0";
    case CellType::kBool:
      return "false";
    case CellType::kEnum:
      return JsonQuote(col.values->front().wire);
    case CellType::kEnumList:
      return "[" + JsonQuote(col.values->front().wire) + "]";
    case CellType::kStringList:
    case CellType::kSkills:
      return "[]";
    case CellType::kDate:
      return "\"2000-01-01\"";
  }
  return "null";
}

bool IsList(CellType t) {
  return t == CellType::kEnumList || t == CellType::kStringList || t == CellType::kSkills;
}

CellValue Convert(const ColumnSpec& col, std::string_view cell) {
  CellValue v;
  if (cell.empty()) {
    if (col.value_required) {
      v.error = "is required";
    } else if (IsList(col.type)) {
      v.json = "[]";
    }
    return v;
  }
  switch (col.type) {
    case CellType::kString:
      v.json = JsonQuote(cell);
      break;
    case CellType::kIdNumber: {
      std::string id(cell);
      if (id.size() == 18 && id.back() == 'x') id.back() = 'X';
      v.json = JsonQuote(id);
      break;
    }
    case CellType::kInt:
      if (auto n = ParseWhole(cell)) {
        v.json = std::to_string(*n);
      } else {
        v.error = "must be a whole number, like 3000";
      }
      break;
    case CellType::kNumber:
      if (auto n = ParseNumber(cell)) {
        v.json = FormatNumber(*n);
      } else {
        v.error = "must be a number, like 28.25";
      }
      break;
    case CellType::kBool:
      if (auto b = ParseBool(cell)) {
        v.json = *b ? "true" : "false";
      } else {
        v.error = "must be 是 or 否 (also true/false, 1/0, Y/N)";
      }
      break;
    case CellType::kEnum:
      if (auto e = ParseEnum(cell, *col.values)) {
        v.json = JsonQuote(*e);
      } else {
        v.error = "\"" + std::string(cell) + "\" is not a known value; " + EnumChoices(*col.values);
      }
      break;
    case CellType::kEnumList: {
      std::string out = "[";
      for (const std::string& item : SplitList(cell)) {
        auto e = ParseEnum(item, *col.values);
        if (!e) {
          v.error = "\"" + item + "\" is not a known value; each value " + EnumChoices(*col.values);
          return v;
        }
        out += (out.size() > 1 ? "," : "") + JsonQuote(*e);
      }
      v.json = out + "]";
      if (col.value_required && out == "[") v.error = "is required";
      break;
    }
    case CellType::kStringList: {
      std::string out = "[";
      for (const std::string& item : SplitList(cell))
        out += (out.size() > 1 ? "," : "") + JsonQuote(item);
      v.json = out + "]";
      break;
    }
    case CellType::kSkills: {
      std::string out = "[";
      for (std::string item : SplitList(cell)) {
        item = ReplaceAll(item, "：", ":");
        const size_t colon = item.rfind(':');
        std::optional<int64_t> level;
        std::string code;
        if (colon != std::string::npos) {
          code = item.substr(0, colon);
          while (!code.empty() && code.back() == ' ') code.pop_back();
          std::string lv = item.substr(colon + 1);
          lv.erase(0, lv.find_first_not_of(' '));
          level = ParseWhole(lv);
        }
        if (!level || code.empty()) {
          v.error = "\"" + item + "\" must be code:level, like 6-05-01-01:3";
          return v;
        }
        out += (out.size() > 1 ? "," : "") + std::string("{\"code\":") + JsonQuote(code) +
               ",\"level\":" + std::to_string(*level) + "}";
      }
      v.json = out + "]";
      break;
    }
    case CellType::kDate:
      if (auto d = ParseCellDate(cell)) {
        v.json = JsonQuote(FormatDate(*d));
      } else {
        v.error = "must be a date like 2026-03-01 (also 2026/3/1)";
      }
      break;
  }
  return v;
}

// ------------------------------------------------------------ header ----

struct BoundColumn {
  const ColumnSpec* spec;
  size_t file_index;    // position in the file's header
  std::string pointer;  // "/willingness/hours"
};

struct Header {
  std::vector<BoundColumn> columns;  // in the column table's order
  std::vector<bool> used;            // by file index: a known column is there
};

Result<Header> BindHeader(Kind kind, const std::vector<std::string>& header) {
  const std::vector<ColumnSpec>& specs = ColumnsOf(kind);
  Header h;
  h.used.assign(header.size(), false);
  std::vector<std::optional<size_t>> where(specs.size());  // spec -> file index
  std::vector<std::string> problems;
  std::vector<FieldError> errors;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i].empty()) continue;
    const std::string norm = NormalizeHeader(header[i]);
    std::optional<size_t> match;
    for (size_t s = 0; s < specs.size() && !match; ++s) {
      if (norm == AsciiLower(specs[s].field)) match = s;
      for (std::string_view n : specs[s].names)
        if (norm == NormalizeHeader(n)) match = s;
    }
    const std::string quoted = "\"" + header[i] + "\" (column " + ColumnLetters(i) + ")";
    if (!match) {
      problems.push_back("unknown column " + quoted);
      errors.push_back({"", problems.back()});
    } else if (where[*match]) {
      problems.push_back("column " + quoted + " repeats column \"" + header[*where[*match]] +
                         "\" (column " + ColumnLetters(*where[*match]) + ")");
      errors.push_back({"", problems.back()});
    } else {
      where[*match] = i;
      h.used[i] = true;
    }
  }
  for (size_t s = 0; s < specs.size(); ++s) {
    if (where[s] || !specs[s].header_required) continue;
    problems.push_back("missing column " + std::string(specs[s].field) + " (" +
                       std::string(specs[s].names.front()) + ")");
    errors.push_back({Pointer(specs[s].field), problems.back()});
  }
  if (!problems.empty()) {
    std::string msg = "the header does not fit a " + std::string(PluralName(kind)) + " file: ";
    for (size_t i = 0; i < problems.size(); ++i) msg += (i > 0 ? "; " : "") + problems[i];
    return Status::Invalid(std::move(msg), std::move(errors));
  }
  for (size_t s = 0; s < specs.size(); ++s)
    if (where[s]) h.columns.push_back({&specs[s], *where[s], Pointer(specs[s].field)});
  return h;
}

// ------------------------------------------------------------- rows ----

// Collects a row's problems, each once, keyed by file column (npos = none).
class RowErrors {
 public:
  void Add(size_t file_index, std::string field, std::string reason) {
    for (const auto& e : errors_)
      if (e.field == field && e.reason == reason) return;
    errors_.push_back({file_index, std::move(field), std::move(reason)});
  }
  bool empty() const { return errors_.empty(); }
  void AppendTo(size_t line, std::vector<RowRejection>* out) {
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const Entry& a, const Entry& b) { return a.file_index < b.file_index; });
    for (auto& e : errors_) out->push_back({line, std::move(e.field), std::move(e.reason)});
  }
  static constexpr size_t kNone = static_cast<size_t>(-1);

 private:
  struct Entry {
    size_t file_index;
    std::string field;
    std::string reason;
  };
  std::vector<Entry> errors_;
};

// The row's JSON body, fields in the column table's order, nested by the
// dots of their paths. Lists the record requires are written even when
// their column is absent (as []). values[i] belongs to header.columns[i];
// optional groups named in `dropped` are left out.
std::string BuildJson(Kind kind, const Header& header,
                      std::vector<std::optional<std::string>> values,
                      const std::vector<std::string>& dropped) {
  struct Entry {
    std::string_view parent;  // "" for a top-level field
    std::string_view name;
    std::optional<std::string> value;
  };
  std::vector<Entry> entries;
  for (const ColumnSpec& spec : ColumnsOf(kind)) {
    const size_t dot = spec.field.find('.');
    Entry e{dot == std::string_view::npos ? "" : spec.field.substr(0, dot),
            dot == std::string_view::npos ? spec.field : spec.field.substr(dot + 1), std::nullopt};
    for (size_t i = 0; i < header.columns.size(); ++i)
      if (header.columns[i].spec == &spec) e.value = std::move(values[i]);
    if (!e.value && IsList(spec.type) && !spec.value_required) e.value = "[]";
    entries.push_back(std::move(e));
  }
  std::string json = "{";
  auto member = [&json](std::string_view name, const std::string& value) {
    if (json.size() > 1) json += ',';
    json += JsonQuote(name) + ":" + value;
  };
  std::vector<std::string_view> parents_done;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    if (e.parent.empty()) {
      if (e.value) member(e.name, *e.value);
      continue;
    }
    if (std::find(parents_done.begin(), parents_done.end(), e.parent) != parents_done.end())
      continue;
    parents_done.push_back(e.parent);
    std::string inner;
    for (size_t j = i; j < entries.size(); ++j) {
      if (entries[j].parent != e.parent || !entries[j].value) continue;
      inner += (inner.empty() ? "" : ",") + JsonQuote(entries[j].name) + ":" + *entries[j].value;
    }
    if (IsOptionalParent(kind, e.parent) &&
        (inner.empty() || std::find(dropped.begin(), dropped.end(), e.parent) != dropped.end()))
      continue;
    member(e.parent, "{" + inner + "}");
  }
  return json + "}";
}

// "helper" for "/helper/phone".
std::string_view TopSegment(std::string_view pointer) {
  if (pointer.empty() || pointer[0] != '/') return {};
  pointer.remove_prefix(1);
  return pointer.substr(0, pointer.find('/'));
}

// The column an error pointer is about: the column whose field holds it
// ("/skills/0/level" -> skills), or the only column under it ("/helper" with
// just a helper.name column). nullopt when no single column is.
std::optional<size_t> ColumnOfPointer(const Header& header, std::string_view ptr) {
  for (size_t i = 0; i < header.columns.size(); ++i) {
    const std::string& cp = header.columns[i].pointer;
    if (ptr == cp ||
        (ptr.size() > cp.size() && ptr.substr(0, cp.size()) == cp && ptr[cp.size()] == '/'))
      return i;
  }
  std::optional<size_t> only;
  const std::string prefix = std::string(ptr) + "/";
  for (size_t i = 0; i < header.columns.size(); ++i) {
    if (header.columns[i].pointer.compare(0, prefix.size(), prefix) != 0) continue;
    if (only) return std::nullopt;
    only = i;
  }
  return only;
}

}  // namespace

Result<ImportBatch> ImportTable(Kind kind, const Table& table) {
  auto bound = BindHeader(kind, table.header);
  if (!bound.ok()) return bound.status();
  const Header& header = *bound;
  const std::string& id_column_name = [&]() -> const std::string& {
    for (const auto& c : header.columns)
      if (c.spec->field == "id") return table.header[c.file_index];
    return table.header.front();  // unreachable: id is a required column
  }();
  size_t id_file_index = 0;
  for (const auto& c : header.columns)
    if (c.spec->field == "id") id_file_index = c.file_index;

  ImportBatch batch;
  batch.rows = table.rows.size();
  std::map<std::string, size_t, std::less<>> first_line_of_id;
  static const std::string kEmpty;
  for (const TableRow& row : table.rows) {
    auto cell = [&](size_t i) -> const std::string& {
      return i < row.cells.size() ? row.cells[i] : kEmpty;
    };
    RowErrors errors;
    for (size_t i = 0; i < row.cells.size(); ++i)
      if (!row.cells[i].empty() && (i >= header.used.size() || !header.used[i]))
        errors.Add(i, "column " + ColumnLetters(i), "a value in a column without a header");

    std::vector<std::optional<std::string>> values(header.columns.size());
    std::vector<size_t> cell_reported;  // file columns whose cell could not be read
    for (size_t i = 0; i < header.columns.size(); ++i) {
      const BoundColumn& col = header.columns[i];
      CellValue v = Convert(*col.spec, cell(col.file_index));
      if (v.error) {
        errors.Add(col.file_index, table.header[col.file_index], std::move(*v.error));
        cell_reported.push_back(col.file_index);
        if (col.spec->value_required) values[i] = Placeholder(*col.spec);
      } else {
        values[i] = std::move(v.json);
      }
    }

    auto report = [&](const FieldError& fe) {
      const std::optional<size_t> c = ColumnOfPointer(header, fe.pointer);
      if (!c) {
        errors.Add(RowErrors::kNone, fe.pointer, fe.message);
        return;
      }
      const size_t fi = header.columns[*c].file_index;
      // A column whose cell was already reported holds a placeholder now.
      if (std::find(cell_reported.begin(), cell_reported.end(), fi) == cell_reported.end())
        errors.Add(fi, table.header[fi], fe.message);
    };
    // Decode; when the decoder refuses a field this file did not already
    // report (a half-filled optional group, a value out of a type's range),
    // stand in for it and decode again, so Validate still sees the rest.
    std::vector<std::string> dropped;  // optional groups left out
    std::optional<Record> record;
    for (int attempt = 0; attempt < 3; ++attempt) {
      Result<Record> decoded = DecodeRecord(kind, BuildJson(kind, header, values, dropped));
      if (decoded.ok()) {
        record = std::move(decoded).value();
        break;
      }
      if (decoded.status().errors().empty())
        errors.Add(RowErrors::kNone, "", decoded.status().message());
      bool changed = false;
      for (const FieldError& fe : decoded.status().errors()) {
        report(fe);
        if (const std::optional<size_t> c = ColumnOfPointer(header, fe.pointer)) {
          const BoundColumn& col = header.columns[*c];
          cell_reported.push_back(col.file_index);
          values[*c] =
              col.spec->value_required ? std::optional(Placeholder(*col.spec)) : std::nullopt;
          changed = true;
        } else if (const std::string_view group = TopSegment(fe.pointer);
                   IsOptionalParent(kind, group)) {
          dropped.emplace_back(group);
          changed = true;
        }
      }
      if (!changed) break;
    }
    if (record) {
      for (const FieldError& fe : Validate(*record)) report(fe);
    } else if (errors.empty()) {
      errors.Add(RowErrors::kNone, "", "cannot be decoded");
    }

    const std::string& id = cell(id_file_index);
    if (!id.empty()) {
      auto [it, inserted] = first_line_of_id.try_emplace(id, row.line);
      if (!inserted)
        errors.Add(id_file_index, id_column_name,
                   "duplicate id in this file, first on line " + std::to_string(it->second));
    }

    if (errors.empty()) {
      batch.accepted.push_back(std::move(*record));
      batch.accepted_lines.push_back(row.line);
    } else {
      errors.AppendTo(row.line, &batch.rejected);
    }
  }
  return batch;
}

std::vector<ImportColumn> ImportColumns(Kind kind) {
  std::vector<ImportColumn> out;
  for (const ColumnSpec& spec : ColumnsOf(kind)) {
    ImportColumn c;
    c.field = std::string(spec.field);
    for (std::string_view n : spec.names) c.names.emplace_back(n);
    c.required = spec.header_required;
    switch (spec.type) {
      case CellType::kString:
        c.format = "text";
        break;
      case CellType::kIdNumber:
        c.format = "18-character ID number, as text";
        break;
      case CellType::kInt:
        c.format = "whole number";
        break;
      case CellType::kNumber:
        c.format = "number";
        break;
      case CellType::kBool:
        c.format = "是/否";
        break;
      case CellType::kEnum:
      case CellType::kEnumList: {
        for (const auto& e : *spec.values)
          c.format += (c.format.empty() ? "" : "/") + std::string(e.names.front());
        if (spec.type == CellType::kEnumList) c.format += ", several separated by ;";
        break;
      }
      case CellType::kStringList:
        c.format = "codes separated by ;";
        break;
      case CellType::kSkills:
        c.format = "code:level separated by ;";
        break;
      case CellType::kDate:
        c.format = "date YYYY-MM-DD";
        break;
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace leye
