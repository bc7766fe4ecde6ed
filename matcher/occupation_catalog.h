// The occupations poverty-alleviation employment work deals with, coded in the
// layout of the national occupational classification (中华人民共和国职业分类大典,
// 2015 edition): "major-middle-minor-detail", e.g. "6-05-01-03" 缝纫工, whose
// family (中类) is "6-05" and major group (大类) "6".
//
// This is a working subset (about 60 occupations and the groups above them),
// not the whole classification. It is what the demo, the generator and the
// pages name; any valid code may still appear in imported data
// (IsValidOccupationCode in model.h decides what is well-formed, not this
// table).
//
// Caveat: the codes follow the 2015 edition's structure, and the commonest ones
// (养老护理员 4-10-01-05, 家政服务员 4-10-01-06, 中式烹调师 4-03-02-01, ...) match
// the published national skill standards; several detail codes were taken
// from memory. Check them against the published edition before using them for
// official statistics.
//
// Thread safety: everything here is immutable static data; any thread may call.
#pragma once

#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace leye {

struct Occupation {
  std::string_view code;     // "6-05-01-03"
  std::string_view name_zh;  // "缝纫工"
};

// The detail-level occupations (four groups), sorted by code, codes unique.
std::span<const Occupation> OccupationCatalog();

// The groups above them: major groups ("6" 生产制造及有关人员) and the families
// ("6-05") the catalogue's occupations belong to, sorted by code.
std::span<const Occupation> OccupationGroups();

// The catalogue entry whose code equals `code` exactly, or nullptr.
const Occupation* FindOccupation(std::string_view code);

// The best-known Chinese name for an occupation code or prefix: the exact
// occupation or group when listed, else the nearest listed ancestor's
// ("6-05-01-99" -> the family "6-05"'s name), "" when none is known (an
// unknown major group, an empty or malformed code).
std::string_view OccupationNameZh(std::string_view code_or_prefix);

// Every catalogue occupation and group as code -> Chinese name, the form the
// fit explanations take (OccupationNames in fit_score.h). Built once.
const std::map<std::string, std::string, std::less<>>& OccupationNameMap();

// The family (first two groups) of a code: "6-05-01-03" -> "6-05", "6-05" ->
// "6-05"; a one-group code ("6") is returned as it is. The result views into
// `code`.
std::string_view OccupationFamilyOf(std::string_view code);

}  // namespace leye
